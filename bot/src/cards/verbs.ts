import { z } from 'zod';
import { AgendaItemKind } from '../../../core/domain/agenda-item';
import { DelegationStatus } from '../../../core/domain/delegation';
import { ValidationError, type FieldIssue } from '../../../core/errors';

/**
 * The verbs of the bot's Action.Execute buttons and what each one sends back. A card's action `data`
 * carries what the bot needs to route the answer (the workflow, the record, the recorded message); Teams
 * merges the card's inputs into it. Every payload is parsed strictly here, at the boundary: a bad or
 * forged payload is refused with an error naming the field, and nothing reaches a workflow.
 */
export const CARD_VERBS = {
  reviewSubmit: 'review.submit',
  agendaRaise: 'agenda.raise',
  agendaImpact: 'agenda.impact',
  agendaOutcome: 'agenda.outcome',
  checkInSubmit: 'checkin.submit',
  delegationClose: 'delegation.close',
  feedbackGive: 'feedback.give',
  channelLink: 'channel.link',
  cardRefresh: 'card.refresh',
} as const;
export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

/** Which card a refresh asks for; the bot re-renders it for the person who sees it. */
export const CARD_KINDS = [
  'review.form',
  'review.summary',
  'agenda.collection',
  'agenda.impact',
  'agenda.compiled',
  'agenda.outcome',
  'checkin.form',
  'checkin.digest',
  'checkin.escalation',
  'feedback.warning',
  'feedback.form',
  'feedback.delivery',
] as const;
export type CardKind = (typeof CARD_KINDS)[number];

/** Input ids on the cards, shared by the builders and the payload schemas so they cannot drift. */
export const INPUT = {
  ratingPrefix: 'rating.',
  goalPrefix: 'goal.',
  roleClarity: 'roleClarity',
  comment: 'comment',
  kind: 'kind',
  title: 'title',
  detail: 'detail',
  answer: 'answer',
  decision: 'decision',
  actions: 'actions',
  ownerId: 'ownerId',
  clientUpdates: 'clientUpdates',
  questions: 'questions',
  status: 'status',
  outcome: 'outcome',
  mostEffective: 'mostEffective',
  doBetter: 'doBetter',
  accountId: 'accountId',
} as const;

/** The same bounds the workflows enforce, so a card never sends what a workflow would refuse for length. */
export const CARD_TEXT_LIMITS = {
  comment: 4000,
  title: 300,
  detail: 4000,
  impactAnswer: 2000,
  decision: 2000,
  action: 500,
  actions: 20,
  checkInText: 2000,
  feedbackAnswer: 2000,
} as const;

export const AGENDA_KINDS = AgendaItemKind.options;
/** What a check-in may set a delegation to: any status but cancelled (only closing cancels). */
export const CHECK_IN_STATUSES = DelegationStatus.exclude(['cancelled']).options;
export const CLOSE_OUTCOMES = ['done', 'cancelled'] as const;

// ---- field schemas (inputs arrive as strings) ---------------------------------------------------

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);

/** The store's id rule (core/domain/common `Id`), with messages that read after the field name. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const idField = z
  .string({ error: required('an id') })
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(ID_PATTERN, 'must be an id: letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
const workflowIdField = z.string({ error: required('a workflow id') }).min(1, 'is required').max(300, 'must be at most 300 characters');

const requiredText = (max: number) =>
  z.string({ error: required('text') }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
/** Teams sends an empty input as "" (or leaves it out): both mean "nothing said". */
const optionalText = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((value) => value ?? '');

const RATING_VALUES = ['1', '2', '3', '4', '5'] as const;
const RATING_MESSAGE = 'must be a whole number from 1 to 5';
/** A 1–5 choice; Teams sends "3", a test or a future client may send 3. */
const rating = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.enum(RATING_VALUES, { error: (issue) => (issue.input === undefined ? 'is required' : RATING_MESSAGE) })).transform(Number);

