import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Delegation } from '../../../core/domain/delegation';
import { ValidationError } from '../../../core/errors';
import type { DelegationFollowUpGateway } from '../../../core/services/process-gateway';
import { ACCOUNT_ID, PROCESS_KIND, TENANT_ID } from '../search-attributes';
import {
  checkInUpdate,
  closeUpdate,
  delegationWorkflowId,
  followUpStateQuery,
  type CheckInRequest,
  type CloseRequest,
  type DelegationFollowUpInput,
  type DelegationFollowUpState,
} from '../workflows/delegation-follow-up.contract';

/** The delegation follow-up as the API sees it, on a Temporal client. */
export class TemporalDelegationFollowUps implements DelegationFollowUpGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  followUpIdFor(tenantId: string, delegationId: string): string {
    return delegationWorkflowId(tenantId, delegationId);
  }

  async startFollowUp(delegation: Delegation): Promise<{ workflowId: string }> {
    const workflowId = this.followUpIdFor(delegation.tenantId, delegation.id);
    const input: DelegationFollowUpInput = {
      tenantId: delegation.tenantId,
      accountId: delegation.accountId,
      delegationId: delegation.id,
      delegateId: delegation.delegateId,
      delegatorId: delegation.delegatorId,
      checkInEveryDays: delegation.checkInEveryDays,
      // The clock runs from the latest check-in (or the hand-off): a follow-up started late for a delegation
      // that already has check-ins owes one overdue check-in, not one escalation per week since the hand-off.
      startedAt: delegation.checkIns.reduce((latest, checkIn) => (checkIn.at > latest ? checkIn.at : latest), delegation.createdAt),
      seenCheckInIds: delegation.checkIns.map((checkIn) => checkIn.id),
    };
    try {
      await this.client.workflow.start('delegationFollowUp', {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
        typedSearchAttributes: [
          { key: TENANT_ID, value: delegation.tenantId },
          { key: ACCOUNT_ID, value: delegation.accountId },
          { key: PROCESS_KIND, value: 'delegation_follow_up' },
        ],
        memo: { objective: delegation.objective.slice(0, 200) },
      });
    } catch (error) {
      // Already running (or finished) under this id: starting is idempotent.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return { workflowId };
  }

  async followUpState(tenantId: string, delegationId: string): Promise<unknown | undefined> {
    try {
      return await this.client.workflow.getHandle(this.followUpIdFor(tenantId, delegationId)).query(followUpStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  async close(tenantId: string, delegationId: string, request: CloseRequest): Promise<unknown> {
    return this.update(tenantId, delegationId, closeUpdate, request);
  }

  async checkIn(tenantId: string, delegationId: string, request: CheckInRequest): Promise<unknown> {
    return this.update(tenantId, delegationId, checkInUpdate, request);
  }

  private async update<Req>(tenantId: string, delegationId: string, definition: UpdateDefinition<DelegationFollowUpState, [Req]>, request: Req): Promise<unknown> {
    try {
      return await this.client.workflow.getHandle(this.followUpIdFor(tenantId, delegationId)).executeUpdate(definition, { args: [request] });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new ValidationError('this delegation’s follow-up is no longer running');
      if (error instanceof WorkflowUpdateFailedError) {
        const cause = error.cause;
        throw new ValidationError(cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : 'check-in rejected');
      }
      throw error;
    }
  }
}
