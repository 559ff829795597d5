import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditTrailPathFor } from '../../core/store/sqlite/audit-trail-file';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/**
 * WAL checkpoints run on worker threads: the write-ahead logs stay small under a steady stream of
 * commits, and neither the checkpoints nor the audit trail's writer are mistaken for another process's
 * writes. The steady stream is the audit trail's (every context read is audited), which has a file of
 * its own; the store's own file gets a steady stream of its own kinds alongside.
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

function outboundMessages(from: number, count: number) {
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(Date.UTC(2026, 10, 28, 12, 0, 0, from + index)).toISOString();
    const key = `review-${from + index}:request:alejandro`;
    return {
      tenantId: 'firm',
      accountId: 'northwind',
      id: `message-${from + index}`,
      key,
      recipient: { kind: 'person' as const, personId: 'alejandro' },
      purpose: 'review_request' as const,
      process: { kind: 'standards_review' as const, workflowId: `review-${from + index}` },
      text: 'y'.repeat(1000),
      payload: {},
      status: 'recorded' as const,
      createdAt: at,
      updatedAt: at,
    };
  });
}

describe('the embedded store’s WAL checkpoints', () => {
  it('keep the log small under a steady stream of commits, without moving the version that signals other writers', async () => {
    const path = join(dir, 'store.db');
    const store = new SqliteStore(path);
    try {
      const version = store.changes.externalVersion();
      let largestWal = 0;
      let largestAuditWal = 0;
      // ~12 MB of audit entries in 24 bursts: three times the log SQLite would checkpoint at by default.
      for (let burst = 0; burst < 24; burst++) {
        const outcomes = await store.records.createEach('auditEntry', auditEntries(burst * 1000, 1000));
        expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
        const written = await store.records.createEach('outboundMessage', outboundMessages(burst * 200, 200));
        expect(written.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
        largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
        largestAuditWal = Math.max(largestAuditWal, statSync(`${auditTrailPathFor(path)}-wal`).size);
        await pause(300);
      }
      expect(store.changes.externalVersion()).toBe(version);
      expect(largestWal).toBeLessThan(6 * 1024 * 1024);
      expect(largestAuditWal).toBeLessThan(6 * 1024 * 1024);
    } finally {
      await store.close();
    }
    const reopened = new SqliteStore(path);
    try {
      expect(await reopened.records.list('auditEntry', { tenantId: 'firm' })).toHaveLength(24_000);
      expect(await reopened.records.list('outboundMessage', { tenantId: 'firm', accountId: 'northwind' })).toHaveLength(4_800);
    } finally {
      await reopened.close();
    }
  }, 30_000);
});