const choice = <const T extends readonly string[]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${values.join(', ')}`) });

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

// ---- routes: what each card's action data carries ------------------------------------------------

/** The recorded outbound message the card was rendered from: the bot checks the answerer against its recipient. */
const messageIdField = idField.optional();

export const CARD_ROUTES = {
  'review.submit': z.object({ reviewId: idField, workflowId: workflowIdField, messageId: messageIdField }),
  'agenda.raise': z.object({ meetingId: idField, workflowId: workflowIdField, messageId: messageIdField }),
  'agenda.impact': z.object({ meetingId: idField, itemId: idField, workflowId: workflowIdField, messageId: messageIdField }),
  'agenda.outcome': z.object({ meetingId: idField, itemId: idField, workflowId: workflowIdField, messageId: messageIdField }),
  'checkin.submit': z.object({
    delegationId: idField,
    workflowId: workflowIdField,
    periodIndex: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').optional(),
    messageId: messageIdField,
  }),
  'delegation.close': z.object({ delegationId: idField, workflowId: workflowIdField, messageId: messageIdField }),
  'feedback.give': z.object({ requestId: idField, workflowId: workflowIdField, messageId: messageIdField }),
  'channel.link': z.object({ conversationId: z.string({ error: 'must be text' }).min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional() }),
  'card.refresh': z.object({
    card: choice(CARD_KINDS),
    messageId: messageIdField,
    workflowId: workflowIdField.optional(),
    reviewId: idField.optional(),
    meetingId: idField.optional(),
    itemId: idField.optional(),
    delegationId: idField.optional(),
    requestId: idField.optional(),
    periodIndex: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').optional(),
    /** Asks for the form again, prefilled with the person's answer, to change it. */
    edit: z.boolean({ error: 'must be true or false' }).optional(),
  }),
} as const;

/** The data a builder puts on an action of this verb (before Teams merges the inputs in). */
export type CardRoute<V extends CardVerb> = z.input<(typeof CARD_ROUTES)[V]>;

// ---- payloads: route + inputs, strictly ---------------------------------------------------------

const ratingKey = (prefix: string, key: string) => key.startsWith(prefix) && key.length - prefix.length <= 128 && ID_PATTERN.test(key.slice(prefix.length));

const reviewSubmit = CARD_ROUTES['review.submit']
  .extend({ [INPUT.roleClarity]: rating, [INPUT.comment]: optionalText(CARD_TEXT_LIMITS.comment) })
  .catchall(z.unknown())
  .superRefine((payload, ctx) => {
    let rated = 0;
    for (const [key, value] of Object.entries(payload)) {
      if (key in CARD_ROUTES['review.submit'].shape || key === INPUT.roleClarity || key === INPUT.comment) continue;
      if (ratingKey(INPUT.ratingPrefix, key)) {
        rated++;
        if (!rating.safeParse(value).success) ctx.addIssue({ code: 'custom', path: [key], message: value === '' ? 'is required' : RATING_MESSAGE });
      } else if (ratingKey(INPUT.goalPrefix, key)) {
        if (value !== '' && value !== undefined && !rating.safeParse(value).success) ctx.addIssue({ code: 'custom', path: [key], message: RATING_MESSAGE });
      } else {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is not a field of this card' });
      }
    }
    if (rated === 0) ctx.addIssue({ code: 'custom', path: ['ratings'], message: `rate at least one standard (inputs named ${INPUT.ratingPrefix}<standard id>)` });
  })
  .transform((payload) => {
    const ratings: Record<string, number> = {};
    const goalConfidence: Record<string, number> = {};
    for (const [key, value] of Object.entries(payload)) {
      if (ratingKey(INPUT.ratingPrefix, key)) ratings[key.slice(INPUT.ratingPrefix.length)] = rating.parse(value);
      else if (ratingKey(INPUT.goalPrefix, key) && value !== '' && value !== undefined) goalConfidence[key.slice(INPUT.goalPrefix.length)] = rating.parse(value);
    }
    return {
      reviewId: payload.reviewId,
      workflowId: payload.workflowId,
      ...(payload.messageId ? { messageId: payload.messageId } : {}),
      ratings,
      roleClarity: payload.roleClarity,
      goalConfidence,
      comment: payload.comment,
    };
  });

/** "One action per line" in the card; an array is accepted too. */
const actionLines = z
  .union([z.string({ error: 'must be text, one action per line' }), z.array(z.string({ error: 'must be text' }), { error: 'must be text, one action per line' })])
  .optional()
  .transform((value) => (Array.isArray(value) ? value : (value ?? '').split(/\r?\n/)).map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim()).filter((line) => line.length > 0))
  .pipe(
    z
      .array(z.string().max(CARD_TEXT_LIMITS.action, `each action must be at most ${CARD_TEXT_LIMITS.action} characters`))
      .max(CARD_TEXT_LIMITS.actions, `must be at most ${CARD_TEXT_LIMITS.actions} actions (one per line)`),
  );

export const CARD_PAYLOADS = {
  'review.submit': reviewSubmit,
  'agenda.raise': CARD_ROUTES['agenda.raise']
    .extend({ [INPUT.kind]: choice(AGENDA_KINDS), [INPUT.title]: requiredText(CARD_TEXT_LIMITS.title), [INPUT.detail]: optionalText(CARD_TEXT_LIMITS.detail) })
    .strict(),
  'agenda.impact': CARD_ROUTES['agenda.impact'].extend({ [INPUT.answer]: requiredText(CARD_TEXT_LIMITS.impactAnswer) }).strict(),
  'agenda.outcome': CARD_ROUTES['agenda.outcome']
    .extend({
      [INPUT.decision]: optionalText(CARD_TEXT_LIMITS.decision),
      [INPUT.actions]: actionLines,
      [INPUT.ownerId]: z.preprocess(emptyToUndefined, idField.optional()),
    })
    .strict()
    .superRefine((payload, ctx) => {
      if (payload.decision === '' && payload.actions.length === 0) ctx.addIssue({ code: 'custom', path: [INPUT.decision], message: 'is required unless at least one action is given' });
    }),
  'checkin.submit': CARD_ROUTES['checkin.submit']
    .extend({
      [INPUT.status]: choice(CHECK_IN_STATUSES),
      [INPUT.clientUpdates]: optionalText(CARD_TEXT_LIMITS.checkInText),
      [INPUT.questions]: optionalText(CARD_TEXT_LIMITS.checkInText),
    })
    .strict(),
  'delegation.close': CARD_ROUTES['delegation.close'].extend({ [INPUT.outcome]: choice(CLOSE_OUTCOMES) }).strict(),
  'feedback.give': CARD_ROUTES['feedback.give']
    .extend({ [INPUT.mostEffective]: requiredText(CARD_TEXT_LIMITS.feedbackAnswer), [INPUT.doBetter]: requiredText(CARD_TEXT_LIMITS.feedbackAnswer) })
    .strict(),
  'channel.link': CARD_ROUTES['channel.link'].extend({ [INPUT.accountId]: idField }).strict(),
  'card.refresh': CARD_ROUTES['card.refresh'].strict(),
} as const;

export type CardPayload<V extends CardVerb> = z.output<(typeof CARD_PAYLOADS)[V]>;

/** A validated card action: switch on `verb` and `data` is typed. */
export type CardAction = { [V in CardVerb]: { verb: V; data: CardPayload<V> } }[CardVerb];

const VERB_LIST = Object.values(CARD_VERBS) as CardVerb[];
const isVerb = (value: unknown): value is CardVerb => typeof value === 'string' && (VERB_LIST as string[]).includes(value);

function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'is not a field of this card' }));
    return [{ path, message: issue.message }];
  });
}

/**
 * Parses an `adaptiveCard/action` invoke's `action` ({ verb, data }) into a typed, validated action, or
 * throws a ValidationError naming each offending field (`verb`, `title`, `rating.std-1`, …).
 */
export function parseCardAction(invoke: unknown): CardAction {
  if (typeof invoke !== 'object' || invoke === null) throw new ValidationError('invalid card action', [{ path: 'verb', message: 'is required' }]);
  const { verb, data } = invoke as { verb?: unknown; data?: unknown };
  if (!isVerb(verb)) {
    throw new ValidationError('invalid card action', [{ path: 'verb', message: verb === undefined ? 'is required' : `must be one of ${VERB_LIST.join(', ')}` }]);
  }
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    throw new ValidationError(`invalid ${verb} card payload`, [{ path: 'data', message: 'must be an object' }]);
  }
  const result = CARD_PAYLOADS[verb].safeParse(data ?? {});
  if (!result.success) throw new ValidationError(`invalid ${verb} card payload`, issuesOf(result.error));
  return { verb, data: result.data } as CardAction;
}

/**
 * The same for the Action.Submit fallback (clients without Universal Actions): Teams delivers its data,
 * `{ verb, …route, …inputs }`, as the message activity's `value`.
 */
export function parseCardSubmit(value: unknown): CardAction {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError('invalid card submit', [{ path: 'verb', message: 'is required' }]);
  const { verb, ...data } = value as Record<string, unknown>;
  return parseCardAction({ verb, data });
}
