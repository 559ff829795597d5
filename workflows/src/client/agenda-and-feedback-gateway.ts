import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { Id, Instant, NonEmptyText } from '../../../core/domain/common';
import { parseOrThrow } from '../../../core/validation';
import { WORKFLOW_TYPE_BY_KIND } from '../processes';
import { ACCOUNT_ID, PROCESS_KIND, TENANT_ID } from '../search-attributes';
import {
  agendaStateQuery,
  answerImpactUpdate,
  raiseItemUpdate,
  recordOutcomeUpdate,
  type AnswerImpactRequest,
  type FacilitatedAgendaState,
  type RaiseItemRequest,
  type RaiseItemResult,
  type RecordOutcomeRequest,
} from '../workflows/facilitated-agenda.contract';
import {
  feedbackStateQuery,
  giveFeedbackUpdate,
  peerFeedbackWorkflowId,
  type GiveFeedbackRequest,
  type GiveFeedbackResult,
  type PeerFeedbackInput,
  type PeerFeedbackState,
} from '../workflows/peer-feedback.contract';
import { executeUpdateOrRefuse, queryOrUndefined, startOnce, visibilityQueryLiteral } from './temporal-calls';

/** What the API accepts to start a round; checked here so bad input never starts a workflow. */
export const PeerFeedbackStart = z
  .object({
    tenantId: Id,
    accountId: Id,
    requestId: Id,
    requesterId: Id,
    peerIds: z.array(Id).min(1).max(12),
    event: NonEmptyText(300),
    eventAt: Instant,
    answerWindowDays: z.number().int().min(1).max(30).default(5),
    reminderAfterHours: z.number().int().min(1).max(24 * 14).default(48),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.peerIds.some((peerId) => peerId !== input.requesterId)) {
      ctx.addIssue({ code: 'custom', path: ['peerIds'], message: 'must name at least one peer other than the requester' });
    }
    if (input.reminderAfterHours >= input.answerWindowDays * 24) {
      ctx.addIssue({ code: 'custom', path: ['reminderAfterHours'], message: 'must fall before the answer window closes' });
    }
  });
export type PeerFeedbackStart = z.input<typeof PeerFeedbackStart>;

/**
 * The facilitated-issue agenda and peer feedback as the API and the bot see them, on a Temporal client.
 * Update rejections (validators) come back as core ValidationErrors carrying the workflow's message; an
 * update for a run that is no longer there, as a StepClosedError.
 */
export class TemporalAgendaAndFeedback {
  constructor(
    protected readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  private feedbackIdFor(tenantId: string, requestId: string): string {
    return peerFeedbackWorkflowId(tenantId, requestId);
  }

  /** Starts the round; a second call for the same request is a no-op (the workflow id is derived from it). */
  async startPeerFeedback(request: PeerFeedbackStart): Promise<{ workflowId: string }> {
    const input: PeerFeedbackInput = parseOrThrow(PeerFeedbackStart, request, 'feedback request');
    const workflowId = this.feedbackIdFor(input.tenantId, input.requestId);
    await startOnce(this.client, WORKFLOW_TYPE_BY_KIND.peer_feedback, {
      taskQueue: this.taskQueue,
      workflowId,
      args: [input],
      typedSearchAttributes: [
        { key: TENANT_ID, value: input.tenantId },
        { key: ACCOUNT_ID, value: input.accountId },
        { key: PROCESS_KIND, value: 'peer_feedback' },
      ],
      memo: { event: input.event.slice(0, 200) },
    });
    return { workflowId };
  }

  /** Who answered and what is outstanding (never the answers), or undefined when the round is not known. */
  async peerFeedbackState(tenantId: string, requestId: string): Promise<PeerFeedbackState | undefined> {
    return queryOrUndefined(this.client.workflow.getHandle(this.feedbackIdFor(tenantId, requestId)), feedbackStateQuery);
  }

  async giveFeedback(tenantId: string, requestId: string, request: GiveFeedbackRequest): Promise<GiveFeedbackResult> {
    return executeUpdateOrRefuse(this.client.workflow.getHandle(this.feedbackIdFor(tenantId, requestId)), giveFeedbackUpdate, request, { notRunning: 'this feedback round is no longer running' });
  }

  /**
   * The agenda run collecting for an account right now: agenda runs are started by a Schedule, so their
   * ids are found through the search attributes set on it. Both ids must be valid ids (see domain Id; the
   * callers have read the account by them), else this throws a RangeError.
   */
  async runningAgendaId(tenantId: string, accountId: string): Promise<string | undefined> {
    const query = `WorkflowType = '${WORKFLOW_TYPE_BY_KIND.facilitated_agenda}' AND ExecutionStatus = 'Running' AND TenantId = ${visibilityQueryLiteral(tenantId)} AND AccountId = ${visibilityQueryLiteral(accountId)}`;
    let newest: { workflowId: string; startTime: Date } | undefined;
    for await (const execution of this.client.workflow.list({ query })) {
      if (!newest || execution.startTime > newest.startTime) newest = { workflowId: execution.workflowId, startTime: execution.startTime };
    }
    return newest?.workflowId;
  }

  async agendaState(workflowId: string): Promise<FacilitatedAgendaState | undefined> {
    return queryOrUndefined(this.client.workflow.getHandle(workflowId), agendaStateQuery);
  }

  async raiseAgendaItem(workflowId: string, request: RaiseItemRequest): Promise<RaiseItemResult> {
    return executeUpdateOrRefuse(this.client.workflow.getHandle(workflowId), raiseItemUpdate, request, { notRunning: 'this agenda is no longer collecting' });
  }

  async answerImpact(workflowId: string, request: AnswerImpactRequest): Promise<FacilitatedAgendaState> {
    return executeUpdateOrRefuse(this.client.workflow.getHandle(workflowId), answerImpactUpdate, request, { notRunning: 'this agenda is no longer collecting' });
  }

  async recordOutcome(workflowId: string, request: RecordOutcomeRequest): Promise<FacilitatedAgendaState> {
    return executeUpdateOrRefuse(this.client.workflow.getHandle(workflowId), recordOutcomeUpdate, request, { notRunning: 'this meeting’s agenda run is no longer running' });
  }
}
