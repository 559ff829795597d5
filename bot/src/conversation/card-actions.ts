import type { Person } from '../../../core/domain/person';
import { DomainError, ForbiddenError, NotFoundError, StepClosedError, ValidationError } from '../../../core/errors';
import { visibleAccount } from '../../../core/services/account-access';
import type { DelegationService } from '../../../core/services/delegation-service';
import type { LeadershipProcessGateway } from '../../../core/services/leadership-process-gateway';
import type { LeadershipService } from '../../../core/services/leadership-service';
import type { TeamsConversations } from '../../../core/services/teams-conversations';
import type { Store } from '../../../core/store/ports';
import { meetingIdFor } from '../../../workflows/src/workflows/facilitated-agenda.contract';
import { welcomeCard, type CardAction, type CardKind, type CardPayload } from '../cards';
import { statusOf } from '../error-status';
import type { CardViews, RenderableMessage } from './card-views';
import type { CardActionInvoke, CardActionResponse } from './conversation';
import { hashedId } from './ids';

export interface CardActionDeps {
  store: Store;
  views: CardViews;
  conversations: TeamsConversations;
  leadership: LeadershipService;
  processes: LeadershipProcessGateway;
  delegations: DelegationService;
  log: (message: string, error?: unknown) => void;
}

/** Which card an answer came from, to rebuild a card the bot made on demand (no recorded message). */
const CARD_OF_VERB: Partial<Record<CardAction['verb'], CardKind>> = {
  'review.submit': 'review.form',
  'agenda.raise': 'agenda.collection',
  'agenda.impact': 'agenda.impact',
  'agenda.outcome': 'agenda.outcome',
  'checkin.submit': 'checkin.form',
};

/**
 * A refusal because the step is over: the card turns read-only. The gateways and services say so with a
 * StepClosedError; a workflow's own validator (workflow code, which stays as it is) says it in words only.
 */
const WORKFLOW_CLOSED = /closed|no longer|cut-off|is over|not running|being collected|not .*collecting|finished/i;
const isStepClosed = (error: unknown) => error instanceof StepClosedError || (error instanceof ValidationError && WORKFLOW_CLOSED.test(error.message));

/**
 * Turns a validated card action into a workflow update through the existing services and gateways, and
 * answers with the refreshed card for the person who acted.
 *
 * Who may answer: a card rendered from a recorded message names its addressee (the message's recipient);
 * anyone else gets that card back read-only with a polite line saying whose it is, and nothing changes.
 * The services and the workflows' validators check membership again behind this.
 */
export class CardActions {
  constructor(private readonly deps: CardActionDeps) {}

  async handle(action: CardAction, person: Person, turn: CardActionInvoke): Promise<CardActionResponse> {
    const tenantId = person.tenantId;
    const viewer = { tenantId, personId: person.id };
    const userId = turn.from.id.startsWith('29:') ? turn.from.id : undefined;
    const view = { ...(userId ? { userId } : {}) };

    if (action.verb === 'channel.link') return this.link(action.data, person, turn);
    if (action.verb === 'card.refresh') {
      const message = action.data.messageId ? await this.deps.views.recorded(tenantId, action.data.messageId) : await this.deps.views.rebuild(tenantId, action.data.card, action.data, person.id);
      if (!message) return notFound('This card is no longer available.');
      if (action.data.workflowId && message.process.workflowId !== action.data.workflowId) return badRequest('This card’s data does not match its message.');
      return card(await this.deps.views.render(message, person.id, { ...view, ...(action.data.edit ? { edit: true } : {}) }));
    }

    const data = action.data as { messageId?: string; workflowId: string };
    let message: RenderableMessage | undefined;
    if (data.messageId) {
      message = await this.deps.views.recorded(tenantId, data.messageId);
      if (!message) return notFound('This card’s message no longer exists.');
      if (message.process.workflowId !== data.workflowId) return badRequest('This card’s data does not match its message.');
      if (message.recipient.kind === 'person' && message.recipient.personId !== person.id) {
        // Someone else's card: show it read-only, naming whose it is. Nothing is sent anywhere.
        return card(await this.deps.views.render(message, person.id, view));
      }
    } else {
      const kind = CARD_OF_VERB[action.verb];
      if (kind) message = await this.deps.views.rebuild(tenantId, kind, action.data as Record<string, string>, person.id);
    }

    const answerId = dedupeId(tenantId, turn);
    let answered: unknown;
    try {
      answered = await this.apply(action, viewer, answerId, message);
    } catch (error) {
      if (isStepClosed(error) && message) return card(await this.deps.views.render(message, person.id, { ...view, closed: true }));
      if (error instanceof DomainError) return refused(error);
      throw error;
    }
    if (!message) return { kind: 'message', text: 'Done.' };
    return card(await this.deps.views.render(message, person.id, { ...view, ...(answered !== undefined ? { answer: answered } : {}) }));
  }

