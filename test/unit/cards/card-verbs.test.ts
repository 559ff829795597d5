import { AgendaItemKind } from '../../../core/domain/agenda-item';
import { ValidationError } from '../../../core/errors';
import { AGENDA_KINDS } from '../../../bot/src/cards/verbs';
import { CARD_PAYLOADS, CARD_VERBS, parseCardAction, parseCardSubmit, type CardAction } from '../../../bot/src/cards';

const WORKFLOW = 'process/t1/cfg-review-2025-01-01T09:00:00Z';

/** The ValidationError a bad payload raises, for asserting on its field issues. */
function refusal(invoke: unknown): ValidationError {
  try {
    parseCardAction(invoke);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the payload to be refused');
}

describe('the card verbs', () => {
  test('every verb has a payload schema', () => {
    expect(Object.keys(CARD_PAYLOADS).sort()).toEqual(Object.values(CARD_VERBS).sort());
  });

  test('the agenda kinds on the card are exactly the domain’s kinds', () => {
    expect([...AGENDA_KINDS]).toEqual(AgendaItemKind.options);
  });
});

describe('parsing a review submission', () => {
  const good = { reviewId: 'review-1', workflowId: WORKFLOW, messageId: 'msg-1', 'rating.std-1': '4', 'rating.std-2': 5, roleClarity: '3', 'goal.goal-1': '', 'goal.goal-2': '2', comment: '  More joint visits  ' };

  test('it turns the per-standard and per-goal inputs into ratings and goal confidence', () => {
    expect(parseCardAction({ verb: 'review.submit', data: good })).toEqual({
      verb: 'review.submit',
      data: { reviewId: 'review-1', workflowId: WORKFLOW, messageId: 'msg-1', ratings: { 'std-1': 4, 'std-2': 5 }, roleClarity: 3, goalConfidence: { 'goal-2': 2 }, comment: 'More joint visits' },
    });
  });

  test('a rating outside 1 to 5 is refused, naming the standard’s input', () => {
    const error = refusal({ verb: 'review.submit', data: { ...good, 'rating.std-2': '6' } });
    expect(error.issues).toEqual([{ path: 'rating.std-2', message: 'must be a whole number from 1 to 5' }]);
    expect(error.message).toContain('rating.std-2 must be a whole number from 1 to 5');
  });

  test('an unrated standard is refused as required', () => {
    expect(refusal({ verb: 'review.submit', data: { ...good, 'rating.std-1': '' } }).issues).toEqual([{ path: 'rating.std-1', message: 'is required' }]);
  });

  test('a missing role clarity and a missing review id are both named', () => {
    const { roleClarity: _roleClarity, reviewId: _reviewId, ...rest } = good;
    expect(refusal({ verb: 'review.submit', data: rest }).issues).toEqual(
      expect.arrayContaining([
        { path: 'reviewId', message: 'is required' },
        { path: 'roleClarity', message: 'is required' },
      ]),
    );
  });

  test('a field the card does not have is refused by name', () => {
    expect(refusal({ verb: 'review.submit', data: { ...good, leaderId: 'p-someone-else' } }).issues).toEqual([{ path: 'leaderId', message: 'is not a field of this card' }]);
  });

  test('a submission without any rating is refused', () => {
    expect(refusal({ verb: 'review.submit', data: { reviewId: 'review-1', workflowId: WORKFLOW, roleClarity: '3' } }).issues[0]?.path).toBe('ratings');
  });

  test('a comment over 4,000 characters is refused', () => {
    expect(refusal({ verb: 'review.submit', data: { ...good, comment: 'x'.repeat(4001) } }).issues).toEqual([{ path: 'comment', message: 'must be at most 4000 characters' }]);
  });
});

describe('parsing the agenda verbs', () => {
  const route = { meetingId: 'meeting-1', workflowId: WORKFLOW };

  test('a raised item is accepted with its kind, trimmed title and detail', () => {
    expect(parseCardAction({ verb: 'agenda.raise', data: { ...route, kind: 'tension', title: '  Pricing pressure ', detail: '' } })).toEqual({
      verb: 'agenda.raise',
      data: { ...route, kind: 'tension', title: 'Pricing pressure', detail: '' },
    });
  });

  test('an unknown kind, a blank title and a forged field are each named', () => {
    expect(refusal({ verb: 'agenda.raise', data: { ...route, kind: 'gossip', title: '   ', raiserId: 'p-x' } }).issues).toEqual(
      expect.arrayContaining([
        { path: 'kind', message: 'must be one of initiative, tension, decision, update' },
        { path: 'title', message: 'is required' },
        { path: 'raiserId', message: 'is not a field of this card' },
      ]),
    );
  });

  test('a title over 300 characters is refused', () => {
    expect(refusal({ verb: 'agenda.raise', data: { ...route, kind: 'update', title: 'x'.repeat(301) } }).issues).toEqual([{ path: 'title', message: 'must be at most 300 characters' }]);
  });

  test('an impact answer needs the item and some text', () => {
    expect(parseCardAction({ verb: 'agenda.impact', data: { ...route, itemId: 'item-1', answer: 'Two more seniors' } }).data).toMatchObject({ itemId: 'item-1', answer: 'Two more seniors' });
    expect(refusal({ verb: 'agenda.impact', data: { ...route, answer: '' } }).issues).toEqual(
      expect.arrayContaining([
        { path: 'itemId', message: 'is required' },
        { path: 'answer', message: 'is required' },
      ]),
    );
  });

  test('an outcome’s actions are read one per line, without bullets, and the owner is optional', () => {
    const parsed = parseCardAction({ verb: 'agenda.outcome', data: { ...route, itemId: 'item-1', decision: '', actions: '- Draft the case\n\n2. Call the CFO\r\n', ownerId: '' } });
    expect(parsed.data).toEqual({ ...route, itemId: 'item-1', decision: '', actions: ['Draft the case', 'Call the CFO'] });
  });

  test('an outcome with neither a decision nor an action is refused', () => {
    expect(refusal({ verb: 'agenda.outcome', data: { ...route, itemId: 'item-1', decision: ' ', actions: '\n' } }).message).toContain('decision is required unless at least one action is given');
  });

  test('more than 20 actions, or an owner that is not an id, are refused', () => {
    const error = refusal({ verb: 'agenda.outcome', data: { ...route, itemId: 'item-1', actions: Array.from({ length: 21 }, (_, index) => `Action ${index}`).join('\n'), ownerId: 'not an id!' } });
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['actions', 'ownerId']);
  });
});

