import { IMPACT_QUESTION } from '../../../core/domain/agenda-item';
import type { OutboundMessage } from '../../../core/domain/outbound-message';
import type { DelegationFollowUpGateway } from '../../../core/services/process-gateway';
import type { LeadershipProcessGateway } from '../../../core/services/leadership-process-gateway';
import type { AgendaStateView } from '../../../core/services/process-states';
import type { TeamsConversations } from '../../../core/services/teams-conversations';
import type { ProactiveTarget, TeamsMessage } from '../../../core/services/teams-messenger';
import type { Store } from '../../../core/store/ports';
import { cardForMessage, type AdaptiveCard, type CardKind, type MessageLike, type MessageView } from '../cards';

/**
 * A message a card renders: a recorded outbound message (the card then carries its id, and the bot
 * checks answers against its recipient), or one rebuilt from the records for a card the bot makes on
 * demand (a command, a refresh of such a card) — addressed to the person asking.
 */
export interface RenderableMessage extends MessageLike {
  tenantId: string;
  accountId: string;
  createdAt?: string;
  /** Recorded messages carry their id on the card; rebuilt ones do not. */
  recorded: boolean;
}

export interface ViewOptions {
  /** The Teams user id of the person looking (for the card's auto-refresh). */
  userId?: string;
  /** Asked for the form again (Change my answer). */
  edit?: boolean;
  /** The process refused an answer as closed: show the card read-only whatever the records say. */
  closed?: boolean;
  /** An answer just accepted, shown even before the store has it (raising an item has no per-card record). */
  answer?: unknown;
}

export interface CardViewsDeps {
  store: Store;
  conversations: TeamsConversations;
  leadership: LeadershipProcessGateway;
  followUps: DelegationFollowUpGateway;
  clock?: () => Date;
  tabUrl?: string;
}

/**
 * Renders cards for a person: which state a card is in for them (open, answered with their answer,
 * closed, or someone else's card) comes from the records, so every refresh shows the current truth.
 */
export class CardViews {
  private readonly clock: () => Date;

