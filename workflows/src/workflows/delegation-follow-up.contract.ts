import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CheckIn } from '../../../core/domain/delegation';

/**
 * The messages a delegation follow-up understands. Kept apart from the workflow body so that the
 * API can import the definitions without importing workflow code.
 */
export interface DelegationFollowUpInput {
  tenantId: string;
  accountId: string;
  delegationId: string;
  delegateId: string;
  delegatorId: string;
  checkInEveryDays: number;
  /** ISO instant from which the first check-in is counted (the hand-off). */
  startedAt: string;
  /** Carried over continue-as-new: check-in ids already applied, so a retried update is a no-op. */
  seenCheckInIds?: string[];
  missedCheckIns?: number;
}

export interface CheckInRequest {
  /** Dedupe id chosen by the caller (card action id, API idempotency key). */
  checkInId: string;
  personId: string;
  clientUpdates?: string;
  questions?: string;
  status: CheckIn['status'];
}

export interface CloseRequest {
  personId: string;
  outcome: 'done' | 'cancelled';
}

export interface DelegationFollowUpState {
  delegationId: string;
  phase: 'waiting_for_check_in' | 'closed';
  status: 'active' | 'at_risk' | 'blocked' | 'done' | 'cancelled';
  nextCheckInDue: string;
  checkInsReceived: number;
  missedCheckIns: number;
  lastCheckInAt?: string;
}

export const followUpStateQuery = defineQuery<DelegationFollowUpState>('followUpState');
export const checkInUpdate = defineUpdate<DelegationFollowUpState, [CheckInRequest]>('checkIn');
export const closeUpdate = defineUpdate<DelegationFollowUpState, [CloseRequest]>('close');

export const delegationWorkflowId = (tenantId: string, delegationId: string) => `delegation-follow-up/${tenantId}/${delegationId}`;