  /** Applies the answer; returns the answer to show when the store has no per-card record of it. */
  private async apply(action: CardAction, viewer: { tenantId: string; personId: string }, answerId: string, message: RenderableMessage | undefined): Promise<unknown> {
    const { leadership, processes, delegations } = this.deps;
    switch (action.verb) {
      case 'review.submit': {
        const { reviewId, ratings, roleClarity, goalConfidence, comment } = action.data;
        await leadership.answerReview(viewer, reviewId, { answerId, ratings, roleClarity, ...(Object.keys(goalConfidence).length > 0 ? { goalConfidence } : {}), ...(comment ? { comment } : {}) });
        return undefined;
      }
      case 'agenda.impact': {
        const { workflowId, itemId, answer } = action.data;
        await this.checkMeeting(viewer, action.data, message);
        await processes.answerImpact(workflowId, { answerId, itemId, personId: viewer.personId, answer });
        return undefined;
      }
      case 'agenda.outcome': {
        const { workflowId, itemId, decision, actions, ownerId } = action.data;
        await this.checkMeeting(viewer, action.data, message);
        await processes.recordOutcome(workflowId, { outcomeId: answerId, itemId, personId: viewer.personId, ...(decision ? { decision } : {}), ...(actions.length > 0 ? { actions } : {}), ...(ownerId ? { ownerId } : {}) });
        return undefined;
      }
      case 'agenda.raise': {
        const { workflowId, kind, title, detail } = action.data;
        await this.checkMeeting(viewer, action.data, message);
        await processes.raiseAgendaItem(workflowId, { itemId: `item-${answerId}`, personId: viewer.personId, kind, title, ...(detail ? { detail } : {}) });
        return { kind, title, ...(detail ? { detail } : {}) };
      }
      case 'checkin.submit': {
        const { delegationId, status, clientUpdates, questions } = action.data;
        await delegations.checkIn(viewer, delegationId, { checkInId: answerId, status, clientUpdates, questions });
        return { status, clientUpdates, questions };
      }
      case 'delegation.close': {
        const { delegationId, outcome } = action.data;
        await delegations.close(viewer, delegationId, { outcome });
        return undefined;
      }
      case 'feedback.give': {
        const { requestId, mostEffective, doBetter } = action.data;
        await leadership.giveFeedback(viewer, requestId, { answerId, mostEffective, doBetter });
        return undefined;
      }
      default:
        throw new ValidationError(`${action.verb} is not an answer`);
    }
  }

  /**
   * The workflow id on an agenda card must be this tenant's meeting's run: the meeting id is derived from
   * the run's id, so a card cannot be pointed at another firm's (or another meeting's) workflow.
   */
  private async checkMeeting(viewer: { tenantId: string; personId: string }, data: { meetingId: string; workflowId: string }, message: RenderableMessage | undefined): Promise<void> {
    if (meetingIdFor(data.workflowId) !== data.meetingId) throw new ValidationError('invalid agenda card', [{ path: 'workflowId', message: 'does not belong to this meeting' }]);
    const meeting = (await this.deps.store.records.get('meeting', { tenantId: viewer.tenantId, id: data.meetingId }))?.record;
    if (!meeting || (message && message.accountId !== meeting.accountId)) throw new NotFoundError(`meeting ${data.meetingId}`);
    await visibleAccount(this.deps.store, viewer, meeting.accountId);
  }

  private async link(data: CardPayload<'channel.link'>, person: Person, turn: CardActionInvoke): Promise<CardActionResponse> {
    if (turn.conversation.type === 'personal') return badRequest('A personal chat cannot be an account’s leadership channel; link a channel or group chat.');
    if (data.conversationId && data.conversationId !== turn.conversation.id) return badRequest('This welcome card belongs to another conversation.');
    try {
      const linked = await this.deps.conversations.link(person.tenantId, turn.conversation.id, data.accountId, person.id);
      const account = (await this.deps.store.records.get('account', { tenantId: person.tenantId, id: linked.linkedAccountId! }))?.record;
      return card(welcomeCard({ conversationType: turn.conversation.type, conversationId: turn.conversation.id, linkedAccount: { id: data.accountId, name: account?.name ?? data.accountId } }));
    } catch (error) {
      if (error instanceof ForbiddenError) return refused(error, `Sorry — ${error.message}.`);
      if (error instanceof NotFoundError) return refused(error, 'That account was not found.');
      if (error instanceof ValidationError) return refused(error);
      throw error;
    }
  }
}

/**
 * The dedupe id of one click: Teams gives every invoke its own activity id and sends the same id when it
 * retries, so a retried invoke applies once.
 */
export function dedupeId(tenantId: string, turn: Pick<CardActionInvoke, 'activityId' | 'conversation' | 'from'>): string {
  return turn.activityId ? hashedId('teams', tenantId, turn.conversation.id, turn.activityId) : hashedId('teams', tenantId, turn.from.id, `${Date.now()}`, `${Math.random()}`);
}

const card = (value: unknown): CardActionResponse => ({ kind: 'card', card: value as Record<string, unknown> });
const notFound = (message: string): CardActionResponse => ({ kind: 'error', statusCode: 404, code: 'not_found', message });
const badRequest = (message: string): CardActionResponse => ({ kind: 'error', statusCode: 400, code: 'validation.failed', message });
/** A refusal by the services, with its status from the API's table (400 for a code it does not list). */
const refused = (error: DomainError, message = error.message): CardActionResponse => ({ kind: 'error', statusCode: statusOf(error) ?? 400, code: error.code, message });