  constructor(private readonly deps: CardViewsDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** What the TeamsMessenger posts for a recorded message: its card, as the addressee first sees it. */
  async forDelivery(message: OutboundMessage, target?: ProactiveTarget): Promise<TeamsMessage> {
    const userId = message.recipient.kind !== 'person' ? undefined : target ? teamsUserIdIn(target.reference) : await this.teamsUserIdOf(message.tenantId, message.recipient.personId);
    const card = cardForMessage(
      { ...(await this.enriched(message)), id: message.id },
      { state: 'open', ...(userId ? { userId } : {}), names: await this.names(message.tenantId), ...(await this.peopleFor(message)), ...(this.deps.tabUrl ? { tabUrl: this.deps.tabUrl } : {}) },
    );
    return { card: card as unknown as Record<string, unknown> };
  }

  /** The card for `personId` looking at `message` now. */
  async render(message: RenderableMessage, personId: string, options: ViewOptions = {}): Promise<AdaptiveCard> {
    const enriched = await this.enriched(message);
    return cardForMessage(message.recorded ? enriched : { ...enriched, id: undefined }, await this.viewFor(message, personId, options));
  }

  /**
   * Fills in what a card shows but the workflow's payload leaves out: a review summary names the
   * standards (the payload has their ids) and how many leaders were asked.
   */
  private async enriched<M extends MessageLike & { tenantId: string; accountId: string }>(message: M): Promise<M> {
    if (message.purpose !== 'review_summary' || (message.payload.standards && message.payload.leaderCount !== undefined)) return message;
    const reviewId = typeof message.payload.reviewId === 'string' ? message.payload.reviewId : undefined;
    const review = reviewId ? (await this.deps.store.records.get('standardsReview', { tenantId: message.tenantId, id: reviewId, accountId: message.accountId }))?.record : undefined;
    if (!review) return message;
    return { ...message, payload: { standards: review.snapshot.standards, leaderCount: review.leaderIds.length, ...message.payload } };
  }

  async viewFor(message: RenderableMessage, personId: string, options: ViewOptions = {}): Promise<MessageView> {
    const names = await this.names(message.tenantId);
    const base: MessageView = {
      state: 'open',
      names,
      ...(options.userId ? { userId: options.userId } : {}),
      ...(this.deps.tabUrl ? { tabUrl: this.deps.tabUrl } : {}),
      ...(await this.peopleFor(message)),
    };
    const addressee = message.recipient.kind === 'person' ? message.recipient.personId : undefined;
    if (addressee && addressee !== personId) {
      return { ...base, state: 'closed', reason: 'not_addressed', addresseeName: names[addressee] ?? addressee };
    }
    const status = await this.statusOf(message, personId);
    const closed = options.closed === true || status.closed;
    const answer = options.answer ?? status.answer;
    if (closed) return { ...base, state: 'closed', reason: 'closed', ...(answer !== undefined ? { answer } : {}) };
    if (answer !== undefined && !options.edit) return { ...base, state: 'answered', answer, canEdit: status.editable };
    return { ...base, state: 'open', ...(answer !== undefined && status.editable ? { answer } : {}) };
  }

  /** A recorded message of the tenant, by id. */
  async recorded(tenantId: string, messageId: string): Promise<RenderableMessage | undefined> {
    const found = await this.deps.store.records.get('outboundMessage', { tenantId, id: messageId });
    if (!found) return undefined;
    const { delivery: _delivery, ...payload } = found.record.payload; // the messenger's bookkeeping, not card content
    return { ...found.record, payload, id: found.record.id, recorded: true };
  }

  /**
   * Rebuilds the message behind a card the bot made on demand, from its kind and route, for `personId`.
   * Undefined when the records are gone or the route does not belong to this tenant. `known.agendaState`:
   * the state of the agenda run named by the route, when the caller has just read it.
   */
  async rebuild(
    tenantId: string,
    kind: CardKind,
    route: { workflowId?: string; reviewId?: string; meetingId?: string; itemId?: string; delegationId?: string },
    personId: string,
    known: { agendaState?: AgendaStateView } = {},
  ): Promise<RenderableMessage | undefined> {
    const recipient = { kind: 'person' as const, personId };
    const { store } = this.deps;
    switch (kind) {
      case 'review.form': {
        const review = route.reviewId ? (await store.records.get('standardsReview', { tenantId, id: route.reviewId }))?.record : undefined;
        if (!review?.workflowId || (route.workflowId && route.workflowId !== review.workflowId)) return undefined;
        return {
          tenantId,
          accountId: review.accountId,
          recorded: false,
          purpose: 'review_request',
          text: `Your ${review.cycle} standards review is open until ${review.deadline}.`,
          recipient,
          process: { workflowId: review.workflowId },
          payload: { reviewId: review.id, cycle: review.cycle, deadline: review.deadline, standards: review.snapshot.standards, goals: review.snapshot.goals.map(({ id, title }) => ({ id, title })) },
        };
      }
      case 'agenda.collection':
      case 'agenda.impact':
      case 'agenda.outcome': {
        const meeting = route.meetingId ? (await store.records.get('meeting', { tenantId, id: route.meetingId }))?.record : undefined;
        if (!meeting || !route.workflowId) return undefined;
        const state = known.agendaState ?? (await this.deps.leadership.agendaState(route.workflowId).catch(() => undefined));
        const base = { tenantId, accountId: meeting.accountId, recorded: false, recipient, process: { workflowId: route.workflowId } };
        if (kind === 'agenda.collection') {
          return { ...base, purpose: 'agenda_collection_open', text: `Agenda collection is open for ${meeting.title}.`, payload: { meetingId: meeting.id, title: meeting.title, meetingAt: meeting.scheduledAt, cutoffAt: state?.cutoffAt ?? meeting.scheduledAt, carriedItemIds: [] } };
        }
        const item = route.itemId ? (await store.records.get('agendaItem', { tenantId, id: route.itemId, accountId: meeting.accountId }))?.record : undefined;
        if (!item || item.meetingId !== meeting.id) return undefined;
        if (kind === 'agenda.impact') {
          return {
            ...base,
            purpose: 'impact_question',
            text: `${IMPACT_QUESTION} Initiative: “${item.title}”.`,
            payload: { meetingId: meeting.id, itemId: item.id, title: item.title, raiserId: item.raiserId, question: IMPACT_QUESTION, cutoffAt: state?.cutoffAt ?? meeting.scheduledAt, ...(item.detail ? { detail: item.detail } : {}) },
          };
        }
        return { ...base, purpose: 'outcome_request', text: `What was the outcome of “${item.title}”?`, payload: { meetingId: meeting.id, itemId: item.id, title: item.title, outcomesDueAt: state?.outcomesDueAt ?? meeting.scheduledAt, meetingTitle: meeting.title } };
      }
      case 'checkin.form': {
        const delegation = route.delegationId ? (await store.records.get('delegation', { tenantId, id: route.delegationId }))?.record : undefined;
        // Seeded and older delegations may not carry the id; it is derived from the delegation either way.
        const workflowId = delegation ? (delegation.workflowId ?? this.deps.followUps.followUpIdFor(tenantId, delegation.id)) : undefined;
        if (!delegation || !workflowId || (route.workflowId && route.workflowId !== workflowId)) return undefined;
        const followUp = await this.deps.followUps.followUpState(tenantId, delegation.id).catch(() => undefined);
        return {
          tenantId,
          accountId: delegation.accountId,
          recorded: false,
          purpose: 'check_in_prompt',
          text: 'Time for your three-minute check-in.',
          recipient,
          process: { workflowId },
          payload: { delegationId: delegation.id, objective: delegation.objective, dueDate: delegation.dueDate, delegatorId: delegation.delegatorId, ...(followUp?.nextCheckInDue ? { dueAt: followUp.nextCheckInDue } : {}) },
        };
      }
      default:
        return undefined;
    }
  }

  /** Whether the step is closed for good, the person's own answer, and whether it may still change. */
  private async statusOf(message: RenderableMessage, personId: string): Promise<{ closed: boolean; answer?: unknown; editable: boolean }> {
    const { store } = this.deps;
    const tenantId = message.tenantId;
    const payload = message.payload;
    const id = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
    const now = this.clock().toISOString();
    switch (message.purpose) {
      case 'review_request':
      case 'review_reminder': {
        const review = id('reviewId') ? (await store.records.get('standardsReview', { tenantId, id: id('reviewId')!, accountId: message.accountId }))?.record : undefined;
        const mine = review?.answers.find((answer) => answer.leaderId === personId);
        const closed = !review || Boolean(review.closedAt);
        return { closed, editable: !closed, ...(mine ? { answer: { ratings: mine.ratings, roleClarity: mine.roleClarity, goalConfidence: mine.goalConfidence, ...(mine.comment ? { comment: mine.comment } : {}) } } : {}) };
      }
      case 'impact_question':
      case 'impact_reminder': {
        const item = id('itemId') ? (await store.records.get('agendaItem', { tenantId, id: id('itemId')!, accountId: message.accountId }))?.record : undefined;
        const meeting = id('meetingId') ? (await store.records.get('meeting', { tenantId, id: id('meetingId')!, accountId: message.accountId }))?.record : undefined;
        const cutoff = id('cutoffAt');
        const closed = !item || !meeting || meeting.status !== 'collecting' || (cutoff !== undefined && now >= cutoff);
        const mine = item?.impactAnswers.filter((answer) => answer.leaderId === personId).at(-1);
        return { closed, editable: !closed, ...(mine ? { answer: { answer: mine.answer } } : {}) };
      }
      case 'outcome_request': {
        const item = id('itemId') ? (await store.records.get('agendaItem', { tenantId, id: id('itemId')!, accountId: message.accountId }))?.record : undefined;
        const due = id('outcomesDueAt');
        const closed = !item || item.status === 'discussed' || item.status === 'withdrawn' || (due !== undefined && now >= due);
        const outcome = item?.outcome;
        return { closed, editable: !closed, ...(outcome ? { answer: { decision: outcome.decision, actions: outcome.actions, ...(outcome.ownerId ? { ownerId: outcome.ownerId } : {}) } } : {}) };
      }
      case 'agenda_collection_open': {
        const meeting = id('meetingId') ? (await store.records.get('meeting', { tenantId, id: id('meetingId')!, accountId: message.accountId }))?.record : undefined;
        const cutoff = id('cutoffAt');
        const closed = !meeting || meeting.status !== 'collecting' || (cutoff !== undefined && now >= cutoff);
        // Raising is not one answer per person: the form stays open for the next item.
        return { closed, editable: !closed };
      }
      case 'check_in_prompt':
      case 'check_in_reminder':
      case 'check_in_digest':
      case 'check_in_escalation': {
        const delegation = id('delegationId') ? (await store.records.get('delegation', { tenantId, id: id('delegationId')!, accountId: message.accountId }))?.record : undefined;
        const closed = !delegation || delegation.status === 'done' || delegation.status === 'cancelled';
        if (message.purpose === 'check_in_digest' || message.purpose === 'check_in_escalation') return { closed, editable: false };
        const since = message.createdAt;
        const mine = delegation?.checkIns.filter((checkIn) => !since || checkIn.at >= since).at(-1);
        return { closed, editable: !closed, ...(mine && message.recorded ? { answer: { status: mine.status, clientUpdates: mine.clientUpdates, questions: mine.questions } } : {}) };
      }
      case 'feedback_warning':
      case 'feedback_request':
      case 'feedback_reminder': {
        const request = id('requestId') ? (await store.records.get('feedbackRequest', { tenantId, id: id('requestId')!, accountId: message.accountId }))?.record : undefined;
        const closed = !request || request.status === 'closed';
        if (message.purpose === 'feedback_warning') return { closed, editable: false };
        const mine = request?.answers.find((answer) => answer.peerId === personId);
        return { closed, editable: !closed, ...(mine ? { answer: { mostEffective: mine.mostEffective, doBetter: mine.doBetter } } : {}) };
      }
      default:
        return { closed: false, editable: false };
    }
  }

  private readonly nameCache = new WeakMap<object, Record<string, string>>();

  /** Person id → name, built once per load of the people cache. */
  async names(tenantId: string): Promise<Readonly<Record<string, string>>> {
    const people = await this.deps.conversations.people(tenantId);
    let names = this.nameCache.get(people);
    if (!names) {
      names = Object.fromEntries(people.map((person) => [person.id, person.name]));
      this.nameCache.set(people, names);
    }
    return names;
  }

  /** Who may own an outcome's actions: the account's leaders. */
  private async peopleFor(message: Pick<MessageLike, 'purpose'> & { tenantId: string; accountId: string }): Promise<{ people?: { id: string; name: string }[] }> {
    if (message.purpose !== 'outcome_request') return {};
    const account = (await this.deps.store.records.get('account', { tenantId: message.tenantId, id: message.accountId }))?.record;
    if (!account) return {};
    const names = await this.names(message.tenantId);
    return { people: account.leadershipTeam.map((member) => ({ id: member.personId, name: names[member.personId] ?? member.personId })) };
  }

  /** The Teams user id (29:…) of a person's personal chat, for the card's auto-refresh. */
  private async teamsUserIdOf(tenantId: string, personId: string): Promise<string | undefined> {
    const chat = await this.deps.conversations.personalChatOf(tenantId, personId);
    return chat ? teamsUserIdIn(chat.reference) : undefined;
  }
}

function teamsUserIdIn(reference: Record<string, unknown>): string | undefined {
  const user = reference.user as { id?: string } | undefined;
  return user?.id && user.id.startsWith('29:') ? user.id : undefined;
}
