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
  loadBundle(tenantId: string, accountId: string, contactId: string | undefined): Promise<AccountBundle | undefined>;
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
  close(): Promise<void>;
}
