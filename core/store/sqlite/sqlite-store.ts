import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { AlreadyExistsError, ConcurrencyError, NotFoundError, ValidationError } from '../../errors';
import { accountIdOf, isAccountScoped, type RecordInput, type RecordKind, type RecordOf } from '../../domain/record-kinds';
import { OPEN_AGENDA_ITEM_STATUSES } from '../../domain/agenda-item';
import { OPEN_DELEGATION_STATUSES } from '../../domain/delegation';
import { UPCOMING_MEETING_STATUSES } from '../../domain/meeting';
import { peopleReferencedBy, type AccountBundle } from '../../rules/account-context';
import type { DirectoryEntry } from '../../rules/email-resolution';
import { ChangeListeners } from '../change-listeners';
import type { ListScope, RecordRef, RecordRepository, Store, StoreChanges, Versioned } from '../ports';
import { AuditTrailFile, auditTrailPathFor } from './audit-trail-file';
import { RECORDS_COLUMNS, RECORDS_COPY, RECORDS_INSERT, RECORDS_TABLE, type RecordRow } from './records-table';
import { openWalDatabase, type WalCheckpointer } from './wal-checkpointer';
import { decodeStored, DIRECTORY_OWNER_KINDS, directoryEntriesFor, requireScopeAccount, validateForWrite } from '../record-codec';

interface Row {
  id: string;
  account_id: string | null;
  body: string;
  etag: string;
}

/** The statements on one file's records table that every kind's reads and rare writes use. */
interface RecordTable {
  db: Database.Database;
  get: Database.Statement<[string, string, string], Row>;
  update: Database.Statement;
  delete: Database.Statement;
  listTenant: Database.Statement<[string, string], Row>;
}

/** The main file's user_version from which its audit entries are known to be in the audit trail's file. */
const LAYOUT_AUDIT_TRAIL_APART = 1;

/** Kinds kept in the audit trail's own file (see AuditTrailFile): written constantly, read by no context. */
const AUDIT_TRAIL_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>(['auditEntry']);

/**
 * Access paths are pinned with INDEXED BY: without planner statistics (a fresh file, or one that grew
 * since the last ANALYZE) SQLite picks the primary key's (tenant, kind) prefix and scans every record
 * of that kind in the tenant — measured at 45 ms per context lookup on 50,000 delegations, 0.1 ms pinned.
 */
const SCHEMA = `
  ${RECORDS_TABLE}
  CREATE INDEX IF NOT EXISTS records_by_account ON records (tenant_id, account_id, kind);
  CREATE TABLE IF NOT EXISTS directory (
    tenant_id  TEXT NOT NULL,
    key        TEXT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    account_id TEXT NOT NULL,
    contact_id TEXT,
    PRIMARY KEY (tenant_id, key, owner_kind, owner_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS directory_by_owner ON directory (tenant_id, owner_kind, owner_id);
`;

/**
 * The adapter's statements, by name. Exported so that test/bench/profile-context.ts times and explains
 * exactly the SQL the adapter runs.
 */
