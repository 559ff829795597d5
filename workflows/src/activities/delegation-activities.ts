import { ConcurrencyError, NotFoundError } from '../../../core/errors';
import type { Store } from '../../../core/store/ports';
import type { CheckInRequest } from '../workflows/delegation-follow-up.contract';

export interface DelegationActivityDeps {
  store: Store;
}

const MAX_CONFLICT_RETRIES = 5;

/**
 * Thin store calls. Each is idempotent by a key the workflow chose (the check-in id), because Temporal
 * retries an activity whose result it did not hear about.
 */
export function createDelegationActivities({ store }: DelegationActivityDeps) {
  async function updateDelegation(ref: { tenantId: string; accountId: string; delegationId: string }, change: (delegation: import('../../../core/domain/delegation').Delegation) => boolean) {
    for (let attempt = 0; ; attempt++) {
      const current = await store.records.get('delegation', { tenantId: ref.tenantId, id: ref.delegationId, accountId: ref.accountId });
      if (!current) throw new NotFoundError(`delegation ${ref.delegationId}`);
      const next = structuredClone(current.record);
      if (!change(next)) return;
      next.updatedAt = new Date().toISOString();
      try {
        await store.records.replace('delegation', next, current.etag);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  return {
    async recordCheckIn(input: { tenantId: string; accountId: string; delegationId: string; checkIn: CheckInRequest & { at: string } }): Promise<void> {
      await updateDelegation(input, (delegation) => {
        if (delegation.checkIns.some((existing) => existing.id === input.checkIn.checkInId)) return false;
        delegation.checkIns.push({
          id: input.checkIn.checkInId,
          at: input.checkIn.at,
          clientUpdates: input.checkIn.clientUpdates ?? '',
          questions: input.checkIn.questions ?? '',
          status: input.checkIn.status,
        });
        delegation.status = input.checkIn.status;
        return true;
      });
    },

    async recordClosure(input: { tenantId: string; accountId: string; delegationId: string; outcome: 'done' | 'cancelled' }): Promise<void> {
      await updateDelegation(input, (delegation) => {
        if (delegation.status === input.outcome) return false;
        delegation.status = input.outcome;
        return true;
      });
    },
  };
}

export type DelegationActivities = ReturnType<typeof createDelegationActivities>;
