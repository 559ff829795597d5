import { FEEDBACK_QUESTIONS } from '../../../core/domain/feedback-request';
import { IMPACT_QUESTION } from '../../../core/domain/agenda-item';
import { MessagePurpose, type OutboundMessage } from '../../../core/domain/outbound-message';
import { ValidationError } from '../../../core/errors';
import { messageIdFor } from '../../../core/services/messenger';
import { CARD_MAX_BYTES, cardForMessage, cardSize, parseCardAction, parseMessagePayload, type AdaptiveCard } from '../../../bot/src/cards';
import { long, USER } from './card-fixtures';
import { schemaErrors } from './card-schema';

const AT = '2025-01-06T09:00:00.000Z';

/** A recorded message as the workflows send it (payload shapes copied from workflows/src/workflows). */
function message(purpose: MessagePurpose, payload: Record<string, unknown>, channel = false): OutboundMessage {
  const key = `wf-1/${purpose}/p-ana`;
  return {
    tenantId: 't1',
    accountId: 'acct-1',
    id: messageIdFor(key),
    key,
    recipient: channel ? { kind: 'leadership_channel' } : { kind: 'person', personId: 'p-ana' },
    purpose,
    process: { kind: 'standards_review', workflowId: 'wf-1' },
    text: `The ${purpose} message text`,
    payload,
    status: 'recorded',
    createdAt: AT,
    updatedAt: AT,
  };
}

const review = { reviewId: 'review-1', cycle: '2025-Q1 Jan 6', deadline: '2025-01-13T09:00:00.000Z', standards: [{ id: 'std-1', text: 'We answer within a day' }], goals: [{ id: 'goal-1', title: 'Grow profit 15%' }] };
const impact = { meetingId: 'meeting-1', itemId: 'item-1', title: 'Open a Singapore desk', raiserId: 'p-ben', question: IMPACT_QUESTION, cutoffAt: AT };
const checkInPrompt = { delegationId: 'del-1', periodIndex: 0, dueAt: AT };
const feedbackAsk = { requestId: 'fb-1', requesterId: 'p-ben', event: 'Northwind pitch', eventAt: AT, questions: { ...FEEDBACK_QUESTIONS }, deadline: '2025-01-13T09:00:00.000Z' };

/** One message per purpose, and the card kind (or heading) it must become. */
const MESSAGES: Record<MessagePurpose, { message: OutboundMessage; kind?: string; heading?: RegExp }> = {
  review_request: { message: message('review_request', review), kind: 'review.form' },
  review_reminder: { message: message('review_reminder', review), kind: 'review.form' },
  review_summary: {
    message: message(
      'review_summary',
      { reviewId: 'review-1', cycle: '2025-Q1 Jan 6', results: { averageByStandard: { 'std-1': 3.5 }, roleClarity: 4, flags: [{ kind: 'goal_stalled', subjectId: 'goal-1', message: '“Grow profit 15%” looks stalled' }], missing: ['p-cy'], trend: [] } },
      true,
    ),
    heading: /Standards review results/,
  },
  agenda_collection_open: {
    message: message('agenda_collection_open', { meetingId: 'meeting-1', title: 'Northwind leadership', opensAt: AT, cutoffAt: AT, meetingAt: AT, meetingEndsAt: AT, outcomesDueAt: AT, carriedItemIds: ['item-0'] }),
    kind: 'agenda.collection',
  },
  impact_question: { message: message('impact_question', impact), kind: 'agenda.impact' },
  impact_reminder: { message: message('impact_reminder', { ...impact, raiserId: undefined }), kind: 'agenda.impact' },
  agenda_compiled: {
    message: message(
      'agenda_compiled',
      {
        meetingId: 'meeting-1',
        title: 'Northwind leadership',
        meetingAt: AT,
        slots: [
          { kind: 'item', agendaItemId: 'item-1', title: 'Open a Singapore desk', minutes: 20 },
          { kind: 'impact', title: IMPACT_QUESTION, minutes: 10 },
        ],
        impactAnswers: [{ itemId: 'item-1', title: 'Open a Singapore desk', answers: [{ leaderId: 'p-ana', answer: 'Two more seniors' }], notAnsweredLeaderIds: ['p-cy'] }],
        deferredItemIds: [],
      },
      true,
    ),
    heading: /Agenda/,
  },
  outcome_request: { message: message('outcome_request', { meetingId: 'meeting-1', itemId: 'item-1', title: 'Open a Singapore desk', outcomesDueAt: AT }), kind: 'agenda.outcome' },
  check_in_prompt: { message: message('check_in_prompt', checkInPrompt), kind: 'checkin.form' },
  check_in_reminder: { message: message('check_in_reminder', checkInPrompt), kind: 'checkin.form' },
  check_in_digest: {
    message: message('check_in_digest', { delegationId: 'del-1', checkIn: { checkInId: 'ci-1', personId: 'p-ben', clientUpdates: 'CFO moved the deadline', status: 'at_risk', at: AT } }),
    kind: 'checkin.digest',
  },
  check_in_escalation: { message: message('check_in_escalation', { delegationId: 'del-1', periodIndex: 3 }), kind: 'checkin.escalation' },
  feedback_warning: { message: message('feedback_warning', { requestId: 'fb-1', requesterId: 'p-ben', event: 'Northwind pitch', eventAt: AT, questions: { ...FEEDBACK_QUESTIONS } }), kind: 'feedback.warning' },
  feedback_request: { message: message('feedback_request', feedbackAsk), kind: 'feedback.form' },
  feedback_reminder: { message: message('feedback_reminder', feedbackAsk), kind: 'feedback.form' },
  feedback_delivery: {
    message: message('feedback_delivery', {
      requestId: 'fb-1',
      event: 'Northwind pitch',
      eventAt: AT,
      questions: { ...FEEDBACK_QUESTIONS },
      answers: [{ peerId: 'p-ana', mostEffective: 'The story', doBetter: 'Time', answeredAt: AT }],
      notAnsweredPeerIds: ['p-cy'],
    }),
    kind: 'feedback.delivery',
  },
};

