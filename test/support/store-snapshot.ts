import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { RECORD_KINDS, type RecordKind } from '../../core/domain/record-kinds';
import type { Store } from '../../core/store/ports';

export interface StoreSnapshotOptions {
  /** The tenants to take in; the demo tenant unless told. */
  tenantIds?: readonly string[];
  /** Kinds left out: those the system writes on its own whatever a request does (audit entries, messages). */
  except?: readonly RecordKind[];
}

/**
 * Every record of every kind (bar `except`) of the tenants, as one string of count and id=etag per kind:
 * two snapshots are equal only if nothing was created, replaced or deleted in between.
 */
export async function storeSnapshot(store: Store, { tenantIds = [DEMO_TENANT_ID], except = [] }: StoreSnapshotOptions = {}): Promise<string> {
  const parts: string[] = [];
  for (const tenantId of tenantIds) {
    const accounts = (await store.records.list('account', { tenantId })).map(({ record }) => record.id);
    for (const [kind, { scope }] of Object.entries(RECORD_KINDS) as [RecordKind, { scope: string }][]) {
      if (except.includes(kind)) continue;
      const rows =
        kind === 'account' || scope === 'tenant'
          ? await store.records.list(kind, { tenantId })
          : (await Promise.all(accounts.map((accountId) => store.records.list(kind, { tenantId, accountId })))).flat();
      parts.push(`${tenantId}/${kind}:${rows.length}:${rows.map((row) => `${(row.record as { id: string }).id}=${row.etag}`).sort().join(',')}`);
    }
  }
  return parts.join('\n');
}

export interface StillOptions {
  /** Time between two snapshots. */
  intervalMs?: number;
  /** How many snapshots in a row must equal the one before. */
  stillChecks?: number;
  /** How many snapshots to take at most. */
  maxChecks?: number;
}

/**
 * Waits until `snapshot` (e.g. storeSnapshot) stops changing — workflows started by earlier requests have
 * written back. Resolves true once it is still, false if it still changed after `maxChecks` snapshots.
 */
export async function waitUntilStill(snapshot: () => Promise<string>, { intervalMs = 300, stillChecks = 1, maxChecks = 20 }: StillOptions = {}): Promise<boolean> {
  let previous = await snapshot();
  let still = 0;
  for (let i = 0; i < maxChecks; i++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const current = await snapshot();
    still = current === previous ? still + 1 : 0;
    if (still >= stillChecks) return true;
    previous = current;
  }
  return false;
}
