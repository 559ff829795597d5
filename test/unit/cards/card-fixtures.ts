import { FEEDBACK_QUESTIONS } from '../../../core/domain/feedback-request';
import { IMPACT_QUESTION } from '../../../core/domain/agenda-item';
import {
  agendaCollectionCard,
  checkInCard,
  checkInDigestCard,
  compiledAgendaCard,
  escalationCard,
  feedbackDeliveryCard,
  feedbackRequestCard,
  feedbackWarningCard,
  impactQuestionCard,
  outcomeRequestCard,
  reviewFormCard,
  reviewSummaryCard,
  textCard,
  welcomeCard,
  type AdaptiveCard,
  type CardView,
} from '../../../bot/src/cards';

export const USER = '29:1f2e3d4c-aaaa-bbbb-cccc-0123456789ab';
export const TAB = 'https://teams.microsoft.com/l/entity/app-id/leadership?context=%7B%7D';

/** Text of exactly `length` characters, with multi-byte characters so bytes outgrow characters. */
export function long(length: number, seed = 'Ärger über Qualität — 漢字の確認 · ✓ '): string {
  return seed.repeat(Math.ceil(length / seed.length) + 1).slice(0, length);
}
const longId = (prefix: string, index: number) => `${prefix}-${index}-${'x'.repeat(60)}`;
const names = (ids: readonly string[]) => Object.fromEntries(ids.map((id, index) => [id, `${long(60, 'Alexandra Montgomery-Featherstonehaugh ')} ${index}`]));

export interface CardCase {
  /** Reads in a test name: "the review form", "the compiled agenda (maximal)". */
  name: string;
  maximal: boolean;
  /** Addressed to one person: carries refresh.userIds. */
  perPerson: boolean;
  /** Has inputs and an Action.Execute when open. */
  form: boolean;
  /** The person's own answer, and a piece of it that must show on the answered card. */
  answer?: unknown;
  answerMarker?: string;
  render: (view: CardView<never>) => AdaptiveCard;
}

const asView = <A>(view: CardView<never>, answer: A | undefined): CardView<A> => ({ ...view, ...(answer !== undefined && view.answer !== undefined ? { answer } : {}) }) as CardView<A>;

// ---- review ---------------------------------------------------------------------------------------

