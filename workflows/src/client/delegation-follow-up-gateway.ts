import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Delegation } from '../../../core/domain/delegation';
import type { DelegationFollowUpGateway } from '../../../core/services/process-gateway';
import { WORKFLOW_TYPE_BY_KIND } from '../processes';
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
import { executeUpdateOrRefuse, queryOrUndefined, startOnce } from './temporal-calls';

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
    // Already running (or finished) under this id: starting is idempotent.
    await startOnce(this.client, WORKFLOW_TYPE_BY_KIND.delegation_follow_up, {
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
    return { workflowId };
  }

  async followUpState(tenantId: string, delegationId: string): Promise<DelegationFollowUpState | undefined> {
    return queryOrUndefined(this.client.workflow.getHandle(this.followUpIdFor(tenantId, delegationId)), followUpStateQuery);
  }

  async close(tenantId: string, delegationId: string, request: CloseRequest): Promise<DelegationFollowUpState> {
    return this.update(tenantId, delegationId, closeUpdate, request);
  }

  async checkIn(tenantId: string, delegationId: string, request: CheckInRequest): Promise<DelegationFollowUpState> {
    return this.update(tenantId, delegationId, checkInUpdate, request);
  }

  private async update<Req>(tenantId: string, delegationId: string, definition: UpdateDefinition<DelegationFollowUpState, [Req]>, request: Req): Promise<DelegationFollowUpState> {
    return executeUpdateOrRefuse(this.client.workflow.getHandle(this.followUpIdFor(tenantId, delegationId)), definition, request, {
      notRunning: 'this delegation’s follow-up is no longer running',
      rejected: 'check-in rejected',
    });
  }
}
