/**
 * The workflows the bench's worker bundles: every production workflow, plus a no-op baseline that makes
 * the same client round trips as a delegation follow-up (start, two updates, result) and does nothing else.
 * Only workflow functions may be exported from here (the worker bundles this file).
 */
import { condition, setHandler } from '@temporalio/workflow';
import { checkInUpdate, closeUpdate, type CheckInRequest, type CloseRequest, type DelegationFollowUpInput, type DelegationFollowUpState } from '../../../workflows/src/workflows/delegation-follow-up.contract';

export * from '../../../workflows/src/workflows';

/**
 * Accepts the same two updates as a delegation follow-up (same names, same payloads) with no-op handlers:
 * no validator, no activity, no timer. Completes after the second update.
 */
export async function noopTwoUpdates(input: DelegationFollowUpInput): Promise<DelegationFollowUpState> {
  let updates = 0;
  const state: DelegationFollowUpState = {
    delegationId: input.delegationId,
    phase: 'waiting_for_check_in',
    status: 'active',
    nextCheckInDue: input.startedAt,
    checkInsReceived: 0,
    missedCheckIns: 0,
    escalations: 0,
    runs: 1,
  };
  setHandler(checkInUpdate, (_request: CheckInRequest) => {
    updates++;
    state.checkInsReceived++;
    return state;
  });
  setHandler(closeUpdate, (request: CloseRequest) => {
    updates++;
    state.phase = 'closed';
    state.status = request.outcome;
    return state;
  });
  await condition(() => updates >= 2);
  return state;
}
