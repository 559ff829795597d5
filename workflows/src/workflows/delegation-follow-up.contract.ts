import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CheckIn } from '../../../core/domain/delegation';

/** Reminder and escalation timings, from the account's delegation follow-up config (or the defaults). */
export interface FollowUpPolicy {
  reminderAfterHours: number;
  escalateAfterHours: number;
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = { reminderAfterHours: 24, escalateAfterHours: 72 };

/** What a run hands to the next one at continue-as-new. */
export interface CarriedFollowUpState {
  seenCheckInIds: string[];
  checkInsReceived: number;
  missedCheckIns: number;
  escalations: number;
  periodIndex: number;
  periodStartedAt: string;
  status: DelegationFollowUpState['status'];
  lastCheckInAt?: string;
  runs: number;
}

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
  /** Check-in ids already on the record (a restarted follow-up must not take them twice). */
  seenCheckInIds?: string[];
  policy?: FollowUpPolicy;
  carried?: CarriedFollowUpState;
  /** Continue-as-new once a run's history passes this many events (default 1,500; tests lower it). */
  maxHistoryEvents?: number;
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
  /** waiting → prompted at the due time → reminded → escalated; back to waiting after a check-in. */
  phase: 'waiting_for_check_in' | 'prompted' | 'reminded' | 'escalated' | 'closed';
  status: 'active' | 'at_risk' | 'blocked' | 'done' | 'cancelled';
  nextCheckInDue: string;
  checkInsReceived: number;
  missedCheckIns: number;
  escalations: number;
  lastCheckInAt?: string;
  policy?: FollowUpPolicy;
  /** How many runs (continue-as-new generations) this follow-up has had. */
  runs: number;
}

export const followUpStateQuery = defineQuery<DelegationFollowUpState>('followUpState');
export const checkInUpdate = defineUpdate<DelegationFollowUpState, [CheckInRequest]>('checkIn');
export const closeUpdate = defineUpdate<DelegationFollowUpState, [CloseRequest]>('close');

export const delegationWorkflowId = (tenantId: string, delegationId: string) => `delegation-follow-up/${tenantId}/${delegationId}`;
