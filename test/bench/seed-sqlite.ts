import type Database from 'better-sqlite3';
import type { SeedRecord } from '../../core/demo/demo-firm';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import type { AccountSenders, BenchFirm } from './bench-firm';

export interface SeedOptions {
  /** Accounts written per transaction. */
  accountsPerTransaction?: number;
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
 * against its schema and its directory entries are maintained exactly as in production. One
 * concession to speed, which skips none of the adapter's work: creates run inside one enclosing
 * transaction per batch of accounts (the adapter's per-record transaction becomes a savepoint),
 * instead of one commit per record. The file gets no planner statistics (no ANALYZE), like a store
 * the app built up itself.
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
    }
  } finally {
    await store.close();
  }
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}
