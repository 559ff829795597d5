import type { RecordKind } from '../../core/domain/record-kinds';
import type { Store } from '../../core/store/ports';

/** One adapter under the contract suite: how to open a fresh, empty store and how to tamper with it. */
export interface StoreHarness {
  name: string;
  /** A new, empty store (fresh database or fresh Cosmos DB database). */
  open(): Promise<Store>;
  /** Overwrites a stored document with one that breaks its schema, bypassing the adapter's checks. */
  corrupt(store: Store, kind: RecordKind, ref: { tenantId: string; id: string; accountId?: string }): Promise<void>;
  /** Stops whatever the harness started (a server, temp files). */
  dispose(): Promise<void>;
}