export const SQLITE_STATEMENTS = {
  get: 'SELECT id, account_id, body, etag FROM records WHERE tenant_id = ? AND kind = ? AND id = ?',
  insert: RECORDS_INSERT,
  update: 'UPDATE records SET body = ?, etag = ?, updated_at = ? WHERE tenant_id = ? AND kind = ? AND id = ? AND etag = ?',
  delete: 'DELETE FROM records WHERE tenant_id = ? AND kind = ? AND id = ?',
  listTenant: 'SELECT id, account_id, body, etag FROM records WHERE tenant_id = ? AND kind = ? ORDER BY id',
  listAccount: 'SELECT id, account_id, body, etag FROM records INDEXED BY records_by_account WHERE tenant_id = ? AND account_id = ? AND kind = ? ORDER BY id',
  openDelegations: `SELECT id, account_id, body, etag FROM records INDEXED BY records_by_account WHERE tenant_id = ? AND account_id = ? AND kind = 'delegation'
           AND json_extract(body, '$.status') IN (SELECT value FROM json_each(?))`,
  // By instant, not by text: instants are written in UTC (see Instant), but rows from before that may carry an offset.
  upcomingMeetings: `SELECT id, account_id, body, etag FROM records INDEXED BY records_by_account WHERE tenant_id = ? AND account_id = ? AND kind = 'meeting'
           AND unixepoch(json_extract(body, '$.scheduledAt'), 'subsec') >= unixepoch(?, 'subsec') AND json_extract(body, '$.status') IN (SELECT value FROM json_each(?))`,
  openAgendaItems: `SELECT id, account_id, body, etag FROM records INDEXED BY records_by_account WHERE tenant_id = ? AND account_id = ? AND kind = 'agendaItem'
           AND json_extract(body, '$.status') IN (SELECT value FROM json_each(?))`,
  deleteEntries: 'DELETE FROM directory INDEXED BY directory_by_owner WHERE tenant_id = ? AND owner_kind = ? AND owner_id = ?',
  insertEntry: 'INSERT OR REPLACE INTO directory (tenant_id, key, owner_kind, owner_id, account_id, contact_id) VALUES (?, ?, ?, ?, ?, ?)',
  lookup: 'SELECT key, account_id, contact_id FROM directory WHERE tenant_id = ? AND key IN (SELECT value FROM json_each(?))',
  dataVersion: 'PRAGMA data_version',
} as const;

/**
 * The embedded store: one SQLite file in WAL mode. A record and its directory entries change in one
 * transaction, so the directory never points at a contact that is not there.
 */
export class SqliteStore implements Store, RecordRepository {
  readonly engine = 'sqlite' as const;
  readonly records = this;
  readonly directory = { lookup: (tenantId: string, keys: readonly string[]) => this.lookup(tenantId, keys) };
  readonly bundles = {
    loadBundle: (tenantId: string, accountId: string, contactId: string | undefined, now: Date) => this.loadBundle(tenantId, accountId, contactId, now),
  };
  readonly tenants = {
    list: async () => this.db.prepare<[], { tenant_id: string }>("SELECT DISTINCT tenant_id FROM records WHERE kind = 'account' ORDER BY tenant_id").all().map((row) => row.tenant_id),
  };
  readonly health = { ping: async () => void this.db.prepare('SELECT 1').get() };
  /** Complete: one process serves the file, and a commit by any other connection moves SQLite's data_version. */
  readonly changes: StoreChanges = {
    subscribe: (listener) => this.listeners.subscribe(listener),
    complete: true,
    externalVersion: () => this.statements.dataVersion.get() as number,
  };

