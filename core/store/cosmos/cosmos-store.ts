import { CosmosClient, type Container, type CosmosClientOptions, type Database, type JSONValue, type RequestOptions } from '@azure/cosmos';
import { OPEN_AGENDA_ITEM_STATUSES } from '../../domain/agenda-item';
import { OPEN_DELEGATION_STATUSES } from '../../domain/delegation';
import { UPCOMING_MEETING_STATUSES } from '../../domain/meeting';
import { accountIdOf, isAccountScoped, type AnyRecord, type RecordInput, type RecordKind, type RecordOf } from '../../domain/record-kinds';
import { AlreadyExistsError, ConcurrencyError, CorruptRecordError, NotFoundError, ValidationError } from '../../errors';
import { peopleReferencedBy, type AccountBundle } from '../../rules/account-context';
import type { DirectoryEntry } from '../../rules/email-resolution';
import { ChangeListeners } from '../change-listeners';
import type { ListScope, RecordRef, RecordRepository, Store, StoreChanges, Versioned } from '../ports';
import { decodeStored, DIRECTORY_OWNER_KINDS, directoryEntriesFor, requireScopeAccount, validateForWrite } from '../record-codec';
import {
  ACCOUNTS_CONTAINER,
  accountOfAddress,
  accountPartition,
  CONTAINER_DEFINITIONS,
  DIRECTORY_CONTAINER,
  directoryEntryDocument,
  locatorAddress,
  locatorDocument,
  locatorDocumentId,
  PARTITION_FIELD,
  recordAddress,
  recordDocumentId,
  TENANT_REGISTRY_PARTITION,
  tenantRegistrationDocument,
  recordFieldsOf,
  recordIdOf,
  toRecordDocument,
  type ContainerName,
  type DirectoryEntryDocument,
  type DocumentAddress,
  type LocatorDocument,
  type RecordDocument,
  type SystemFields,
} from './cosmos-layout';

type Stored<T> = T & SystemFields;

/** How often a write retries when a racing writer keeps changing the same locator or directory entries. */
const MAX_SETTLE_ROUNDS = 3;

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'number' ? error.code : undefined;
}

const ifMatch = (etag: string): RequestOptions => ({ accessCondition: { type: 'IfMatch', condition: etag } });

/**
 * The scale-out store: Azure Cosmos DB through @azure/cosmos (layout in cosmos-layout.ts, reasons in
 * README.md). Behaves exactly like the SQLite adapter under test/contract.
 *
 * A record, its locator and its directory entries live in different containers, so no write is
 * atomic across them. Writes are ordered so that a crash at any point leaves only leftovers that
 * readers tolerate and the next write of the same record repairs:
 * - create: locator, then directory entries, then the record. A leftover locator points at a missing
 *   record (get answers "not found"; a later create reclaims it); a leftover entry resolves an email to
 *   a contact or account whose bundle is missing (the pane shows an unknown sender).
 * - replace: the record (guarded by its etag), then new entries, then stale entries removed. A crash
 *   leaves the directory one version behind until the record is written again.
 * - delete: the record first (guarded by its etag), then its entries and its locator.
 */
export class CosmosStore implements Store, RecordRepository {
  readonly engine = 'cosmos' as const;
  readonly records = this;
  readonly directory = { lookup: (tenantId: string, keys: readonly string[]) => this.lookup(tenantId, keys) };
  readonly bundles = {
    loadBundle: (tenantId: string, accountId: string, contactId: string | undefined, now: Date) => this.loadBundle(tenantId, accountId, contactId, now),
  };
  readonly tenants = { list: () => this.listTenants() };
  readonly health = {
    ping: async () => {
      await this.database.read();
    },
  };

  /**
   * Not complete: other servers write to the same database and their writes are not seen here (the
   * change feed could tell, but the local Cosmos DB server used in tests does not serve it), so no
   * cache may take this store's silence for "nothing changed".
   */
  readonly changes: StoreChanges = { subscribe: (listener) => this.listeners.subscribe(listener), complete: false, externalVersion: () => 0 };

  private readonly containers: Record<ContainerName, Container>;
  private readonly listeners = new ChangeListeners();

