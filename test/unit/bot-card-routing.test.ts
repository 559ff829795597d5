import { createTestTurns, type TestConversation } from '../../bot/src/adapter/test-turns';
import type { TeamsConversationHandler } from '../../bot/src/conversation/teams-handler';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { messageIdFor, StoreMessenger } from '../../core/services/messenger';
import type { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { createReviewActivities } from '../../workflows/src/activities/review-activities';
import { meetingIdFor } from '../../workflows/src/workflows/facilitated-agenda.contract';
import { startRecordingBot, type RecordingBot, type RecordingFollowUps, type RecordingProcesses } from '../support/recording-gateways';

/**
 * Card actions (Action.Execute invokes) routed to the processes: which verb becomes which update, who
 * may answer a card, what a closed process's card turns into, and what a refresh shows each person.
 */

const AAD = { alejandro: '1a1b2c3d-0000-4000-8000-000000000001', stephanie: '1a1b2c3d-0000-4000-8000-000000000002', tom: '1a1b2c3d-0000-4000-8000-000000000005' };
const as = (name: keyof typeof AAD) => ({ id: `29:${name}`, aadObjectId: AAD[name], name });
const personal = (name: keyof typeof AAD): TestConversation => ({ id: `a:personal-${name}`, type: 'personal', tenantId: DEMO_TENANT_ID });
const REVIEW_WORKFLOW = `process/${DEMO_TENANT_ID}/quarterly-review-2026-04-01T13:00:00Z`;
const REVIEW_ID = 'review-q2';

let bot: RecordingBot;
let store: SqliteStore;
let processes: RecordingProcesses;
let followUps: RecordingFollowUps;
let handler: TeamsConversationHandler;

beforeEach(async () => {
  bot = await startRecordingBot();
  ({ store, processes, followUps, handler } = bot);
  for (const name of Object.keys(AAD) as (keyof typeof AAD)[]) {
    const person = (await store.records.get('person', { tenantId: DEMO_TENANT_ID, id: name }))!;
    await store.records.replace('person', { ...person.record, aadObjectId: AAD[name] }, person.etag);
  }
  const northwind = (await store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'northwind' }))!.record;
  const now = new Date().toISOString();
  await store.records.create('standardsReview', {
    tenantId: DEMO_TENANT_ID,
    accountId: 'northwind',
    id: REVIEW_ID,
    cycle: '2026-Q2 Apr 1',
    workflowId: REVIEW_WORKFLOW,
    openedAt: now,
    deadline: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    leaderIds: ['alejandro', 'stephanie', 'peter'],
    answers: [],
    snapshot: { standards: northwind.standards.map(({ id, text }) => ({ id, text })), responsibilities: [], goals: [] },
    createdAt: now,
    updatedAt: now,
  });
  const recorder = new StoreMessenger(store);
  for (const leader of ['alejandro', 'stephanie']) {
    await recorder.send({
      key: `${REVIEW_WORKFLOW}/review_request/${leader}`,
      tenantId: DEMO_TENANT_ID,
      accountId: 'northwind',
      recipient: { kind: 'person', personId: leader },
      purpose: 'review_request',
      process: { kind: 'standards_review', workflowId: REVIEW_WORKFLOW },
      text: 'Your review is open.',
      payload: { reviewId: REVIEW_ID, cycle: '2026-Q2 Apr 1', deadline: '2099-01-01T00:00:00Z', standards: northwind.standards.map(({ id, text }) => ({ id, text })), goals: [] },
    });
  }
  // The review's update handler stores the answer through its activity before the update returns:
  // the real activity does that here, so the card answered with shows what the store now holds.
  const reviewActivities = createReviewActivities({ store });
  processes.answers.submitReview = async (_workflowId, submission) => {
    await reviewActivities.reviewRecordAnswer({ tenantId: DEMO_TENANT_ID, accountId: 'northwind', reviewId: REVIEW_ID, submission });
    return {};
  };
});

afterEach(async () => {
  await bot.close();
});

