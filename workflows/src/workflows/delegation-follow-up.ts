import { allHandlersFinished, condition, continueAsNew, patched, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CommonActivities } from '../activities/common-activities';
import type { DelegationActivities } from '../activities/delegation-activities';
import {
  checkInUpdate,
  closeUpdate,
  DEFAULT_FOLLOW_UP_POLICY,
  followUpStateQuery,
  type CheckInRequest,
  type CloseRequest,
  type DelegationFollowUpInput,
  type DelegationFollowUpState,
} from './delegation-follow-up.contract';
import { DAY_MS, HOUR_MS } from './workflow-helpers';

/**
 * Local activities: each is a short store call or message record, and a local activity costs one
 * history event instead of three. A delegation runs for months, so this is what keeps a year of weekly
 * check-ins within a few hundred events.
 */
const activities = proxyLocalActivities<DelegationActivities & CommonActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['ValidationError', 'NotFoundError'] },
});

/** Far below the server's 50k-event limit and its own suggestion; the bench measures ~10 events a week. */
const DEFAULT_MAX_HISTORY_EVENTS = 1500;
/** The check runs between periods; a missed week adds ~20 events, so leave room for one. */
const PERIOD_EVENT_HEADROOM = 40;
const MAX_TEXT = 2000;

/**
 * Follows one delegation from hand-off to done or cancelled. The delegate initiates each check-in
 * (a three-minute update: client changes that affect the deliverable, clarifying questions); the
 * delegator gets a digest of each. When a check-in falls due the delegate is prompted (outside their
 * quiet hours), then reminded, then the delegator is told — the timings come from the account's
 * delegation follow-up config.
 */