describe('parsing the delegation verbs', () => {
  const route = { delegationId: 'del-1', workflowId: 'delegation-follow-up/t1/del-1' };

  test('a check-in is accepted with its status and optional texts', () => {
    expect(parseCardAction({ verb: 'checkin.submit', data: { ...route, periodIndex: 2, status: 'at_risk', clientUpdates: 'CFO moved the deadline' } }).data).toEqual({
      ...route,
      periodIndex: 2,
      status: 'at_risk',
      clientUpdates: 'CFO moved the deadline',
      questions: '',
    });
  });

  test('a check-in with an unknown status or a negative period is refused by field', () => {
    expect(refusal({ verb: 'checkin.submit', data: { ...route, periodIndex: -1, status: 'finished' } }).issues).toEqual(
      expect.arrayContaining([
        { path: 'periodIndex', message: 'must not be negative' },
        { path: 'status', message: 'must be one of active, at_risk, blocked, done' },
      ]),
    );
  });

  test('closing needs done or cancelled', () => {
    expect(parseCardAction({ verb: 'delegation.close', data: { ...route, outcome: 'done' } }).data).toMatchObject({ outcome: 'done' });
    expect(refusal({ verb: 'delegation.close', data: route }).issues).toEqual([{ path: 'outcome', message: 'is required' }]);
  });
});

describe('parsing the feedback, channel and refresh verbs', () => {
  test('feedback needs both answers', () => {
    const route = { requestId: 'fb-1', workflowId: 'peer-feedback/t1/fb-1' };
    expect(parseCardAction({ verb: 'feedback.give', data: { ...route, mostEffective: 'The story', doBetter: 'Time' } }).data).toMatchObject({ mostEffective: 'The story', doBetter: 'Time' });
    expect(refusal({ verb: 'feedback.give', data: { ...route, mostEffective: 'The story', doBetter: '  ' } }).issues).toEqual([{ path: 'doBetter', message: 'is required' }]);
  });

  test('linking a channel needs an account id', () => {
    expect(parseCardAction({ verb: 'channel.link', data: { conversationId: '19:abc@thread.tacv2', accountId: 'acct-northwind' } }).data).toEqual({ conversationId: '19:abc@thread.tacv2', accountId: 'acct-northwind' });
    expect(refusal({ verb: 'channel.link', data: { accountId: 'not an id!' } }).issues[0]?.path).toBe('accountId');
  });

  test('a refresh names a known card', () => {
    expect(parseCardAction({ verb: 'card.refresh', data: { card: 'review.form', reviewId: 'review-1', edit: true } }).data).toEqual({ card: 'review.form', reviewId: 'review-1', edit: true });
    expect(refusal({ verb: 'card.refresh', data: { card: 'nonsense' } }).issues[0]).toMatchObject({ path: 'card', message: expect.stringContaining('must be one of review.form') });
  });
});

describe('the invoke envelope', () => {
  test('an unknown or missing verb is refused as the verb field', () => {
    expect(refusal({ verb: 'review.delete', data: {} }).issues[0]).toMatchObject({ path: 'verb', message: expect.stringContaining('must be one of review.submit') });
    expect(refusal({ data: {} }).issues).toEqual([{ path: 'verb', message: 'is required' }]);
    expect(refusal(null).issues[0]?.path).toBe('verb');
  });

  test('data that is not an object is refused as the data field', () => {
    expect(refusal({ verb: 'agenda.raise', data: 'kind=update' }).issues).toEqual([{ path: 'data', message: 'must be an object' }]);
  });

  test('a refusal carries the stable validation code', () => {
    expect(refusal({ verb: 'nope' }).code).toBe('validation.failed');
  });

  test('the Action.Submit fallback value, with the verb inside, parses the same as the invoke', () => {
    const data = { requestId: 'fb-1', workflowId: 'peer-feedback/t1/fb-1', mostEffective: 'The story', doBetter: 'Time' };
    expect(parseCardSubmit({ verb: 'feedback.give', ...data })).toEqual(parseCardAction({ verb: 'feedback.give', data }));
    expect(() => parseCardSubmit('feedback.give')).toThrow(ValidationError);
  });

  test('the parsed action narrows by verb', () => {
    const action: CardAction = parseCardAction({ verb: 'delegation.close', data: { delegationId: 'del-1', workflowId: 'w', outcome: 'cancelled' } });
    if (action.verb !== 'delegation.close') throw new Error('expected delegation.close');
    const outcome: 'done' | 'cancelled' = action.data.outcome;
    expect(outcome).toBe('cancelled');
  });
});
