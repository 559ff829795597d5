import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AgendaItemKind } from '../domain/agenda-item';
import { Id, Instant, NonEmptyText } from '../domain/common';
import type { FeedbackRequest } from '../domain/feedback-request';
import { AlreadyExistsError, ForbiddenError, NotFoundError, StepClosedError, ValidationError } from '../errors';
import type { Store } from '../store/ports';
import { parseOrThrow } from '../validation';
import { accountForMember, isLeaderOf, isOnAccount, visibleAccount } from './account-access';
import type { LeadershipProcessGateway } from './leadership-process-gateway';
import type { RunningAgenda } from './process-states';
import type { Viewer } from './viewer';

export const RaiseItemBody = z
  .object({ id: Id.optional(), title: NonEmptyText(300), detail: z.string().trim().max(4000).optional(), kind: AgendaItemKind })
  .strict();
export const ImpactAnswerBody = z.object({ answerId: Id, answer: NonEmptyText(2000) }).strict();
export const OutcomeBody = z
  .object({ outcomeId: Id, decision: z.string().trim().max(2000).optional(), actions: z.array(NonEmptyText(500)).max(20).optional(), ownerId: Id.optional() })
  .strict();
export const FeedbackRequestBody = z
  .object({
    id: Id.optional(),
    accountId: Id,
    peerIds: z.array(Id).min(1).max(12),
    event: NonEmptyText(300),
    eventAt: Instant,
    answerWindowDays: z.number().int().min(1).max(30).optional(),
    reminderAfterHours: z.number().int().min(1).max(24 * 14).optional(),
  })
  .strict();
export const FeedbackAnswerBody = z.object({ answerId: Id, mostEffective: NonEmptyText(2000), doBetter: NonEmptyText(2000) }).strict();
export const ReviewAnswerBody = z
  .object({
    answerId: Id,
    ratings: z.record(Id, z.number()),
    roleClarity: z.number(),
    goalConfidence: z.record(Id, z.number()).optional(),
    comment: z.string().max(4000).optional(),
  })
  .strict();

/**
 * The leadership routines as partners drive them from Outlook, the tab or the bot: raise an item for
 * the agenda, answer the impact question, record outcomes, ask peers for feedback and answer them,
 * answer a standards review. Who may do what is checked here and again by each workflow's validator.
 */
export class LeadershipService {
  constructor(
    private readonly store: Store,
    private readonly processes: LeadershipProcessGateway,
  ) {}

  /**
   * Raises an item: onto the agenda being collected, or — between cycles — stored for the next
   * meeting, which picks it up when its collection opens.
   */
  async raiseAgendaItem(viewer: Viewer, accountId: string, body: unknown): Promise<{ itemId: string; forNextMeeting: boolean; message: string }> {
    const request = parseOrThrow(RaiseItemBody, body, 'agenda item');
    const { record: account } = await visibleAccount(this.store, viewer, accountId);
    if (!isLeaderOf(account, viewer.personId)) throw new ForbiddenError('only the account’s leadership team raises items for its agenda');
    const itemId = request.id ?? `item-${randomUUID()}`;
    const running = await this.processes.runningAgendaId(viewer.tenantId, accountId);
    if (running) {
      const result = await this.processes.raiseAgendaItem(running, { itemId, personId: viewer.personId, kind: request.kind, title: request.title, ...(request.detail ? { detail: request.detail } : {}) });
      return { itemId, forNextMeeting: result.forNextMeeting, message: result.message };
    }
    const now = new Date().toISOString();
    const existing = await this.store.records.get('agendaItem', { tenantId: viewer.tenantId, id: itemId, accountId });
    if (!existing) {
      await this.store.records.create('agendaItem', {
        tenantId: viewer.tenantId,
        accountId,
        id: itemId,
        title: request.title,
        detail: request.detail ?? '',
        kind: request.kind,
        raiserId: viewer.personId,
        raisedAt: now,
        status: 'raised',
        createdAt: now,
        updatedAt: now,
      });
    }
    return { itemId, forNextMeeting: true, message: 'No agenda is being collected right now: the item goes on the next meeting’s agenda.' };
  }

  /** The agenda run collecting for the account now (its workflow and state), or null when none is. */
  async agendaState(viewer: Viewer, accountId: string): Promise<RunningAgenda | null> {
    await visibleAccount(this.store, viewer, accountId);
    const workflowId = await this.processes.runningAgendaId(viewer.tenantId, accountId);
    if (!workflowId) return null;
    const state = await this.processes.agendaState(workflowId);
    return state ? { workflowId, state } : null;
  }

  async answerImpact(viewer: Viewer, accountId: string, itemId: string, body: unknown): Promise<unknown> {
    const request = parseOrThrow(ImpactAnswerBody, body, 'impact answer');
    const running = await this.runningAgenda(viewer, accountId);
    return this.processes.answerImpact(running, { ...request, itemId, personId: viewer.personId });
  }

