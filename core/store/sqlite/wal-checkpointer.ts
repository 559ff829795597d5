import { Worker } from 'node:worker_threads';

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
