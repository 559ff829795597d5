import type Database from 'better-sqlite3';
import type { SeedRecord } from '../../core/demo/demo-firm';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import type { AccountSenders, BenchFirm } from './bench-firm';

export interface SeedOptions {
  /** Accounts written per transaction. */
  accountsPerTransaction?: number;
  /**
   * Keep SQLite's planner statistics (sqlite_stat1) in the file afterwards. Off by default: the app
   * never runs ANALYZE, so a store it built up has none, and the benchmark must see the same plans.
   */
  keepPlannerStats?: boolean;
  /** After each account: accounts and records written so far. */
  onProgress?: (accounts: number, records: number) => void;
}

export interface SeedSummary {
  records: number;
  people: number;
  accounts: number;
  contacts: number;
  delegations: number;
  seconds: number;
  senders: AccountSenders[];
}

/**
 * Writes the firm into a SQLite file through the adapter's own create(): every record is validated
 * against its schema and its directory entries are maintained exactly as in production. Two
 * concessions to speed, neither of which skips any of the adapter's work:
 *
 * - Creates run inside one enclosing transaction per batch of accounts (the adapter's per-record
 *   transaction becomes a savepoint), instead of one commit per record.
 * - After the first batch, ANALYZE gives SQLite's planner statistics. Without them the planner serves
 *   the adapter's `DELETE FROM directory WHERE tenant_id = ? AND owner_kind = ? AND owner_id = ?`
 *   (run on every create) from the primary key, i.e. by scanning the tenant's whole directory, and
 *   seeding becomes quadratic (≈15 minutes for this firm). The statistics are dropped again at the
 *   end unless keepPlannerStats is set, so the app runs with the plans it would have in production.
 */
export async function seedSqlite(path: string, firm: BenchFirm, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const store = new SqliteStore(path);
  // The adapter keeps its connection private; batching needs the same connection.
  const db = (store as unknown as { db: Database.Database }).db;
  const perTransaction = options.accountsPerTransaction ?? 50;
  const summary: SeedSummary = { records: 0, people: 0, accounts: 0, contacts: 0, delegations: 0, seconds: 0, senders: [] };

  const write = async (records: readonly SeedRecord[]) => {
    for (const { kind, record } of records) {
      await store.records.create(kind, record);
      summary.records++;
      if (kind === 'person') summary.people++;
      else if (kind === 'account') summary.accounts++;
      else if (kind === 'contact') summary.contacts++;
      else if (kind === 'delegation') summary.delegations++;
    }
  };
  const inTransaction = async (work: () => Promise<void>) => {
    db.exec('BEGIN');
    try {
      await work();
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };

  try {
    await inTransaction(() => write(firm.people()));
    for (let first = 0; first < firm.options.accounts; first += perTransaction) {
      await inTransaction(async () => {
        for (let index = first; index < Math.min(first + perTransaction, firm.options.accounts); index++) {
          const { records, senders } = firm.account(index);
          await write(records);
          summary.senders.push(senders);
          options.onProgress?.(summary.accounts, summary.records);
        }
      });
      if (first === 0) db.exec('ANALYZE');
    }
    if (!options.keepPlannerStats) db.exec('DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4;');
    else db.exec('ANALYZE');
  } finally {
    await store.close();
  }
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}
