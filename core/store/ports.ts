import type { AccountBundle } from '../rules/account-context';
import type { DirectoryEntry } from '../rules/email-resolution';
import type { RecordInput, RecordKind, RecordOf } from '../domain/record-kinds';

/** Where a record is: always its tenant; the account too when the caller knows it (saves a look-up in Cosmos DB). */
export interface RecordRef {
  tenantId: string;
  id: string;
  accountId?: string;
}

/** A record as read, with the version token a later write must present. */
export interface Versioned<T> {
  record: T;
  etag: string;
}

export interface ListScope {
  tenantId: string;
  /** Required for account-scoped kinds other than `account` itself. */
  accountId?: string;
}

/**
 * Reads and writes domain records. Every operation is confined to one tenant; records are validated
 * against their schema on write and again on read. Writes use optimistic concurrency.
 */
export interface RecordRepository {
  /** @throws AlreadyExistsError when the tenant already has a record of that kind and id. */
  create<K extends RecordKind>(kind: K, record: RecordInput<K>): Promise<Versioned<RecordOf<K>>>;
  /**
   * Creates each record on its own: one outcome per record, in order, so an invalid or duplicate
   * record fails alone. The embedded store commits them all in one transaction — one disk write for
   * many records, which is what this is for (the audit trail's group commit).
   */
  createEach<K extends RecordKind>(kind: K, records: readonly RecordInput<K>[]): Promise<PromiseSettledResult<Versioned<RecordOf<K>>>[]>;
  get<K extends RecordKind>(kind: K, ref: RecordRef): Promise<Versioned<RecordOf<K>> | undefined>;
  getMany<K extends RecordKind>(kind: K, tenantId: string, ids: readonly string[]): Promise<Versioned<RecordOf<K>>[]>;
  /** @throws NotFoundError, ConcurrencyError (etag is stale) */
  replace<K extends RecordKind>(kind: K, record: RecordInput<K>, expectedEtag: string): Promise<Versioned<RecordOf<K>>>;
  /** @throws NotFoundError, ConcurrencyError (when an etag is given and is stale) */
  delete(kind: RecordKind, ref: RecordRef, expectedEtag?: string): Promise<void>;
  list<K extends RecordKind>(kind: K, scope: ListScope): Promise<Versioned<RecordOf<K>>[]>;
}

/** Finds contacts and accounts by the keys of an email address (see rules/email-resolution). */
export interface ContactDirectory {
  lookup(tenantId: string, keys: readonly string[]): Promise<DirectoryEntry[]>;
}

/** Loads everything the Outlook pane shows for one account, in as few round trips as the engine allows. */
export interface AccountBundleSource {
  /** `now` decides which meetings are still upcoming: the caller's clock, the one it assembles the context with. */
  loadBundle(tenantId: string, accountId: string, contactId: string | undefined, now: Date): Promise<AccountBundle | undefined>;
}

/** A write this store object committed: what a cache of the store must forget. */
export interface StoreChange {
  tenantId: string;
  kind: RecordKind;
  id: string;
  /** The account an account-scoped record belongs to (an account's own id for `account`). */
  accountId?: string;
}

/**
 * Tells caches what changed. Writes through this store object are announced one by one, after they
 * commit; writes by anyone else are either counted (`externalVersion`) or invisible (`complete` false).
 */
export interface StoreChanges {
  /** Calls `listener` after every committed create, replace and delete through this object; returns an unsubscribe. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /**
   * True when every write to the data either goes through this object or moves `externalVersion`:
   * the embedded SQLite file. False for a database other servers write to as well (Cosmos DB), where
   * a cache of this process would miss their writes.
   */
  readonly complete: boolean;
  /** A number that changes whenever another connection committed to the same data (only meaningful when `complete`). */
  externalVersion(): number;
}

export interface HealthProbe {
  /** Resolves when the store answers; rejects with the reason otherwise. */
  ping(): Promise<void>;
}

/** The firms (tenants) that have at least one account: what start-up reconciliation walks over. */
export interface TenantRegistry {
  list(): Promise<string[]>;
}

export interface Store {
  readonly engine: 'sqlite' | 'cosmos';
  readonly records: RecordRepository;
  readonly directory: ContactDirectory;
  readonly bundles: AccountBundleSource;
  readonly tenants: TenantRegistry;
  readonly health: HealthProbe;
  readonly changes: StoreChanges;
  close(): Promise<void>;
}