  async recordOutcome(viewer: Viewer, accountId: string, itemId: string, body: unknown): Promise<unknown> {
    const request = parseOrThrow(OutcomeBody, body, 'outcome');
    const running = await this.runningAgenda(viewer, accountId);
    return this.processes.recordOutcome(running, { ...request, itemId, personId: viewer.personId });
  }

  async requestFeedback(viewer: Viewer, body: unknown): Promise<{ requestId: string; workflowId: string }> {
    const request = parseOrThrow(FeedbackRequestBody, body, 'feedback request');
    const account = await accountForMember(this.store, viewer, request.accountId, 'ask for feedback on this account');
    const strangers = request.peerIds.filter((peerId) => !isOnAccount(account, peerId));
    if (strangers.length > 0) throw new ValidationError('invalid feedback request', [{ path: 'peerIds', message: `not on this account’s team: ${strangers.join(', ')}` }]);
    const requestId = request.id ?? `feedback-${randomUUID()}`;
    // The record exists before the round starts, so the requester can read it straight away; the
    // workflow's own idempotent create keeps it.
    const now = new Date().toISOString();
    await this.store.records
      .create('feedbackRequest', { tenantId: viewer.tenantId, accountId: account.id, id: requestId, requesterId: viewer.personId, peerIds: request.peerIds, event: request.event, eventAt: request.eventAt, status: 'warned', answers: [], createdAt: now, updatedAt: now })
      .catch(async (error: unknown) => {
        if (!(error instanceof AlreadyExistsError)) throw error;
        const existing = await this.store.records.get('feedbackRequest', { tenantId: viewer.tenantId, id: requestId });
        if (existing?.record.requesterId !== viewer.personId || existing.record.accountId !== account.id) throw error;
      });
    const { workflowId } = await this.processes.startPeerFeedback({
      tenantId: viewer.tenantId,
      accountId: account.id,
      requestId,
      requesterId: viewer.personId,
      peerIds: request.peerIds,
      event: request.event,
      eventAt: request.eventAt,
      ...(request.answerWindowDays ? { answerWindowDays: request.answerWindowDays } : {}),
      ...(request.reminderAfterHours ? { reminderAfterHours: request.reminderAfterHours } : {}),
    });
    return { requestId, workflowId };
  }

  async giveFeedback(viewer: Viewer, requestId: string, body: unknown): Promise<unknown> {
    const request = parseOrThrow(FeedbackAnswerBody, body, 'feedback');
    await this.visibleFeedback(viewer, requestId);
    return this.processes.giveFeedback(viewer.tenantId, requestId, { ...request, personId: viewer.personId });
  }

  /** The requester sees the answers; a peer sees the round without anyone's answers; others see nothing. */
  async feedback(viewer: Viewer, requestId: string): Promise<unknown> {
    const request = await this.visibleFeedback(viewer, requestId);
    const state = await this.processes.peerFeedbackState(viewer.tenantId, requestId);
    if (viewer.personId === request.requesterId) return { request, state: state ?? null };
    const { answers, ...withoutAnswers } = request;
    return { request: { ...withoutAnswers, answered: answers.map((answer) => answer.peerId) }, state: state ?? null };
  }

  async answerReview(viewer: Viewer, reviewId: string, body: unknown): Promise<unknown> {
    const request = parseOrThrow(ReviewAnswerBody, body, 'review answer');
    const review = await this.store.records.get('standardsReview', { tenantId: viewer.tenantId, id: reviewId });
    if (!review) throw new NotFoundError(`review ${reviewId}`);
    await visibleAccount(this.store, viewer, review.record.accountId).catch(() => {
      throw new NotFoundError(`review ${reviewId}`);
    });
    if (!review.record.workflowId || review.record.closedAt) throw new StepClosedError('this review is closed; answers are no longer accepted');
    return this.processes.submitReview(review.record.workflowId, { ...request, leaderId: viewer.personId });
  }

  private async runningAgenda(viewer: Viewer, accountId: string): Promise<string> {
    await visibleAccount(this.store, viewer, accountId);
    const running = await this.processes.runningAgendaId(viewer.tenantId, accountId);
    if (!running) throw new StepClosedError('no agenda is being collected for this account right now');
    return running;
  }

  private async visibleFeedback(viewer: Viewer, requestId: string): Promise<FeedbackRequest> {
    const found = await this.store.records.get('feedbackRequest', { tenantId: viewer.tenantId, id: requestId });
    const involved = found && (found.record.requesterId === viewer.personId || found.record.peerIds.includes(viewer.personId));
    if (!found || !involved) throw new NotFoundError(`feedback request ${requestId}`);
    await visibleAccount(this.store, viewer, found.record.accountId).catch(() => {
      throw new NotFoundError(`feedback request ${requestId}`);
    });
    return found.record;
  }
}
