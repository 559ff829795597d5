import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * How every connection that writes one of the store's files is set up (journal_mode belongs to the file
 * and is set once): the automatic checkpoint is only the safety net, the checkpointer thread does the work.
 */
export const WRITER_PRAGMAS = ['synchronous = NORMAL', 'busy_timeout = 5000', 'wal_autocheckpoint = 16000'];

/**
 * Opens a SQLite file the way the embedded store keeps every file: WAL, synchronous NORMAL (a commit is
 * durable once the WAL is synced at checkpoint; a power cut loses at most the last commits, never the
 * file), a busy timeout for the other connections, `schema` applied, and — for a file, not `:memory:` —
 * checkpoints on their own thread with a large automatic one as the safety net (~64 MB of WAL).
 */
export function openWalDatabase(path: string, schema: string): { db: Database.Database; checkpointer?: WalCheckpointer } {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const pragma of WRITER_PRAGMAS) db.pragma(pragma);
  db.exec(schema);
  if (path === ':memory:') return { db };
  // After the schema: the checkpointer's connection wants the file to exist.
  return { db, checkpointer: new WalCheckpointer(path) };
}

/**
 * Runs SQLite's WAL checkpoints on a worker thread with its own connection.
 *
 * Why: left to itself, SQLite checkpoints inside whichever commit pushes the WAL past 1,000 pages —
 * copying pages into the database file and syncing it, several milliseconds during which the event
 * loop answers nobody (measured as the 99th-percentile latency of context lookups, whose audit
 * entries are the steady stream of commits). A PASSIVE checkpoint on another connection never blocks
 * the server's readers or writer, and a checkpoint is not a commit, so it does not move
 * data_version (the store's signal of writes by others).
 *
 * The server's connection keeps a much larger automatic checkpoint as a safety net, so the WAL stays
 * bounded even if this thread dies.
 */
export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(path: string, intervalMs = 250) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs } });
    // A failed checkpoint is retried on the next tick of the worker; the safety net covers a dead thread.
    this.worker.on('error', (error) => process.emitWarning(`WAL checkpointer stopped: ${error.message}`, 'SqliteCheckpointWarning'));
    this.worker.unref();
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or transient: the next interval tries again.
  }
}, workerData.intervalMs);
`;