export async function delegationFollowUp(input: DelegationFollowUpInput): Promise<DelegationFollowUpState> {
  const carried = input.carried;
  const seen = new Set(carried?.seenCheckInIds ?? input.seenCheckInIds ?? []);
  const periodMs = input.checkInEveryDays * DAY_MS;
  let periodStartedAt = carried?.periodStartedAt ?? input.startedAt;
  let periodIndex = carried?.periodIndex ?? 0;
  const state: DelegationFollowUpState = {
    delegationId: input.delegationId,
    phase: 'waiting_for_check_in',
    status: carried?.status ?? 'active',
    nextCheckInDue: new Date(Date.parse(periodStartedAt) + periodMs).toISOString(),
    checkInsReceived: carried?.checkInsReceived ?? seen.size,
    missedCheckIns: carried?.missedCheckIns ?? 0,
    escalations: carried?.escalations ?? 0,
    runs: (carried?.runs ?? 0) + 1,
    ...(carried?.lastCheckInAt ? { lastCheckInAt: carried.lastCheckInAt } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
  };
  const ref = { tenantId: input.tenantId, accountId: input.accountId, delegationId: input.delegationId };
  const isClosed = () => state.phase === 'closed';
  /**
   * Handlers wait for the start-up policy read: an update that arrives in the very first workflow task
   * would otherwise run its local activity alongside the policy's, and that interleaving does not
   * replay deterministically (found by the workflow benchmark's replay sample).
   */
  let initialised = false;
  const untilInitialised = async () => {
    if (!initialised) await condition(() => initialised);
  };

  setHandler(followUpStateQuery, () => state);

  setHandler(
    checkInUpdate,
    async (request: CheckInRequest) => {
      await untilInitialised();
      if (seen.has(request.checkInId)) return state;
      seen.add(request.checkInId);
      const at = new Date().toISOString();
      await activities.delegationRecordCheckIn({ ...ref, delegatorId: input.delegatorId, delegateId: input.delegateId, checkIn: { ...request, at } });
      state.checkInsReceived = seen.size;
      state.lastCheckInAt = at;
      state.status = request.status;
      if (request.status === 'done') state.phase = 'closed';
      return state;
    },
    { validator: (request: CheckInRequest) => validateCheckIn(state, input, request) },
  );

  setHandler(
    closeUpdate,
    async (request: CloseRequest) => {
      await untilInitialised();
      if (isClosed()) return state;
      state.phase = 'closed';
      state.status = request.outcome;
      await activities.delegationRecordClosure({ ...ref, outcome: request.outcome, closedBy: request.personId });
      return state;
    },
    {
      validator: (request: CloseRequest) => {
        if (!request || typeof request !== 'object') throw new Error('a close request is required');
        if (request.personId !== input.delegatorId && request.personId !== input.delegateId) throw new Error('only the delegator or the delegate can close this delegation');
        if (request.outcome !== 'done' && request.outcome !== 'cancelled') throw new Error('outcome must be done or cancelled');
      },
    },
  );

  const policy = input.policy ?? (await activities.delegationPolicy(ref)) ?? DEFAULT_FOLLOW_UP_POLICY;
  state.policy = policy;
  initialised = true;

  /** Waits until `until` or a check-in (or close) since `checkInsBefore`; true when one came. */
  const checkInSince = (checkInsBefore: number, until: number) =>
    condition(() => state.checkInsReceived > checkInsBefore || isClosed(), Math.max(until - Date.now(), 1));

  /** Sends once the recipient is outside their quiet hours, unless a check-in makes it moot first. */
  const sendWhenAwake = async (checkInsBefore: number, personId: string, step: string, purpose: 'check_in_prompt' | 'check_in_reminder' | 'check_in_escalation', text: string) => {
    const at = Date.parse(await activities.nextSendableTime({ tenantId: input.tenantId, personId, at: new Date().toISOString() }));
    if (at > Date.now() && (await checkInSince(checkInsBefore, at))) return false;
    // A check-in that landed in the same workflow task as the due timer makes the prompt moot.
    // (Patched: follow-ups already running keep the behaviour they started with.)
    if (patched('skip-moot-prompt') && (state.checkInsReceived > checkInsBefore || isClosed())) return false;
    await activities.sendMessage({
      key: `${input.tenantId}/${input.delegationId}/period-${periodIndex}/${step}`,
      tenantId: input.tenantId,
      accountId: input.accountId,
      recipient: { kind: 'person', personId },
      purpose,
      process: { kind: 'delegation_follow_up', workflowId: workflowInfo().workflowId },
      text,
      payload: { delegationId: input.delegationId, periodIndex, dueAt: state.nextCheckInDue },
    });
    return true;
  };

  while (!isClosed()) {
    const before = state.checkInsReceived;
    const dueAt = Date.parse(periodStartedAt) + periodMs;
    state.nextCheckInDue = new Date(dueAt).toISOString();
    state.phase = 'waiting_for_check_in';

    let checkedIn = await checkInSince(before, dueAt);
    if (!checkedIn) {
      state.phase = 'prompted';
      checkedIn = !(await sendWhenAwake(before, input.delegateId, 'prompt', 'check_in_prompt', 'Time for your three-minute check-in: what changed at the client that affects your deliverable, and what would you like to ask?'));
      checkedIn ||= await checkInSince(before, dueAt + policy.reminderAfterHours * HOUR_MS);
    }
    if (!checkedIn) {
      state.phase = 'reminded';
      checkedIn = !(await sendWhenAwake(before, input.delegateId, 'reminder', 'check_in_reminder', 'Reminder: your weekly check-in is overdue. Two lines are enough.'));
      checkedIn ||= await checkInSince(before, dueAt + policy.escalateAfterHours * HOUR_MS);
    }
    if (!checkedIn) {
      state.phase = 'escalated';
      await activities.delegationEscalate({ ...ref, delegatorId: input.delegatorId, periodIndex, reason: `No check-in ${policy.escalateAfterHours} hours after it fell due`, at: new Date().toISOString() });
      state.escalations++;
      state.missedCheckIns++;
    }
    if (isClosed()) break;

    // The next period runs from the latest check-in, or from this due date when the week was missed.
    periodStartedAt = state.checkInsReceived > before && state.lastCheckInAt ? state.lastCheckInAt : new Date(dueAt).toISOString();
    periodIndex++;

    const info = workflowInfo();
    const headroom = patched('continue-as-new-headroom') ? PERIOD_EVENT_HEADROOM : 0;
    if (info.historyLength + headroom > (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS) || info.continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (isClosed()) break;
      await continueAsNew<typeof delegationFollowUp>({
        ...input,
        policy,
        seenCheckInIds: undefined,
        carried: {
          seenCheckInIds: [...seen],
          checkInsReceived: state.checkInsReceived,
          missedCheckIns: state.missedCheckIns,
          escalations: state.escalations,
          periodIndex,
          periodStartedAt,
          status: state.status,
          runs: state.runs,
          ...(state.lastCheckInAt ? { lastCheckInAt: state.lastCheckInAt } : {}),
        },
      });
    }
  }
  await condition(allHandlersFinished);
  return state;
}

function validateCheckIn(state: DelegationFollowUpState, input: DelegationFollowUpInput, request: CheckInRequest): void {
  if (state.phase === 'closed') throw new Error('this delegation is closed; check-ins are no longer accepted');
  if (!request || typeof request !== 'object') throw new Error('a check-in is required');
  if (request.personId !== input.delegateId) throw new Error('only the delegate can check in on this delegation');
  if (typeof request.checkInId !== 'string' || request.checkInId.length === 0 || request.checkInId.length > 200) throw new Error('checkInId is required (at most 200 characters)');
  if (!['active', 'at_risk', 'blocked', 'done'].includes(request.status)) throw new Error(`status must be active, at_risk, blocked or done, not ${String(request.status)}`);
  for (const field of ['clientUpdates', 'questions'] as const) {
    const value = request[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > MAX_TEXT)) throw new Error(`${field} must be text of at most ${MAX_TEXT} characters`);
  }
}
