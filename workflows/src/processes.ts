import type { ProcessKind } from '../../core/domain/process-config';

/**
 * How each process kind maps onto Temporal: its workflow type, and the ids that make starts idempotent.
 * Shared by the schedule sync, the API and the workflows' own contracts.
 */
export const WORKFLOW_TYPE_BY_KIND = {
  standards_review: 'standardsReview',
  facilitated_agenda: 'facilitatedAgenda',
  delegation_follow_up: 'delegationFollowUp',
  peer_feedback: 'peerFeedback',
} as const satisfies Record<ProcessKind, string>;

/** What a Schedule hands the workflow it starts: the workflow loads the config itself, so edits apply to the next run. */
export interface ScheduledRunInput {
  tenantId: string;
  accountId: string;
  configId: string;
}

/** Deterministic per tenant and config, so create-or-update and reconciliation find the same schedule. */
export const scheduleIdFor = (tenantId: string, configId: string) => `process/${tenantId}/${configId}`;