function reviewForm(maximal: boolean): CardCase {
  const standards = maximal
    ? Array.from({ length: 50 }, (_, index) => ({ id: longId('std', index), text: long(500) }))
    : [
        { id: 'std-1', text: 'We answer client emails within a day' },
        { id: 'std-2', text: 'We speak with one voice to the client board' },
      ];
  const goals = maximal ? Array.from({ length: 50 }, (_, index) => ({ id: longId('goal', index), title: long(300) })) : [{ id: 'goal-1', title: 'Grow profit 15% this year' }];
  const answer = {
    ratings: Object.fromEntries(standards.map((standard, index) => [standard.id, (index % 5) + 1])),
    roleClarity: 4,
    goalConfidence: Object.fromEntries(goals.map((goal) => [goal.id, 3])),
    comment: maximal ? long(4000, 'Review comment ') : 'Review comment: more joint client visits',
  };
  return {
    name: `the standards review form${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: true,
    answer,
    answerMarker: 'Review comment',
    render: (view) =>
      reviewFormCard({ reviewId: 'review-1', workflowId: 'process/t1/cfg-review-2025-01-01T09:00:00Z', messageId: 'msg-0123', cycle: '2025-Q1 Jan 6', deadline: '2025-01-13T09:00:00.000Z', standards, goals, reminder: maximal }, asView(view, answer)),
  };
}

function reviewSummary(maximal: boolean): CardCase {
  const standards = maximal ? Array.from({ length: 50 }, (_, index) => ({ id: longId('std', index), text: long(500) })) : [{ id: 'std-1', text: 'We answer client emails within a day' }];
  const missing = maximal ? Array.from({ length: 12 }, (_, index) => longId('leader', index)) : ['p-ana'];
  const flags = maximal
    ? Array.from({ length: 301 }, (_, index) => ({ kind: 'responsibility_without_owner', subjectId: longId('resp', index), message: long(500) }))
    : [{ kind: 'standard_slipping', subjectId: 'std-1', message: '“We answer client emails within a day” slipped from 4.5 to 3.5' }];
  const trend = Array.from({ length: maximal ? 40 : 2 }, (_, index) => ({
    cycle: `202${index}-Q1 Jan 6`,
    closedAt: '2025-01-13T09:00:00.000Z',
    overall: 3 + (index % 3) / 2,
    roleClarity: 4,
    byStandard: Object.fromEntries(standards.map((standard) => [standard.id, 3 + (index % 2)])),
  }));
  return {
    name: `the standards review summary${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: false,
    form: false,
    render: (view) =>
      reviewSummaryCard(
        {
          reviewId: 'review-1',
          cycle: '2025-Q1 Jan 6',
          standards,
          leaderCount: missing.length + 2,
          results: { averageByStandard: Object.fromEntries(standards.map((standard) => [standard.id, 3.25])), roleClarity: 2.5, flags, missing, trend },
        },
        { names: names(missing), ...(view.tabUrl ? { tabUrl: view.tabUrl } : {}) },
      ),
  };
}

// ---- agenda ---------------------------------------------------------------------------------------

function agendaCollection(maximal: boolean): CardCase {
  const answer = { kind: 'initiative' as const, title: maximal ? long(300, 'Raised item ') : 'Raised item: cross-sell tax advisory', detail: maximal ? long(4000) : 'Two subsidiaries asked.' };
  return {
    name: `the agenda collection and raise form${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: true,
    answer,
    answerMarker: 'Raised item',
    render: (view) =>
      agendaCollectionCard(
        {
          meetingId: 'meeting-1',
          workflowId: 'process/t1/cfg-agenda-2025-01-02T09:00:00Z',
          messageId: 'msg-0456',
          title: maximal ? long(200) : 'Northwind leadership meeting',
          meetingAt: '2025-01-09T09:00:00.000Z',
          cutoffAt: '2025-01-08T09:00:00.000Z',
          ...(maximal ? { carriedItems: Array.from({ length: 50 }, () => ({ title: long(300), kind: 'tension' as const })) } : { carriedItemCount: 1 }),
        },
        asView(view, answer),
      ),
  };
}

function impactQuestion(maximal: boolean): CardCase {
  const answer = { answer: maximal ? long(2000, 'Impact answer ') : 'Impact answer: my team needs two more seniors' };
  return {
    name: `the impact question${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: true,
    answer,
    answerMarker: 'Impact answer',
    render: (view) =>
      impactQuestionCard(
        {
          meetingId: 'meeting-1',
          itemId: 'item-1',
          workflowId: 'process/t1/cfg-agenda-2025-01-02T09:00:00Z',
          itemTitle: maximal ? long(300) : 'Open a Singapore desk',
          ...(maximal ? { itemDetail: long(4000), meetingTitle: long(200) } : {}),
          raiserId: 'p-ana',
          question: IMPACT_QUESTION,
          cutoffAt: '2025-01-08T09:00:00.000Z',
          reminder: maximal,
        },
        { ...asView(view, answer), names: { 'p-ana': 'Ana Ruiz' } },
      ),
  };
}

function compiledAgenda(maximal: boolean): CardCase {
  const count = maximal ? 50 : 3;
  const leaders = Array.from({ length: 12 }, (_, index) => longId('leader', index));
  const itemIds = Array.from({ length: count }, (_, index) => longId('item', index));
  const slots = [
    ...itemIds.map((id) => ({ kind: 'item' as const, agendaItemId: id, title: maximal ? long(300) : `Item ${id}`, minutes: 5 })),
    { kind: 'impact' as const, title: IMPACT_QUESTION, minutes: 10 },
  ];
  return {
    name: `the compiled agenda${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: false,
    form: false,
    render: (view) =>
      compiledAgendaCard(
        {
          meetingId: 'meeting-1',
          title: maximal ? long(200) : 'Northwind leadership meeting',
          meetingAt: '2025-01-09T09:00:00.000Z',
          slots,
          impactAnswers: itemIds.map((itemId) => ({
            itemId,
            title: maximal ? long(300) : 'Open a Singapore desk',
            answers: leaders.slice(0, maximal ? 11 : 2).map((leaderId) => ({ leaderId, answer: maximal ? long(2000) : 'Needs two seniors' })),
            notAnsweredLeaderIds: leaders.slice(maximal ? 11 : 2),
          })),
          deferredItemIds: maximal ? itemIds : [],
          kinds: Object.fromEntries(itemIds.map((id) => [id, 'initiative' as const])),
        },
        { names: names(leaders), ...(view.tabUrl ? { tabUrl: view.tabUrl } : {}) },
      ),
  };
}

function outcomeRequest(maximal: boolean): CardCase {
  const people = Array.from({ length: 12 }, (_, index) => ({ id: longId('leader', index), name: long(100, 'Name ') }));
  const answer = {
    decision: maximal ? long(2000, 'Outcome decision ') : 'Outcome decision: go ahead with the desk',
    actions: maximal ? Array.from({ length: 20 }, () => long(500)) : ['Draft the business case'],
    ownerId: people[0]!.id,
  };
  return {
    name: `the outcome request${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: true,
    answer,
    answerMarker: 'Outcome decision',
    render: (view) =>
      outcomeRequestCard(
        {
          meetingId: 'meeting-1',
          itemId: 'item-1',
          workflowId: 'process/t1/cfg-agenda-2025-01-02T09:00:00Z',
          itemTitle: maximal ? long(300) : 'Open a Singapore desk',
          meetingTitle: 'Northwind leadership meeting',
          outcomesDueAt: '2025-01-12T09:00:00.000Z',
          people,
        },
        asView(view, answer),
      ),
  };
}

// ---- delegation -----------------------------------------------------------------------------------

function checkIn(maximal: boolean, reminder: boolean): CardCase {
  const answer = { status: 'at_risk' as const, clientUpdates: maximal ? long(2000, 'Client update ') : 'Client update: the CFO moved the deadline', questions: maximal ? long(2000) : 'Can we drop section 4?' };
  return {
    name: `the ${reminder ? 'check-in reminder' : 'weekly check-in prompt'}${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: true,
    answer,
    answerMarker: 'Client update',
    render: (view) =>
      checkInCard(
        {
          delegationId: 'del-1',
          workflowId: 'delegation-follow-up/t1/del-1',
          periodIndex: 3,
          dueAt: '2025-01-10T09:00:00.000Z',
          objective: maximal ? long(1000) : 'Draft the board memo',
          dueDate: '2025-02-01',
          delegatorId: 'p-ana',
          reminder,
        },
        asView(view, answer),
      ),
  };
}

function digest(maximal: boolean): CardCase {
  return {
    name: `the delegator’s check-in digest${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: false,
    render: (view) =>
      checkInDigestCard(
        {
          delegationId: 'del-1',
          workflowId: 'delegation-follow-up/t1/del-1',
          objective: maximal ? long(1000) : 'Draft the board memo',
          delegateId: 'p-ben',
          checkIn: { at: '2025-01-10T09:00:00.000Z', status: 'blocked', clientUpdates: maximal ? long(2000) : 'CFO moved the deadline', questions: maximal ? long(2000) : '' },
        },
        view,
      ),
  };
}

function escalation(maximal: boolean): CardCase {
  return {
    name: `the missed check-in escalation${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: false,
    render: (view) =>
      escalationCard(
        {
          delegationId: 'del-1',
          workflowId: 'delegation-follow-up/t1/del-1',
          periodIndex: 2,
          ...(maximal ? { text: long(28_000) } : { objective: 'Draft the board memo', reason: 'No check-in 72 hours after it fell due', delegateId: 'p-ben' }),
        },
        view,
      ),
  };
}

// ---- feedback -------------------------------------------------------------------------------------

function feedbackWarning(maximal: boolean): CardCase {
  return {
    name: `the feedback warning${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: false,
    render: (view) =>
      feedbackWarningCard(
        { requestId: 'fb-1', workflowId: 'peer-feedback/t1/fb-1', requesterId: 'p-ana', event: maximal ? long(300) : 'Northwind pitch to the Audit Committee', eventAt: '2025-01-09T14:00:00.000Z', questions: FEEDBACK_QUESTIONS },
        view,
      ),
  };
}

function feedbackRequest(maximal: boolean, reminder: boolean): CardCase {
  const answer = { mostEffective: maximal ? long(2000, 'Feedback answer ') : 'Feedback answer: the opening story', doBetter: maximal ? long(2000) : 'Leave more time for questions' };
  return {
    name: `the feedback ${reminder ? 'reminder' : 'request'}${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: true,
    answer,
    answerMarker: 'Feedback answer',
    render: (view) =>
      feedbackRequestCard(
        {
          requestId: 'fb-1',
          workflowId: 'peer-feedback/t1/fb-1',
          requesterId: 'p-ana',
          event: maximal ? long(300) : 'Northwind pitch',
          eventAt: '2025-01-09T14:00:00.000Z',
          questions: FEEDBACK_QUESTIONS,
          deadline: '2025-01-16T15:00:00.000Z',
          reminder,
        },
        asView(view, answer),
      ),
  };
}

function feedbackDelivery(maximal: boolean): CardCase {
  const peers = Array.from({ length: 12 }, (_, index) => longId('peer', index));
  return {
    name: `the feedback delivery${maximal ? ' (maximal)' : ''}`,
    maximal,
    perPerson: true,
    form: false,
    render: (view) =>
      feedbackDeliveryCard(
        {
          requestId: 'fb-1',
          workflowId: 'peer-feedback/t1/fb-1',
          event: maximal ? long(300) : 'Northwind pitch',
          eventAt: '2025-01-09T14:00:00.000Z',
          questions: FEEDBACK_QUESTIONS,
          answers: peers.slice(0, maximal ? 12 : 1).map((peerId) => ({ peerId, mostEffective: maximal ? long(2000) : 'Private praise', doBetter: maximal ? long(2000) : 'Private critique' })),
          notAnsweredPeerIds: maximal ? [] : peers.slice(1, 2),
        },
        { ...view, names: names(peers) },
      ),
  };
}

// ---- help and welcome -----------------------------------------------------------------------------

function welcome(maximal: boolean, conversationType: 'personal' | 'channel'): CardCase {
  return {
    name: `the welcome card in a ${conversationType === 'personal' ? 'personal chat' : 'channel'}${maximal ? ' with 1,000 accounts' : ''}`,
    maximal,
    perPerson: false,
    form: conversationType === 'channel',
    render: (view) =>
      welcomeCard(
        {
          conversationType,
          conversationId: '19:channel-id@thread.tacv2',
          accounts: Array.from({ length: maximal ? 1000 : 3 }, (_, index) => ({ id: longId('acct', index), name: maximal ? long(120) : `Account ${index}` })),
        },
        view,
      ),
  };
}

const textCase: CardCase = { name: 'the plain text card (maximal)', maximal: true, perPerson: false, form: false, render: (view) => textCard(long(28_000), view.tabUrl) };

export const CARD_CASES: CardCase[] = [false, true].flatMap((maximal) => [
  reviewForm(maximal),
  reviewSummary(maximal),
  agendaCollection(maximal),
  impactQuestion(maximal),
  compiledAgenda(maximal),
  outcomeRequest(maximal),
  checkIn(maximal, false),
  checkIn(maximal, true),
  digest(maximal),
  escalation(maximal),
  feedbackWarning(maximal),
  feedbackRequest(maximal, false),
  feedbackRequest(maximal, true),
  feedbackDelivery(maximal),
  welcome(maximal, 'channel'),
  ...(maximal ? [textCase] : [welcome(false, 'personal')]),
]);

/** Every state a card is rendered in, for the addressed user. */
export const VIEWS: { label: string; view: CardView<never> }[] = [
  { label: 'open', view: { state: 'open', userId: USER, tabUrl: TAB } },
  { label: 'open for an edit', view: { state: 'open', userId: USER, tabUrl: TAB, answer: true as never } },
  { label: 'answered', view: { state: 'answered', userId: USER, tabUrl: TAB, canEdit: true, answer: true as never } },
  { label: 'closed', view: { state: 'closed', reason: 'closed', userId: USER, answer: true as never } },
  { label: 'closed after answering', view: { state: 'closed', reason: 'answered', userId: USER, answer: true as never } },
  { label: 'shown to someone it is not addressed to', view: { state: 'closed', reason: 'not_addressed', userId: USER, answer: true as never } },
];