const headingOf = (card: AdaptiveCard) => JSON.stringify(card.body.slice(0, 2));

describe('rendering a recorded message', () => {
  test.each(MessagePurpose.options)('a %s message renders as its card, valid and under 40 KB', (purpose) => {
    const { message: recorded, kind, heading } = MESSAGES[purpose];
    const card = cardForMessage(recorded, { state: 'open', userId: USER });
    expect(schemaErrors(card)).toEqual([]);
    expect(cardSize(card)).toBeLessThan(CARD_MAX_BYTES);
    if (kind) {
      expect(card.refresh).toMatchObject({ userIds: [USER], action: { verb: 'card.refresh', data: { card: kind, messageId: recorded.id } } });
    } else {
      expect(card.refresh).toBeUndefined();
      expect(headingOf(card)).toMatch(heading!);
    }
  });

  test.each(MessagePurpose.options)('a %s message renders read-only when closed', (purpose) => {
    const card = cardForMessage(MESSAGES[purpose].message, { state: 'closed', reason: 'closed', userId: USER });
    expect(schemaErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toMatch(/"Input\.|"actions"/);
  });

  test('the reminders render their form with a reminder on top', () => {
    expect(JSON.stringify(cardForMessage(MESSAGES.review_reminder.message, { state: 'open' }))).toContain('Reminder');
    expect(JSON.stringify(cardForMessage(MESSAGES.review_request.message, { state: 'open' }))).not.toContain('Reminder');
    expect(JSON.stringify(cardForMessage(MESSAGES.check_in_reminder.message, { state: 'open' }))).toContain('overdue');
  });

  test('the card’s actions carry the workflow and the recorded message, so the bot can route and check the answerer', () => {
    const recorded = MESSAGES.review_request.message;
    const card = cardForMessage(recorded, { state: 'open', userId: USER });
    const submit = card.actions?.[0];
    expect(submit).toMatchObject({ type: 'Action.Execute', verb: 'review.submit', data: { reviewId: 'review-1', workflowId: 'wf-1', messageId: recorded.id } });
    expect(parseCardAction({ verb: 'review.submit', data: { ...(submit as { data: object }).data, 'rating.std-1': '4', roleClarity: '5' } }).verb).toBe('review.submit');
  });

  test('a channel post has no per-person refresh even when a user id is given', () => {
    expect(cardForMessage(MESSAGES.agenda_compiled.message, { state: 'open', userId: USER }).refresh).toBeUndefined();
  });

  test('the person’s stored answer is shown on the answered card', () => {
    const stored = { leaderId: 'p-ana', ratings: { 'std-1': 4 }, roleClarity: 5, goalConfidence: {}, comment: 'Keep the Friday calls', answeredAt: AT };
    const card = cardForMessage(MESSAGES.review_request.message, { state: 'answered', userId: USER, answer: stored });
    expect(JSON.stringify(card)).toContain('Keep the Friday calls');
  });

  test('an answer of the wrong shape is refused with the field named', () => {
    expect(() => cardForMessage(MESSAGES.feedback_request.message, { state: 'answered', answer: { mostEffective: 'x' } })).toThrow(/doBetter/);
  });

  test('names are shown instead of person ids where the view has them', () => {
    const card = cardForMessage(MESSAGES.review_summary.message, { state: 'open', names: { 'p-cy': 'Cyrus Patel' } });
    expect(JSON.stringify(card)).toContain('Did not answer: Cyrus Patel');
  });

  test('the outcome request offers the meeting’s leaders as owners', () => {
    const card = cardForMessage(MESSAGES.outcome_request.message, { state: 'open', people: [{ id: 'p-ana', name: 'Ana Ruiz' }] });
    expect(JSON.stringify(card)).toContain('"value":"p-ana"');
  });

  test('a payload this version cannot read is shown as the message text rather than not at all', () => {
    const broken = { ...MESSAGES.review_request.message, payload: { reviewId: 'review-1' } };
    const card = cardForMessage(broken, { state: 'open', userId: USER });
    expect(schemaErrors(card)).toEqual([]);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: broken.text });
    expect(card.actions).toBeUndefined();
  });

  test('a very long message text is shortened to fit', () => {
    const broken = { ...MESSAGES.check_in_escalation.message, payload: {}, text: long(28_000) };
    expect(cardSize(cardForMessage(broken, { state: 'open' }))).toBeLessThan(CARD_MAX_BYTES);
  });

  test('parseMessagePayload names the missing field', () => {
    expect(() => parseMessagePayload('impact_question', { ...impact, cutoffAt: undefined })).toThrow(ValidationError);
    expect(() => parseMessagePayload('impact_question', { ...impact, cutoffAt: undefined })).toThrow(/cutoffAt/);
  });
});