const turnsOf = (name: keyof typeof AAD) => createTestTurns(handler, { from: as(name), conversation: personal(name) });
const alejandrosCard = { reviewId: REVIEW_ID, workflowId: REVIEW_WORKFLOW, messageId: messageIdFor(`${REVIEW_WORKFLOW}/review_request/alejandro`) };
const ratings = { 'rating.tensions-on-agenda': '4', 'rating.bad-news-early': '5', 'rating.answer-fast': '3', roleClarity: '4', comment: 'Good quarter.' };
const bodyText = (response: { body: { value: unknown } }) => JSON.stringify(response.body.value);

describe('card actions', () => {
  it('turns the addressee’s review answer into the workflow update and answers with the refreshed card', async () => {
    const response = await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, ...ratings }, { activityId: 'invoke-1' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(processes.calls).toEqual([
      {
        method: 'submitReview',
        workflowId: REVIEW_WORKFLOW,
        request: expect.objectContaining({ leaderId: 'alejandro', ratings: { 'tensions-on-agenda': 4, 'bad-news-early': 5, 'answer-fast': 3 }, roleClarity: 4, comment: 'Good quarter.', answerId: expect.stringMatching(/^teams-/) }),
      },
    ]);
    expect(bodyText(response)).toContain('You have answered this standards review.');
    expect(bodyText(response)).toContain('"verb":"card.refresh"'); // Change my answer, and the auto-refresh
  });

  it('gives the same dedupe id to a retried invoke, so the workflow applies it once', async () => {
    await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, ...ratings }, { activityId: 'invoke-7' });
    await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, ...ratings }, { activityId: 'invoke-7' });
    expect(processes.calls[0]!.request.answerId).toBe(processes.calls[1]!.request.answerId);
  });

  it('refuses, politely and without changing anything, an answer from someone the card is not addressed to', async () => {
    const response = await turnsOf('stephanie').invoke('review.submit', { ...alejandrosCard, ...ratings });
    expect(response.body.statusCode).toBe(200);
    expect(bodyText(response)).toContain('This standards review is addressed to Alejandro Ruiz; only they can answer it.');
    expect(bodyText(response)).not.toContain('review.submit');
    expect(processes.calls).toHaveLength(0);
    expect((await store.records.get('standardsReview', { tenantId: DEMO_TENANT_ID, id: REVIEW_ID }))!.record.answers).toHaveLength(0);
  });

  it('refuses the same way a Teams user the firm does not know', async () => {
    const stranger = createTestTurns(handler, { from: { id: '29:someone', aadObjectId: '1a1b2c3d-0000-4000-8000-0000000000ee', name: 'Someone' }, conversation: personal('alejandro') });
    const response = await stranger.invoke('review.submit', { ...alejandrosCard, ...ratings });
    expect(bodyText(response)).toContain('addressed to Alejandro Ruiz');
    expect(processes.calls).toHaveLength(0);
  });

  it('turns the card read-only when the process refuses the answer as closed', async () => {
    processes.refuse('submitReview', 'this review is closed; answers are no longer accepted');
    const response = await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, ...ratings });
    expect(response.body.statusCode).toBe(200);
    expect(bodyText(response)).toContain('This standards review is closed; answers are no longer accepted.');
    expect(bodyText(response)).not.toContain('"Input.ChoiceSet"');
  });

  it('shows a closed review read-only on refresh, with the person’s own answer', async () => {
    await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, ...ratings });
    const review = (await store.records.get('standardsReview', { tenantId: DEMO_TENANT_ID, id: REVIEW_ID }))!;
    await store.records.replace('standardsReview', { ...review.record, closedAt: new Date().toISOString() }, review.etag);
    const response = await turnsOf('alejandro').invoke('card.refresh', { card: 'review.form', ...alejandrosCard });
    expect(bodyText(response)).toContain('closed');
    expect(bodyText(response)).toContain('Your answers');
    expect(bodyText(response)).not.toContain('"verb":"review.submit"');
  });

  it('refreshes a card into each person’s own view', async () => {
    const mine = await turnsOf('alejandro').invoke('card.refresh', { card: 'review.form', ...alejandrosCard });
    expect(bodyText(mine)).toContain('"verb":"review.submit"');
    const theirs = await turnsOf('stephanie').invoke('card.refresh', { card: 'review.form', ...alejandrosCard });
    expect(bodyText(theirs)).toContain('addressed to Alejandro Ruiz');
    await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, ...ratings });
    const answered = await turnsOf('alejandro').invoke('card.refresh', { card: 'review.form', ...alejandrosCard });
    expect(bodyText(answered)).toContain('You have answered');
    const editing = await turnsOf('alejandro').invoke('card.refresh', { card: 'review.form', ...alejandrosCard, edit: true });
    expect(bodyText(editing)).toContain('Update my review');
    expect(bodyText(editing)).toContain('"value":"5"');
  });

  it('refuses a malformed payload with the field named, and changes nothing', async () => {
    const response = await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, ...ratings, roleClarity: '9' });
    expect(response.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(bodyText(response)).toContain('roleClarity must be a whole number from 1 to 5');
    const unknown = await turnsOf('alejandro').invoke('review.delete', {});
    expect(bodyText(unknown)).toMatch(/verb must be one of/);
    expect(processes.calls).toHaveLength(0);
  });

  it('refuses a card whose data names another workflow than its message', async () => {
    const response = await turnsOf('alejandro').invoke('review.submit', { ...alejandrosCard, workflowId: 'process/other-firm/x', ...ratings });
    expect(response.body.statusCode).toBe(400);
    expect(processes.calls).toHaveLength(0);
  });

  it('routes an impact answer to the meeting’s own run, and refuses a workflow id that is not that meeting’s', async () => {
    const workflowId = `process/${DEMO_TENANT_ID}/agenda-2099-01-01T09:00:00Z`;
    const meetingId = meetingIdFor(workflowId);
    const now = new Date().toISOString();
    await store.records.create('meeting', { tenantId: DEMO_TENANT_ID, accountId: 'northwind', id: meetingId, title: 'Northwind leadership team', scheduledAt: '2099-01-04T15:00:00Z', status: 'collecting', agenda: [], createdAt: now, updatedAt: now });
    await store.records.create('agendaItem', { tenantId: DEMO_TENANT_ID, accountId: 'northwind', id: 'item-x', meetingId, title: 'Cyber workshop', kind: 'initiative', raiserId: 'alejandro', raisedAt: now, createdAt: now, updatedAt: now });
    const answer = await turnsOf('stephanie').invoke('agenda.impact', { meetingId, itemId: 'item-x', workflowId, answer: 'Two days of prep for tax.' });
    expect(answer.body.statusCode).toBe(200);
    expect(processes.calls).toEqual([{ method: 'answerImpact', workflowId, request: expect.objectContaining({ itemId: 'item-x', personId: 'stephanie', answer: 'Two days of prep for tax.' }) }]);
    const forged = await turnsOf('stephanie').invoke('agenda.impact', { meetingId, itemId: 'item-x', workflowId: 'process/another-firm/agenda', answer: 'x' });
    expect(forged.body.statusCode).toBe(400);
    expect(processes.calls).toHaveLength(1);
  });

  it('sends a check-in from the delegate’s card to their delegation’s follow-up', async () => {
    const response = await turnsOf('tom').invoke('checkin.submit', { delegationId: 'rd-credit-map', workflowId: `delegation-follow-up/${DEMO_TENANT_ID}/rd-credit-map`, status: 'at_risk', clientUpdates: 'Plant 3 data is late.', questions: '' });
    expect(response.body.statusCode).toBe(200);
    expect(followUps.checkIns).toEqual([expect.objectContaining({ status: 'at_risk', clientUpdates: 'Plant 3 data is late.', personId: 'tom' })]);
    expect(bodyText(response)).toContain('Your check-in is sent to');
  });

  it('takes an Action.Submit (a client without Universal Actions) the same way, answering with a new card', async () => {
    const replies = await turnsOf('alejandro').say('', { value: { verb: 'review.submit', ...alejandrosCard, ...ratings } });
    expect(processes.calls).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.card)).toContain('You have answered this standards review.');
  });
});
