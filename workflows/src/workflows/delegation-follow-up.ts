import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DelegationActivities } from '../activities/delegation-activities';
import {
  checkInUpdate,
  closeUpdate,
  followUpStateQuery,
  type CheckInRequest,
  type DelegationFollowUpInput,
  type DelegationFollowUpState,
} from './delegation-follow-up.contract';

const { recordCheckIn, recordClosure } = proxyActivities<DelegationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, nonRetryableErrorTypes: ['ValidationError', 'NotFoundError'] },
});

const DAY_MS = 24 * 60 * 60 * 1000;
/** Far below the server's 50k-event limit; a weekly cadence reaches it only after years. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 1500;

/**
 * Follows one delegation from hand-off to done or cancelled. The delegate initiates each check-in
 * (the update below); the workflow keeps the weekly clock. This first version keeps the timer and
 * the check-in history; reminders, digests and escalation build on the same loop.
 */
export async function delegationFollowUp(input: DelegationFollowUpInput): Promise<DelegationFollowUpState> {
  const seen = new Set(input.seenCheckInIds ?? []);
  const periodMs = input.checkInEveryDays * DAY_MS;
  const state: DelegationFollowUpState = {
    delegationId: input.delegationId,
    phase: 'waiting_for_check_in',
    status: 'active',
    nextCheckInDue: new Date(Date.parse(input.startedAt) + periodMs).toISOString(),
    checkInsReceived: seen.size,
    missedCheckIns: input.missedCheckIns ?? 0,
  };
  let checkedIn = false;
  const isClosed = () => state.phase === 'closed';

  setHandler(followUpStateQuery, () => state);

  setHandler(
    checkInUpdate,
    async (request: CheckInRequest) => {
      if (seen.has(request.checkInId)) return state;
      seen.add(request.checkInId);
      const at = new Date().toISOString();
      await recordCheckIn({ tenantId: input.tenantId, accountId: input.accountId, delegationId: input.delegationId, checkIn: { ...request, at } });
      state.checkInsReceived = seen.size;
      state.lastCheckInAt = at;
      state.status = request.status;
      state.nextCheckInDue = new Date(Date.now() + periodMs).toISOString();
      checkedIn = true;
      if (request.status === 'done') state.phase = 'closed';
      return state;
    },
    {
      validator: (request: CheckInRequest) => {
        if (state.phase === 'closed') throw new Error('this delegation is closed; check-ins are no longer accepted');
        if (request.personId !== input.delegateId) throw new Error('only the delegate can check in on this delegation');
        if (!request.checkInId || request.checkInId.length > 200) throw new Error('checkInId is required (at most 200 characters)');
        if (!['active', 'at_risk', 'blocked', 'done'].includes(request.status)) throw new Error(`status must be active, at_risk, blocked or done, not ${String(request.status)}`);
        if ((request.clientUpdates?.length ?? 0) > 2000 || (request.questions?.length ?? 0) > 2000) throw new Error('clientUpdates and questions are limited to 2000 characters each');
      },
    },
  );

  setHandler(
    closeUpdate,
    async (request) => {
      if (state.phase === 'closed') return state;
      await recordClosure({ tenantId: input.tenantId, accountId: input.accountId, delegationId: input.delegationId, outcome: request.outcome });
      state.status = request.outcome;
      state.phase = 'closed';
      return state;
    },
    {
      validator: (request) => {
        if (request.personId !== input.delegatorId && request.personId !== input.delegateId) throw new Error('only the delegator or the delegate can close this delegation');
        if (request.outcome !== 'done' && request.outcome !== 'cancelled') throw new Error('outcome must be done or cancelled');
      },
    },
  );

  while (!isClosed()) {
    checkedIn = false;
    const dueInMs = Math.max(0, Date.parse(state.nextCheckInDue) - Date.now());
    const answered = await condition(() => checkedIn || isClosed(), dueInMs);
    if (!answered) {
      state.missedCheckIns++;
      state.nextCheckInDue = new Date(Date.parse(state.nextCheckInDue) + periodMs).toISOString();
    }
    if (!isClosed() && workflowInfo().historyLength > CONTINUE_AS_NEW_AFTER_EVENTS) {
      await condition(allHandlersFinished); // let in-flight update handlers finish before handing over
      await continueAsNew<typeof delegationFollowUp>({
        ...input,
        startedAt: new Date(Date.parse(state.nextCheckInDue) - periodMs).toISOString(),
        seenCheckInIds: [...seen],
        missedCheckIns: state.missedCheckIns,
      });
    }
  }
  return state;
}