  constructor(
    private readonly client: CosmosClient,
    private readonly database: Database,
  ) {
    this.containers = { directory: database.container(DIRECTORY_CONTAINER), accounts: database.container(ACCOUNTS_CONTAINER) };
  }

  async create<K extends RecordKind>(kind: K, input: RecordInput<K>): Promise<Versioned<RecordOf<K>>> {
    const record = validateForWrite(kind, input);
    const accountId = accountIdOf(kind, record);
    const address = recordAddress(kind, record.tenantId, record.id, accountId);
    const entries = this.directoryEntriesOf(kind, record);
    // The locator doubles as the tenant-wide uniqueness guard for (kind, id): record ids are only
    // unique per partition, and account-scoped records of one tenant span many partitions.
    if (accountId !== undefined) await this.claimLocator(kind, record.tenantId, record.id, accountId);
    if (DIRECTORY_OWNER_KINDS.has(kind)) await this.syncDirectory(kind, record.tenantId, record.id, entries);
    // Tenants are registered (idempotently) before their first account exists, so reconciliation at
    // start-up can enumerate them with a single-partition query.
    if (kind === 'account') await this.containers.directory.items.upsert(tenantRegistrationDocument(record.tenantId));
    try {
      const { resource } = await this.container(address).items.create(toRecordDocument(kind, record));
      this.listeners.announce(kind, record.tenantId, record.id, accountId);
      return { record, etag: resource!._etag };
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      // Lost a race with another create of the same record after the locator check: put the
      // directory back to what the winner stored before reporting the conflict.
      if (DIRECTORY_OWNER_KINDS.has(kind)) await this.settleDirectory(kind, record.tenantId, record.id, address);
      throw new AlreadyExistsError(kind, record.id);
    }
  }

  /** Each record on its own, concurrently: Cosmos DB has no transaction across partitions, and none is promised. */
  async createEach<K extends RecordKind>(kind: K, inputs: readonly RecordInput<K>[]): Promise<PromiseSettledResult<Versioned<RecordOf<K>>>[]> {
    return Promise.allSettled(inputs.map((input) => this.create(kind, input)));
  }

  async get<K extends RecordKind>(kind: K, ref: RecordRef): Promise<Versioned<RecordOf<K>> | undefined> {
    const address = await this.locate(kind, ref);
    if (!address) return undefined;
    const document = await this.read<RecordDocument>(address);
    return document ? this.decode(kind, ref.tenantId, document) : undefined;
  }

  async getMany<K extends RecordKind>(kind: K, tenantId: string, ids: readonly string[]): Promise<Versioned<RecordOf<K>>[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    let found: Versioned<RecordOf<K>>[];
    if (!isAccountScoped(kind)) {
      found = await this.queryRecords(kind, tenantId, DIRECTORY_CONTAINER, tenantId, unique);
    } else if (kind === 'account') {
      found = (await this.readAccounts(tenantId, unique)) as Versioned<RecordOf<K>>[];
    } else {
      // One query for the locators, then one query per account partition the records are in.
      const locators = await this.query<LocatorDocument>(DIRECTORY_CONTAINER, tenantId, 'c.type = @type AND ARRAY_CONTAINS(@ids, c.id)', {
        '@type': 'locator',
        '@ids': unique.map((id) => locatorDocumentId(kind, id)),
      });
      const byAccount = new Map<string, string[]>();
      for (const locator of locators) byAccount.set(locator.accountId, [...(byAccount.get(locator.accountId) ?? []), locator.recordId]);
      const perAccount = await Promise.all(
        [...byAccount].map(([accountId, accountIds]) => this.queryRecords(kind, tenantId, ACCOUNTS_CONTAINER, accountPartition(tenantId, accountId), accountIds)),
      );
      found = perAccount.flat();
    }
    const order = new Map(unique.map((id, index) => [id, index]));
    return found.sort((a, b) => order.get(a.record.id)! - order.get(b.record.id)!);
  }

