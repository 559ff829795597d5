import { NotFoundError } from '../../../core/errors';
import type { Delegation } from '../../../core/domain/delegation';
import type { Messenger } from '../../../core/services/messenger';
import type { Store } from '../../../core/store/ports';
import { updateRecord } from '../../../core/store/update-record';
import { delegationWorkflowId, type CheckInRequest, type FollowUpPolicy } from '../workflows/delegation-follow-up.contract';

export interface DelegationActivityDeps {
  store: Store;
  messenger: Messenger;
}

interface DelegationRef {
  tenantId: string;
  accountId: string;
  delegationId: string;
}

const safeId = (value: string) => value.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 128);

/**
 * Thin store calls and messages for the delegation follow-up. Each is idempotent by a key the workflow
 * chose (check-in id, period index), because Temporal retries an activity whose result it did not hear
 * about — a retried check-in is stored once and its digest sent once.
 */
export function createDelegationActivities({ store, messenger }: DelegationActivityDeps) {
  const updateDelegation = (ref: DelegationRef, change: (delegation: Delegation) => boolean): Promise<Delegation> =>
    updateRecord(store.records, 'delegation', { tenantId: ref.tenantId, id: ref.delegationId, accountId: ref.accountId }, change, {
      missing: () => new NotFoundError(`delegation ${ref.delegationId}`),
    });

  const processOf = (ref: DelegationRef) => ({ kind: 'delegation_follow_up' as const, workflowId: delegationWorkflowId(ref.tenantId, ref.delegationId) });

  return {
    /** The account's delegation follow-up policy; undefined means the defaults apply. */
    async delegationPolicy(ref: DelegationRef): Promise<FollowUpPolicy | undefined> {
      const configs = await store.records.list('processConfig', { tenantId: ref.tenantId, accountId: ref.accountId });
      const config = configs.map((found) => found.record).find((candidate) => candidate.kind === 'delegation_follow_up' && !candidate.paused);
      return config ? { reminderAfterHours: config.reminderAfterHours, escalateAfterHours: config.escalateAfterHours } : undefined;
    },

    /** Stores the check-in, notes who talked to whom for the team network, and sends the delegator a digest. */
    async delegationRecordCheckIn(input: DelegationRef & { delegatorId: string; delegateId: string; checkIn: CheckInRequest & { at: string } }): Promise<void> {
      const { checkIn } = input;
      const delegation = await updateDelegation(input, (record) => {
        if (record.checkIns.some((existing) => existing.id === checkIn.checkInId)) return false;
        record.checkIns.push({ id: checkIn.checkInId, at: checkIn.at, clientUpdates: checkIn.clientUpdates ?? '', questions: checkIn.questions ?? '', status: checkIn.status });
        record.status = checkIn.status;
        return true;
      });
      const interactionId = safeId(`checkin-${input.delegationId}-${checkIn.checkInId}`);
      await store.records
        .create('interaction', { tenantId: input.tenantId, accountId: input.accountId, id: interactionId, fromId: input.delegateId, toId: input.delegatorId, at: checkIn.at, via: 'check_in', createdAt: checkIn.at, updatedAt: checkIn.at })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code !== 'already_exists') throw error;
        });
      const lines = [
        `**Check-in** on “${delegation.objective}” — status ${checkIn.status.replace('_', ' ')}.`,
        checkIn.clientUpdates ? `Client updates: ${checkIn.clientUpdates}` : 'No client changes affecting the deliverable.',
        checkIn.questions ? `Questions for you: ${checkIn.questions}` : 'No questions.',
      ];
      await messenger.send({
        key: `${input.tenantId}/${input.delegationId}/check-in/${checkIn.checkInId}/digest`,
        tenantId: input.tenantId,
        accountId: input.accountId,
        recipient: { kind: 'person', personId: input.delegatorId },
        purpose: 'check_in_digest',
        process: processOf(input),
        text: lines.join('\n'),
        payload: { delegationId: input.delegationId, checkIn },
      });
    },

    async delegationRecordClosure(input: DelegationRef & { outcome: 'done' | 'cancelled'; closedBy: string }): Promise<void> {
      await updateDelegation(input, (record) => {
        if (record.status === input.outcome) return false;
        record.status = input.outcome;
        return true;
      });
    },

    /** Records the escalation on the delegation (once per period) and tells the delegator. */
    async delegationEscalate(input: DelegationRef & { delegatorId: string; periodIndex: number; reason: string; at: string }): Promise<void> {
      const delegation = await updateDelegation(input, (record) => {
        // Escalations recorded before periods were stored are matched by their time.
        const recorded = record.escalations.some((escalation) => (escalation.periodIndex !== undefined ? escalation.periodIndex === input.periodIndex : escalation.at === input.at));
        if (recorded) return false;
        record.escalations.push({ at: input.at, reason: input.reason, notifiedId: input.delegatorId, periodIndex: input.periodIndex });
        if (record.status === 'active') record.status = 'at_risk';
        return true;
      });
      await messenger.send({
        key: `${input.tenantId}/${input.delegationId}/period-${input.periodIndex}/escalation`,
        tenantId: input.tenantId,
        accountId: input.accountId,
        recipient: { kind: 'person', personId: input.delegatorId },
        purpose: 'check_in_escalation',
        process: processOf(input),
        text: `No check-in on “${delegation.objective}”: ${input.reason}. A short call may help — non-judgmental help is how check-ins become routine.`,
        payload: { delegationId: input.delegationId, periodIndex: input.periodIndex },
      });
    },
  };
}

export type DelegationActivities = ReturnType<typeof createDelegationActivities>;
