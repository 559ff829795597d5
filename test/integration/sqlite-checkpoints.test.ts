import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/**
 * WAL checkpoints run on the store's worker thread: the write-ahead log stays small under a steady
 * stream of commits, and the checkpoints are never mistaken for another process's writes.
 */
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-checkpoints-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function auditEntries(from: number, count: number) {
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(Date.UTC(2026, 10, 28, 12, 0, 0, from + index)).toISOString();
    return { tenantId: 'firm', id: `entry-${from + index}`, at, actorId: 'alejandro', action: 'GET /api/context', target: { email: 'x'.repeat(280) }, status: 200, createdAt: at, updatedAt: at };
  });
}

describe('the embedded store’s WAL checkpoints', () => {
  it('keep the log small under a steady stream of commits, without moving the version that signals other writers', async () => {
    const path = join(dir, 'store.db');
    const store = new SqliteStore(path);
    try {
      const version = store.changes.externalVersion();
      let largestWal = 0;
      // ~12 MB of records in 24 bursts: three times the log SQLite would checkpoint at by default.
      for (let burst = 0; burst < 24; burst++) {
        const outcomes = await store.records.createEach('auditEntry', auditEntries(burst * 1000, 1000));
        expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
        largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
        await pause(300);
      }
      expect(store.changes.externalVersion()).toBe(version);
      expect(largestWal).toBeLessThan(6 * 1024 * 1024);
    } finally {
      await store.close();
    }
    const reopened = new SqliteStore(path);
    try {
      expect(await reopened.records.list('auditEntry', { tenantId: 'firm' })).toHaveLength(24_000);
    } finally {
      await reopened.close();
    }
  }, 30_000);
});
