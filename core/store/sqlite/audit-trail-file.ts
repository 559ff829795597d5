import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { RECORDS_INSERT, RECORDS_TABLE, type RecordRow } from './records-table';
import { openWalDatabase, WRITER_PRAGMAS, type WalCheckpointer } from './wal-checkpointer';

/** What the writer made of one row: stored, a duplicate id, or another failure (its message). */
export type AppendResult = { stored: true } | { stored: false; duplicate: boolean; message: string };

/** The audit file beside a store file: `.data/account-teams.db` → `.data/account-teams.audit.db`. */
export function auditTrailPathFor(storePath: string): string {
  return storePath.endsWith('.db') ? `${storePath.slice(0, -3)}.audit.db` : `${storePath}.audit`;
}

/**
 * The audit trail of the embedded store, in a SQLite file of its own, appended to by a thread of its own.
 *
 * Why: every context read is audited before its answer leaves, so the audit entry's insert and commit
 * (~20 µs each, batched) were a fifth of the server's CPU per lookup — on the one thread that answers
 * every request, while the machine's other core sat idle. Here the event loop only hands the batch's
 * rows to the writer thread and is told when they are committed; the request still waits for that.
 *
 * Why a file of its own: a commit by another connection to the store's file moves its data_version,
 * which the context cache takes as a write by another process (and drops everything). Audit entries
 * change no context, so they go where they move nothing.
 *
 * Reads (the admin's audit list) and the rare replace or delete use `db`, a connection of this thread;
 * SQLite's locking orders them with the writer's commits.
 */
export class AuditTrailFile {
  /** This thread's connection: reads, replace and delete. */
  readonly db: Database.Database;
  private writer: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (results: AppendResult[]) => void; reject: (error: Error) => void }>();
  private nextBatch = 0;
  private readonly checkpointer?: WalCheckpointer;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(readonly path: string) {
    ({ db: this.db, checkpointer: this.checkpointer } = openWalDatabase(path, RECORDS_TABLE));
  }

  /** Inserts the rows in one transaction on the writer thread; one result per row, in order (a failed row fails alone). */
  append(rows: readonly RecordRow[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new Error('the audit trail is closed'));
    if (rows.length === 0) return Promise.resolve([]);
    const writer = this.writerThread();
    const batch = this.nextBatch++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) writer.ref();
      this.pending.set(batch, { resolve, reject });
      writer.postMessage({ batch, rows });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // Let the writer finish what it was handed: those requests are waiting for their entries.
    if (this.pending.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.writer?.terminate();
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  private becameIdle(writer: Worker): void {
    writer.unref();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private writerThread(): Worker {
    if (this.writer) return this.writer;
    const writer = new Worker(WRITER_SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path: this.path, pragmas: WRITER_PRAGMAS, insert: RECORDS_INSERT } });
    writer.unref();
    writer.on('message', (message: { batch: number; results?: AppendResult[]; error?: string }) => {
      const waiting = this.pending.get(message.batch);
      if (!waiting) return;
      this.pending.delete(message.batch);
      if (this.pending.size === 0) this.becameIdle(writer);
      if (message.results) waiting.resolve(message.results);
      else waiting.reject(new Error(`audit trail write failed: ${message.error ?? 'unknown error'}`));
    });
    // A dead writer fails what it held (those requests answer 5xx, nothing is half-recorded: each batch is
    // one transaction); the next append starts a new one.
    const fail = (reason: string) => {
      if (this.writer !== writer) return;
      this.writer = undefined;
      for (const waiting of this.pending.values()) waiting.reject(new Error(`audit trail writer stopped: ${reason}`));
      this.pending.clear();
      this.becameIdle(writer);
    };
    writer.on('error', (error) => fail(error.message));
    writer.on('exit', (code) => fail(`exit code ${code}`));
    this.writer = writer;
    return writer;
  }
}

const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
for (const pragma of workerData.pragmas) db.pragma(pragma);
const insert = db.prepare(workerData.insert);
// A constraint failure aborts its statement only, so one bad row does not undo the others.
const insertAll = db.transaction((rows) => rows.map((row) => {
  try {
    insert.run(...row);
    return { stored: true };
  } catch (error) {
    return { stored: false, duplicate: error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY', message: String(error.message) };
  }
}));
parentPort.on('message', ({ batch, rows }) => {
  try {
    parentPort.postMessage({ batch, results: insertAll(rows) });
  } catch (error) {
    parentPort.postMessage({ batch, error: String(error && error.message || error) });
  }
});
`;