  async replace<K extends RecordKind>(kind: K, input: RecordInput<K>, expectedEtag: string): Promise<Versioned<RecordOf<K>>> {
    const record = validateForWrite(kind, input);
    const address = recordAddress(kind, record.tenantId, record.id, accountIdOf(kind, record));
    const entries = this.directoryEntriesOf(kind, record);
    let etag: string;
    try {
      const { resource } = await this.container(address).item(address.id, address.partitionKey).replace(toRecordDocument(kind, record), ifMatch(expectedEtag));
      etag = resource!._etag;
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) throw new ConcurrencyError(kind, record.id);
      if (status === 404) throw await this.whyMissing(kind, record);
      throw error;
    }
    this.listeners.announce(kind, record.tenantId, record.id, accountIdOf(kind, record));
    if (DIRECTORY_OWNER_KINDS.has(kind)) await this.settleDirectory(kind, record.tenantId, record.id, address, { entries, etag });
    return { record, etag };
  }

  async delete(kind: RecordKind, ref: RecordRef, expectedEtag?: string): Promise<void> {
    const address = await this.locate(kind, ref);
    if (!address) throw new NotFoundError(`${kind} ${ref.id}`);
    try {
      await this.container(address).item(address.id, address.partitionKey).delete(expectedEtag !== undefined ? ifMatch(expectedEtag) : undefined);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) throw new NotFoundError(`${kind} ${ref.id}`);
      if (status === 412) throw new ConcurrencyError(kind, ref.id);
      throw error;
    }
    // The record is gone; what follows only tidies up pointers to it.
    this.listeners.announce(kind, ref.tenantId, ref.id, accountOfAddress(ref.tenantId, address));
    if (DIRECTORY_OWNER_KINDS.has(kind)) await this.syncDirectory(kind, ref.tenantId, ref.id, []);
    if (isAccountScoped(kind)) await this.deleteIfPresent(locatorAddress(ref.tenantId, kind, ref.id));
  }

  async list<K extends RecordKind>(kind: K, scope: ListScope): Promise<Versioned<RecordOf<K>>[]> {
    let found: Versioned<RecordOf<K>>[];
    if (!isAccountScoped(kind)) {
      found = await this.queryRecords(kind, scope.tenantId, DIRECTORY_CONTAINER, scope.tenantId);
    } else if (kind === 'account') {
      // A tenant's accounts are spread over one partition each; their locators, all in the tenant's
      // directory partition, say which ones exist.
      const locators = await this.query<LocatorDocument>(DIRECTORY_CONTAINER, scope.tenantId, 'c.type = @type AND c.kind = @kind', {
        '@type': 'locator',
        '@kind': 'account',
      });
      found = (await this.readAccounts(
        scope.tenantId,
        locators.map((locator) => locator.recordId),
      )) as Versioned<RecordOf<K>>[];
    } else {
      found = await this.queryRecords(kind, scope.tenantId, ACCOUNTS_CONTAINER, accountPartition(scope.tenantId, requireScopeAccount(kind, scope)));
    }
    return found.sort((a, b) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  }

  async lookup(tenantId: string, keys: readonly string[]): Promise<DirectoryEntry[]> {
    if (keys.length === 0) return [];
    const documents = await this.query<DirectoryEntryDocument>(DIRECTORY_CONTAINER, tenantId, 'c.type = @type AND ARRAY_CONTAINS(@keys, c["key"])', {
      '@type': 'dirEntry',
      '@keys': [...keys],
    });
    return documents
      .filter((entry) => typeof entry.key === 'string' && typeof entry.accountId === 'string')
      .map((entry) => ({ key: entry.key, accountId: entry.accountId, ...(typeof entry.contactId === 'string' ? { contactId: entry.contactId } : {}) }));
  }

  /**
   * Two round trips: one query over the account's partition for everything the pane shows (same
   * filters as the SQLite adapter), then one query for the people those records name.
   */
  async loadBundle(tenantId: string, accountId: string, contactId: string | undefined, now: Date): Promise<AccountBundle | undefined> {
    const clauses = [
      `(c.type = 'account' AND c.id = @accountDoc)`,
      `(c.type = 'delegation' AND ARRAY_CONTAINS(@openDelegationStatuses, c.status))`,
      `(c.type = 'meeting' AND c.scheduledAt >= @now AND ARRAY_CONTAINS(@upcomingMeetingStatuses, c.status))`,
      `(c.type = 'agendaItem' AND ARRAY_CONTAINS(@openAgendaItemStatuses, c.status))`,
      `c.type = 'progressEntry'`,
    ];
    const parameters: Record<string, JSONValue> = {
      '@accountDoc': recordDocumentId('account', accountId),
      '@openDelegationStatuses': [...OPEN_DELEGATION_STATUSES],
      '@now': now.toISOString(),
      '@upcomingMeetingStatuses': [...UPCOMING_MEETING_STATUSES],
      '@openAgendaItemStatuses': [...OPEN_AGENDA_ITEM_STATUSES],
    };
    if (contactId !== undefined) {
      clauses.push(`(c.type = 'contact' AND c.id = @contactDoc)`);
      parameters['@contactDoc'] = recordDocumentId('contact', contactId);
    }
    const documents = await this.query<RecordDocument>(ACCOUNTS_CONTAINER, accountPartition(tenantId, accountId), clauses.join(' OR '), parameters);
    const ofKind = <K extends RecordKind>(kind: K) =>
      documents
        .filter((document) => document.type === kind)
        .map((document) => this.decode(kind, tenantId, document).record)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const [account] = ofKind('account');
    if (!account) return undefined;
    const [contact] = ofKind('contact');
    const delegations = ofKind('delegation');
    const agendaItems = ofKind('agendaItem');
    const people = (await this.getMany('person', tenantId, peopleReferencedBy(account, contact, delegations, agendaItems))).map((found) => found.record);
    return { account, ...(contact ? { contact } : {}), people, delegations, meetings: ofKind('meeting'), agendaItems, progress: ofKind('progressEntry') };
  }

  private async listTenants(): Promise<string[]> {
    const rows = await this.query<{ registeredTenantId: string }>('directory', TENANT_REGISTRY_PARTITION, "c.type = 'tenantRegistration'", {});
    return rows.map((row) => row.registeredTenantId).sort();
  }

  async close(): Promise<void> {
    this.client.dispose();
  }

  /** Where a record is, reading its locator when the caller did not say which account it is in. */
  private async locate(kind: RecordKind, ref: RecordRef): Promise<DocumentAddress | undefined> {
    if (!isAccountScoped(kind)) return recordAddress(kind, ref.tenantId, ref.id, undefined);
    if (kind === 'account') return ref.accountId === undefined || ref.accountId === ref.id ? recordAddress(kind, ref.tenantId, ref.id, undefined) : undefined;
    if (ref.accountId !== undefined) return recordAddress(kind, ref.tenantId, ref.id, ref.accountId);
    const locator = await this.read<LocatorDocument>(locatorAddress(ref.tenantId, kind, ref.id));
    return locator ? recordAddress(kind, ref.tenantId, ref.id, locator.accountId) : undefined;
  }

  /**
   * Creates the record's locator, or fails with AlreadyExistsError when the tenant has a record of
   * that kind and id. A locator whose record is missing is a leftover of an interrupted create (or
   * delete) and is taken over.
   */
  private async claimLocator(kind: RecordKind, tenantId: string, id: string, accountId: string): Promise<void> {
    const address = locatorAddress(tenantId, kind, id);
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      try {
        await this.containers.directory.items.create(locatorDocument(tenantId, kind, id, accountId));
        return;
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
      const existing = await this.read<LocatorDocument>(address);
      if (!existing) continue; // deleted in the meantime: try creating it again
      if (await this.read(recordAddress(kind, tenantId, id, existing.accountId))) throw new AlreadyExistsError(kind, id);
      if (existing.accountId === accountId) return;
      try {
        await this.containers.directory.item(address.id, address.partitionKey).replace(locatorDocument(tenantId, kind, id, accountId), ifMatch(existing._etag));
        return;
      } catch (error) {
        if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
      }
    }
    throw new AlreadyExistsError(kind, id);
  }

  /** The error for a replace that found no document where the record should be. */
  private async whyMissing(kind: RecordKind, record: AnyRecord): Promise<Error> {
    const accountId = accountIdOf(kind, record);
    if (accountId !== undefined && kind !== 'account') {
      const locator = await this.read<LocatorDocument>(locatorAddress(record.tenantId, kind, record.id));
      if (locator && locator.accountId !== accountId && (await this.read(recordAddress(kind, record.tenantId, record.id, locator.accountId)))) {
        return new ValidationError(`invalid ${kind}`, [{ path: 'accountId', message: 'a record cannot move to another account' }]);
      }
    }
    return new NotFoundError(`${kind} ${record.id}`);
  }

  private directoryEntriesOf(kind: RecordKind, record: AnyRecord): DirectoryEntry[] {
    const entries = directoryEntriesFor(kind, record);
    if (entries.length > 0 && !DIRECTORY_OWNER_KINDS.has(kind)) throw new Error(`${kind} records have directory entries: add the kind to DIRECTORY_OWNER_KINDS`);
    return entries;
  }

  /** Makes the owner's directory entries exactly `entries`: upserts the new or changed ones, then removes the stale ones. */
  private async syncDirectory(ownerKind: RecordKind, tenantId: string, ownerId: string, entries: readonly DirectoryEntry[]): Promise<void> {
    const existing = await this.query<DirectoryEntryDocument>(DIRECTORY_CONTAINER, tenantId, 'c.type = @type AND c.ownerKind = @ownerKind AND c.ownerId = @ownerId', {
      '@type': 'dirEntry',
      '@ownerKind': ownerKind,
      '@ownerId': ownerId,
    });
    const current = new Map(existing.map((document) => [document.id, document]));
    const wanted = entries.map((entry) => directoryEntryDocument(tenantId, ownerKind, ownerId, entry));
    const changed = wanted.filter((document) => {
      const stored = current.get(document.id);
      return !stored || stored.key !== document.key || stored.accountId !== document.accountId || stored.contactId !== document.contactId;
    });
    await Promise.all(changed.map((document) => this.containers.directory.items.upsert(document)));
    const keep = new Set(wanted.map((document) => document.id));
    await Promise.all(
      existing
        .filter((document) => !keep.has(document.id))
        .map((document) => this.deleteIfPresent({ container: DIRECTORY_CONTAINER, partitionKey: tenantId, id: document.id })),
    );
  }

  /**
   * Brings the owner's directory entries in line with its stored record, re-checking afterwards that
   * the record did not change meanwhile: when two writers of the same contact interleave, the one
   * that finishes last leaves the entries of the final version.
   */
  private async settleDirectory(kind: RecordKind, tenantId: string, id: string, address: DocumentAddress, written?: { entries: DirectoryEntry[]; etag: string }): Promise<void> {
    let known = written;
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      if (known) await this.syncDirectory(kind, tenantId, id, known.entries);
      const latest = await this.read<RecordDocument>(address);
      if (latest && known && latest._etag === known.etag) return;
      if (!latest) {
        await this.syncDirectory(kind, tenantId, id, []);
        return;
      }
      known = { entries: this.directoryEntriesOf(kind, this.decode(kind, tenantId, latest).record), etag: latest._etag };
    }
  }

  private async readAccounts(tenantId: string, ids: readonly string[]): Promise<Versioned<RecordOf<'account'>>[]> {
    const documents = await Promise.all(ids.map((id) => this.read<RecordDocument>(recordAddress('account', tenantId, id, undefined))));
    return documents.flatMap((document) => (document ? [this.decode('account', tenantId, document)] : []));
  }

  /** The records of one kind in one partition, optionally only those with the given ids. */
  private async queryRecords<K extends RecordKind>(
    kind: K,
    tenantId: string,
    container: ContainerName,
    partitionKey: string,
    ids?: readonly string[],
  ): Promise<Versioned<RecordOf<K>>[]> {
    const byId = ids ? ' AND ARRAY_CONTAINS(@ids, c.id)' : '';
    const parameters: Record<string, JSONValue> = { '@type': kind, ...(ids ? { '@ids': ids.map((id) => recordDocumentId(kind, id)) } : {}) };
    const documents = await this.query<RecordDocument>(container, partitionKey, `c.type = @type${byId}`, parameters);
    return documents.map((document) => this.decode(kind, tenantId, document));
  }

  /**
   * A parameterised query confined to one partition. The partition key is passed to the SDK (which
   * routes the query to that partition) and repeated in the WHERE clause, because the local
   * cosmosdb-server ignores the former and a query must never see another tenant's documents.
   */
  private async query<T>(container: ContainerName, partitionKey: string, where: string, parameters: Record<string, JSONValue>): Promise<Stored<T>[]> {
    const field = PARTITION_FIELD[container];
    const { resources } = await this.containers[container].items
      .query<Stored<T>>(
        {
          query: `SELECT * FROM c WHERE c.${field} = @partitionKey AND (${where})`,
          parameters: [{ name: '@partitionKey', value: partitionKey }, ...Object.entries(parameters).map(([name, value]) => ({ name, value }))],
        },
        { partitionKey, maxItemCount: -1 },
      )
      .fetchAll();
    return resources;
  }

  /** A point read; undefined when there is no such document. */
  private async read<T = Record<string, unknown>>(address: DocumentAddress): Promise<Stored<T> | undefined> {
    try {
      const { resource, statusCode } = await this.container(address).item(address.id, address.partitionKey).read<Stored<T>>();
      return statusCode === 404 ? undefined : resource;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async deleteIfPresent(address: DocumentAddress): Promise<void> {
    try {
      await this.container(address).item(address.id, address.partitionKey).delete();
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  private container(address: DocumentAddress): Container {
    return this.containers[address.container];
  }

  private decode<K extends RecordKind>(kind: K, tenantId: string, document: Stored<RecordDocument>): Versioned<RecordOf<K>> {
    const id = recordIdOf(kind, String(document.id));
    const record = decodeStored(kind, id, recordFieldsOf(id, document));
    // The partition already confines reads to one tenant; a document claiming another is corrupt.
    if (record.tenantId !== tenantId) throw new CorruptRecordError(kind, id, `tenantId ${record.tenantId} stored in tenant ${tenantId}'s partition`);
    return { record, etag: document._etag };
  }
}

export interface CosmosStoreOptions {
  /** The account endpoint, e.g. https://<account>.documents.azure.com:443/ */
  endpoint: string;
  /** Account key; or use `aadCredentials` (managed identity) with Cosmos DB data-plane RBAC. */
  key?: string;
  aadCredentials?: CosmosClientOptions['aadCredentials'];
  databaseId: string;
  /**
   * Create the database and containers when missing (default: only with a key). Data-plane RBAC
   * identities cannot create them: with `aadCredentials` the deployment (infra/) does, and the store
   * only checks that they are there with the expected partition keys.
   */
  provision?: boolean;
  /** Further SDK options (connection policy, agent, user agent suffix). */
  clientOptions?: Omit<CosmosClientOptions, 'endpoint' | 'key' | 'aadCredentials'>;
}

/** Opens the Cosmos DB store, creating (or checking) its database and containers. */
export async function createCosmosStore(options: CosmosStoreOptions): Promise<CosmosStore> {
  if (!options.endpoint) throw new Error('Cosmos DB needs an endpoint');
  if (!options.key && !options.aadCredentials) throw new Error('Cosmos DB needs an account key or an Entra ID credential');
  const client = new CosmosClient({
    ...options.clientOptions,
    endpoint: options.endpoint,
    ...(options.key ? { key: options.key } : { aadCredentials: options.aadCredentials }),
  });
  try {
    const provision = options.provision ?? Boolean(options.key);
    const database = provision ? (await client.databases.createIfNotExists({ id: options.databaseId })).database : client.database(options.databaseId);
    for (const definition of CONTAINER_DEFINITIONS) {
      const { resource } = provision ? await database.containers.createIfNotExists(definition) : await database.container(definition.id).read();
      const paths = resource?.partitionKey?.paths ?? [];
      if (!resource) throw new Error(`Cosmos DB container ${options.databaseId}/${definition.id} does not exist`);
      if (paths.join(',') !== definition.partitionKey!.paths.join(',')) {
        throw new Error(`Cosmos DB container ${definition.id} is partitioned by ${paths.join(',') || 'nothing'}, expected ${definition.partitionKey!.paths.join(',')}`);
      }
    }
    return new CosmosStore(client, database);
  } catch (error) {
    client.dispose();
    throw error;
  }
}