  private readonly db: Database.Database;
  private readonly statements;
  private readonly listeners = new ChangeListeners();
  private readonly checkpointer?: WalCheckpointer;
  /** The audit trail's file; absent in memory, where audit entries stay in the one database. */
  private readonly auditTrail?: { file: AuditTrailFile; table: RecordTable };
  private readonly mainTable: RecordTable;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    ({ db: this.db, checkpointer: this.checkpointer } = openWalDatabase(path, SCHEMA));
    this.db.pragma('foreign_keys = ON');
    const sql = SQLITE_STATEMENTS;
    this.statements = {
      get: this.db.prepare<[string, string, string], Row>(sql.get),
      insert: this.db.prepare(sql.insert),
      update: this.db.prepare(sql.update),
      delete: this.db.prepare(sql.delete),
      listTenant: this.db.prepare<[string, string], Row>(sql.listTenant),
      listAccount: this.db.prepare<[string, string, string], Row>(sql.listAccount),
      openDelegations: this.db.prepare<[string, string, string], Row>(sql.openDelegations),
      upcomingMeetings: this.db.prepare<[string, string, string], Row>(sql.upcomingMeetings),
      openAgendaItems: this.db.prepare<[string, string], Row>(sql.openAgendaItems),
      deleteEntries: this.db.prepare(sql.deleteEntries),
      insertEntry: this.db.prepare(sql.insertEntry),
      lookup: this.db.prepare<[string, string], { key: string; account_id: string; contact_id: string | null }>(sql.lookup),
      dataVersion: this.db.prepare(sql.dataVersion).pluck(),
    };
    this.mainTable = { db: this.db, ...this.statements };
    if (path !== ':memory:') {
      const file = new AuditTrailFile(auditTrailPathFor(path));
      const table: RecordTable = {
        db: file.db,
        get: file.db.prepare<[string, string, string], Row>(sql.get),
        update: file.db.prepare(sql.update),
        delete: file.db.prepare(sql.delete),
        listTenant: file.db.prepare<[string, string], Row>(sql.listTenant),
      };
      this.auditTrail = { file, table };
      this.moveAuditEntriesToTheirFile(file.db);
    }
  }

  /**
   * Stores written before the audit trail had its own file kept its entries in `records`: move them
   * over, in batches, each copied (ignoring ids already there) before it is deleted here — so a crash
   * half-way leaves every entry in at least one file, and the next start finishes the move. The file's
   * user_version records that the move is done, so later starts skip the scan (the primary key leads
   * with the tenant: finding a kind across tenants reads the whole table).
   */
  private moveAuditEntriesToTheirFile(audit: Database.Database): void {
    if ((this.db.pragma('user_version', { simple: true }) as number) >= LAYOUT_AUDIT_TRAIL_APART) return;
    const select = this.db.prepare<[], RecordRow>(
      `SELECT ${RECORDS_COLUMNS} FROM records WHERE kind IN (${[...AUDIT_TRAIL_KINDS].map((kind) => `'${kind}'`).join(', ')}) LIMIT 5000`,
    ).raw();
    const copy = audit.prepare(RECORDS_COPY);
    for (let rows = select.all(); rows.length > 0; rows = select.all()) {
      audit.transaction(() => rows.forEach((row) => copy.run(...row)))();
      this.db.transaction(() => rows.forEach(([tenantId, kind, id]) => this.statements.delete.run(tenantId, kind, id)))();
    }
    this.db.pragma(`user_version = ${LAYOUT_AUDIT_TRAIL_APART}`);
  }

  /** The audit trail's file when `kind` is kept there (never in memory). */
  private auditTrailFor(kind: RecordKind) {
    return AUDIT_TRAIL_KINDS.has(kind) ? this.auditTrail : undefined;
  }

  private tableFor(kind: RecordKind): RecordTable {
    return this.auditTrailFor(kind)?.table ?? this.mainTable;
  }

  async create<K extends RecordKind>(kind: K, input: RecordInput<K>): Promise<Versioned<RecordOf<K>>> {
    const auditTrail = this.auditTrailFor(kind);
    if (auditTrail) {
      const [outcome] = await this.appendToAuditTrail(auditTrail.file, kind, [input]);
      if (outcome!.status === 'rejected') throw outcome!.reason;
      return outcome!.value;
    }
    const created = this.insertOne(kind, input);
    this.listeners.announce(kind, created.record.tenantId, created.record.id, accountIdOf(kind, created.record));
    return created;
  }

  async createEach<K extends RecordKind>(kind: K, inputs: readonly RecordInput<K>[]): Promise<PromiseSettledResult<Versioned<RecordOf<K>>>[]> {
    const auditTrail = this.auditTrailFor(kind);
    if (auditTrail) return this.appendToAuditTrail(auditTrail.file, kind, inputs);
    const outcomes = this.db.transaction(() =>
      inputs.map((input): PromiseSettledResult<Versioned<RecordOf<K>>> => {
        try {
          // Called inside a transaction, insertOne's own transaction is a savepoint: a failure undoes that record only.
          return { status: 'fulfilled', value: this.insertOne(kind, input) };
        } catch (reason) {
          return { status: 'rejected', reason };
        }
      }),
    )();
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') this.listeners.announce(kind, outcome.value.record.tenantId, outcome.value.record.id, accountIdOf(kind, outcome.value.record));
    }
    return outcomes;
  }

  async get<K extends RecordKind>(kind: K, ref: RecordRef): Promise<Versioned<RecordOf<K>> | undefined> {
    const row = this.tableFor(kind).get.get(ref.tenantId, kind, ref.id);
    if (!row) return undefined;
    if (ref.accountId !== undefined && isAccountScoped(kind) && row.account_id !== ref.accountId) return undefined;
    return this.decode(kind, row);
  }

  async getMany<K extends RecordKind>(kind: K, tenantId: string, ids: readonly string[]): Promise<Versioned<RecordOf<K>>[]> {
    const found: Versioned<RecordOf<K>>[] = [];
    const table = this.tableFor(kind);
    for (const id of new Set(ids)) {
      const row = table.get.get(tenantId, kind, id);
      if (row) found.push(this.decode(kind, row));
    }
    return found;
  }

  async replace<K extends RecordKind>(kind: K, input: RecordInput<K>, expectedEtag: string): Promise<Versioned<RecordOf<K>>> {
    const record = validateForWrite(kind, input);
    const etag = randomUUID();
    const table = this.tableFor(kind);
    table.db.transaction(() => {
      const current = table.get.get(record.tenantId, kind, record.id);
      if (!current) throw new NotFoundError(`${kind} ${record.id}`);
      if ((accountIdOf(kind, record) ?? null) !== current.account_id) {
        throw new ValidationError(`invalid ${kind}`, [{ path: 'accountId', message: 'a record cannot move to another account' }]);
      }
      const changed = table.update.run(JSON.stringify(record), etag, new Date().toISOString(), record.tenantId, kind, record.id, expectedEtag);
      if (changed.changes === 0) throw new ConcurrencyError(kind, record.id);
      this.writeDirectory(kind, record);
    })();
    this.listeners.announce(kind, record.tenantId, record.id, accountIdOf(kind, record));
    return { record, etag };
  }

  async delete(kind: RecordKind, ref: RecordRef, expectedEtag?: string): Promise<void> {
    const table = this.tableFor(kind);
    const accountId = table.db.transaction(() => {
      const current = table.get.get(ref.tenantId, kind, ref.id);
      if (!current || (ref.accountId !== undefined && isAccountScoped(kind) && current.account_id !== ref.accountId)) {
        throw new NotFoundError(`${kind} ${ref.id}`);
      }
      if (expectedEtag !== undefined && current.etag !== expectedEtag) throw new ConcurrencyError(kind, ref.id);
      table.delete.run(ref.tenantId, kind, ref.id);
      if (DIRECTORY_OWNER_KINDS.has(kind)) this.statements.deleteEntries.run(ref.tenantId, kind, ref.id);
      return current.account_id ?? undefined;
    })();
    this.listeners.announce(kind, ref.tenantId, ref.id, accountId);
  }

  async list<K extends RecordKind>(kind: K, scope: ListScope): Promise<Versioned<RecordOf<K>>[]> {
    const rows =
      isAccountScoped(kind) && kind !== 'account'
        ? this.statements.listAccount.all(scope.tenantId, requireScopeAccount(kind, scope), kind)
        : this.tableFor(kind).listTenant.all(scope.tenantId, kind);
    return rows.map((row) => this.decode(kind, row));
  }

  async lookup(tenantId: string, keys: readonly string[]): Promise<DirectoryEntry[]> {
    return this.statements.lookup.all(tenantId, JSON.stringify(keys)).map((row) => ({
      key: row.key,
      accountId: row.account_id,
      ...(row.contact_id ? { contactId: row.contact_id } : {}),
    }));
  }

  async loadBundle(tenantId: string, accountId: string, contactId: string | undefined, now: Date): Promise<AccountBundle | undefined> {
    const accountRow = this.statements.get.get(tenantId, 'account', accountId);
    if (!accountRow) return undefined;
    const account = this.decode('account', accountRow).record;
    const contactRow = contactId ? this.statements.get.get(tenantId, 'contact', contactId) : undefined;
    const contact = contactRow && contactRow.account_id === accountId ? this.decode('contact', contactRow).record : undefined;
    const rows = (statement: { all: (...args: string[]) => Row[] }, ...args: string[]) => statement.all(tenantId, accountId, ...args);
    const delegations = rows(this.statements.openDelegations, JSON.stringify(OPEN_DELEGATION_STATUSES)).map((row) => this.decode('delegation', row).record);
    const meetings = rows(this.statements.upcomingMeetings, now.toISOString(), JSON.stringify(UPCOMING_MEETING_STATUSES)).map((row) => this.decode('meeting', row).record);
    const agendaItems = rows(this.statements.openAgendaItems, JSON.stringify(OPEN_AGENDA_ITEM_STATUSES)).map((row) => this.decode('agendaItem', row).record);
    const progress = rows(this.statements.listAccount, 'progressEntry').map((row) => this.decode('progressEntry', row).record);
    const personIds = peopleReferencedBy(account, contact, delegations, agendaItems);
    const people = (await this.getMany('person', tenantId, personIds)).map((found) => found.record);
    return { account, ...(contact ? { contact } : {}), people, delegations, meetings, agendaItems, progress };
  }

  async close(): Promise<void> {
    await this.auditTrail?.file.close();
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  /** createEach for the audit trail's kinds: validated here, inserted by the audit trail's writer thread. */
  private async appendToAuditTrail<K extends RecordKind>(file: AuditTrailFile, kind: K, inputs: readonly RecordInput<K>[]): Promise<PromiseSettledResult<Versioned<RecordOf<K>>>[]> {
    const now = new Date().toISOString();
    const outcomes: PromiseSettledResult<Versioned<RecordOf<K>>>[] = [];
    const rows: RecordRow[] = [];
    const rowOf: number[] = [];
    for (const input of inputs) {
      try {
        const record = validateForWrite(kind, input);
        const etag = randomUUID();
        outcomes.push({ status: 'fulfilled', value: { record, etag } });
        rowOf.push(outcomes.length - 1);
        rows.push([record.tenantId, kind, record.id, accountIdOf(kind, record) ?? null, JSON.stringify(record), etag, now]);
      } catch (reason) {
        outcomes.push({ status: 'rejected', reason });
      }
    }
    const results = await file.append(rows);
    results.forEach((result, index) => {
      const at = rowOf[index]!;
      if (result.stored) {
        const { record } = (outcomes[at] as PromiseFulfilledResult<Versioned<RecordOf<K>>>).value;
        this.listeners.announce(kind, record.tenantId, record.id, accountIdOf(kind, record));
      } else {
        outcomes[at] = { status: 'rejected', reason: result.duplicate ? new AlreadyExistsError(kind, rows[index]![2]) : new Error(result.message) };
      }
    });
    return outcomes;
  }

  /**
   * Validates and inserts one record with its directory entries. Several statements need a
   * transaction (a savepoint when called inside another); a lone INSERT is atomic by itself, and
   * skipping the savepoint matters when createEach writes hundreds of records at once.
   */
  private insertOne<K extends RecordKind>(kind: K, input: RecordInput<K>): Versioned<RecordOf<K>> {
    const record = validateForWrite(kind, input);
    const etag = randomUUID();
    const insert = () => {
      try {
        this.statements.insert.run(record.tenantId, kind, record.id, accountIdOf(kind, record) ?? null, JSON.stringify(record), etag, new Date().toISOString());
      } catch (error) {
        if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AlreadyExistsError(kind, record.id);
        throw error;
      }
    };
    if (DIRECTORY_OWNER_KINDS.has(kind)) {
      this.db.transaction(() => {
        insert();
        this.writeDirectory(kind, record);
      })();
    } else {
      insert();
    }
    return { record, etag };
  }

  private writeDirectory(kind: RecordKind, record: RecordOf<RecordKind>): void {
    if (!DIRECTORY_OWNER_KINDS.has(kind)) return;
    this.statements.deleteEntries.run(record.tenantId, kind, record.id);
    for (const entry of directoryEntriesFor(kind, record)) {
      this.statements.insertEntry.run(record.tenantId, entry.key, kind, record.id, entry.accountId, entry.contactId ?? null);
    }
  }

  private decode<K extends RecordKind>(kind: K, row: Row): Versioned<RecordOf<K>> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.body);
    } catch {
      parsed = undefined;
    }
    return { record: decodeStored(kind, row.id, parsed), etag: row.etag };
  }
}
