import { notice, type ExecuteAction, type Refresh } from './adaptive-card';
import { CARD_VERBS, type CardKind, type CardRoute, type CardVerb } from './verbs';

/**
 * How a card is shown to the person looking at it:
 * - `open`: the form, prefilled with `answer` when there is one (an edit);
 * - `answered`: read-only, showing the person's own answer;
 * - `closed`: read-only, no inputs or actions, with a line saying why (`reason`).
 */
export type CardState = 'open' | 'answered' | 'closed';

/** Why a card is read-only: the process closed, the person answered already, or it is someone else's card. */
export type ClosedReason = 'closed' | 'answered' | 'not_addressed';

export interface CardView<Answer = never> {
  state: CardState;
  /** The addressed person's Teams user id (the MRI, `29:…`): Teams refreshes the card automatically for them. */
  userId?: string;
  /** Why a `closed` card is closed (default `closed`). */
  reason?: ClosedReason;
  /** The person's own answer: shown when answered, prefilled when open. */
  answer?: Answer;
  /** While answers may still change, the answered card offers to change them. */
  canEdit?: boolean;
  /** Person id → display name; ids are shown where a name is missing. */
  names?: Readonly<Record<string, string>>;
  /** A link to the dashboard tab, where shortened text can be read in full. */
  tabUrl?: string;
  /** On a card shown to someone it is not addressed to (`not_addressed`): whose card it is. */
  addresseeName?: string;
}

export const nameOf = (names: Readonly<Record<string, string>> | undefined, personId: string) => names?.[personId] ?? personId;

/**
 * An Action.Execute with an Action.Submit fallback carrying the verb inside its data, as Teams documents
 * for clients without Universal Actions; the bot reads either with parseCardAction / parseCardSubmit.
 */
export function execute<V extends CardVerb>(verb: V, title: string, data: CardRoute<V>, options: Pick<ExecuteAction, 'style' | 'associatedInputs' | 'tooltip' | 'id'> = {}): ExecuteAction {
  const payload = { ...(data as Record<string, unknown>) };
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: payload,
    ...options,
    fallback: { type: 'Action.Submit', title, data: { verb, ...payload }, ...(options.associatedInputs ? { associatedInputs: options.associatedInputs } : {}) },
  };
}

/** The refresh clause of a card addressed to one person: Teams asks the bot for that person's current view. */
export function refreshFor(card: CardKind, route: Omit<CardRoute<typeof CARD_VERBS.cardRefresh>, 'card'>, userId: string | undefined): Refresh {
  return {
    action: { type: 'Action.Execute', title: 'Refresh', verb: CARD_VERBS.cardRefresh, data: { card, ...route } },
    ...(userId ? { userIds: [userId] } : {}),
  };
}

/**
 * A final card (closed for good) needs no refresh; everything else addressed to one person keeps it, so
 * the addressee sees their own, current view even where someone else's view was rendered.
 */
export const wantsRefresh = (view: Pick<CardView<unknown>, 'state' | 'reason'>) => !(view.state === 'closed' && (view.reason ?? 'closed') === 'closed');

/** The "Change my answer" button of an answered card: a refresh asking for the prefilled form. */
export function editAction(card: CardKind, route: Omit<CardRoute<typeof CARD_VERBS.cardRefresh>, 'card' | 'edit'>, title = 'Change my answer'): ExecuteAction {
  return execute(CARD_VERBS.cardRefresh, title, { card, ...route, edit: true }, { associatedInputs: 'none' });
}

/** The line under a read-only card. `what` names the step: "standards review", "impact question", … */
export function readOnlyNotice(view: Pick<CardView<unknown>, 'state' | 'reason' | 'addresseeName'>, what: string, wording: { answered?: string; closed?: string } = {}) {
  if (view.state === 'answered') return notice(wording.answered ?? `You have answered this ${what}.`, 'good');
  switch (view.reason ?? 'closed') {
    case 'answered':
      return notice(wording.answered ?? `You have answered this ${what}; nothing more is needed from you.`, 'good');
    case 'not_addressed':
      return notice(`This ${what} is addressed to ${view.addresseeName ?? 'someone else'}; only they can answer it.`, 'warning');
    case 'closed':
      return notice(wording.closed ?? `This ${what} is closed; answers are no longer accepted.`, 'default');
  }
}

/** Whether the card may show the person's own answer: never on a card addressed to someone else. */
export const showsOwnAnswer = (view: Pick<CardView<unknown>, 'state' | 'reason' | 'answer'>) => view.answer !== undefined && view.state !== 'open' && view.reason !== 'not_addressed';
