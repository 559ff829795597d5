import type { Delegation } from '../domain/delegation';
import type { FollowUpStateView } from './process-states';

/** What services need from the workflow engine, without knowing it is Temporal. */
export interface DelegationFollowUpGateway {
  /** The follow-up's id is derived from the delegation, so it can be stored before the workflow starts. */
  followUpIdFor(tenantId: string, delegationId: string): string;
  /** Starts the follow-up for a stored delegation; a second call for the same delegation is a no-op. */
  startFollowUp(delegation: Delegation): Promise<{ workflowId: string }>;
  /** The follow-up's live state, or undefined when it is not running (never started, or finished and purged). */
  followUpState(tenantId: string, delegationId: string): Promise<FollowUpStateView | undefined>;
  close(tenantId: string, delegationId: string, request: { personId: string; outcome: 'done' | 'cancelled' }): Promise<unknown>;
  checkIn(tenantId: string, delegationId: string, request: { checkInId: string; personId: string; clientUpdates?: string; questions?: string; status: 'active' | 'at_risk' | 'blocked' | 'done' }): Promise<unknown>;
}
