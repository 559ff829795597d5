import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AlreadyExistsError } from '../../core/errors';
import { auditTrailPathFor } from '../../core/store/sqlite/audit-trail-file';
import { RECORDS_INSERT } from '../../core/store/sqlite/records-table';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/**
 * The embedded store keeps its audit trail in a file of its own, appended to by a thread of its own:
 * every context read writes an entry, and neither the commit's CPU nor its data_version should land on
 * the thread (and the cache) that answers the reads.
 */
let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-trail-'));
  path = join(dir, 'store.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function entry(index: number) {
  const at = new Date(Date.UTC(2026, 11, 6, 9, 0, 0, index)).toISOString();
  return { tenantId: 'firm', id: `entry-${String(index).padStart(5, '0')}`, at, actorId: 'alejandro', action: 'GET /api/context', target: { email: 'sarah@northwind-mfg.com' }, status: 200, createdAt: at, updatedAt: at };
}

const count = (file: string, kind: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM records WHERE kind = ?').get(kind) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('the embedded store’s audit trail', () => {
  it('is written to its own file, beside the store’s, and read back through the store', async () => {
    const store = new SqliteStore(path);
    try {
      const outcomes = await store.records.createEach('auditEntry', [entry(1), entry(2), entry(3)]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      await store.records.create('auditEntry', entry(4));
      expect((await store.records.list('auditEntry', { tenantId: 'firm' })).map((found) => found.record.id)).toEqual(['entry-00001', 'entry-00002', 'entry-00003', 'entry-00004']);
      expect((await store.records.get('auditEntry', { tenantId: 'firm', id: 'entry-00002' }))?.record.target).toEqual({ email: 'sarah@northwind-mfg.com' });
    } finally {
      await store.close();
    }
    expect(auditTrailPathFor(path)).toBe(join(dir, 'store.audit.db'));
    expect(count(auditTrailPathFor(path), 'auditEntry')).toBe(4);
    expect(count(path, 'auditEntry')).toBe(0);
  });

  it('fails a duplicate or invalid entry alone and stores the rest of its batch', async () => {
    const store = new SqliteStore(path);
    try {
      await store.records.create('auditEntry', entry(1));
      const outcomes = await store.records.createEach('auditEntry', [entry(2), entry(1), { ...entry(3), status: 'teapot' as unknown as number }, entry(4)]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(AlreadyExistsError);
      await expect(store.records.create('auditEntry', entry(4))).rejects.toBeInstanceOf(AlreadyExistsError);
      expect((await store.records.list('auditEntry', { tenantId: 'firm' })).map((found) => found.record.id)).toEqual(['entry-00001', 'entry-00002', 'entry-00004']);
    } finally {
      await store.close();
    }
  });

  it('finishes the entries it was handed before it closes', async () => {
    const store = new SqliteStore(path);
    const writing = store.records.createEach('auditEntry', Array.from({ length: 2000 }, (_, index) => entry(index)));
    await store.close();
    expect((await writing).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(count(auditTrailPathFor(path), 'auditEntry')).toBe(2000);
  });

  it('moves the entries an older store kept in its own file over, once, and loses none', async () => {
    await new SqliteStore(path).close();
    // The layout before the audit trail had a file of its own: its entries in the store's records, and
    // the file's user_version still 0.
    const legacy = new Database(path);
    expect(legacy.pragma('user_version', { simple: true })).toBe(1);
    legacy.pragma('user_version = 0');
    const insert = legacy.prepare(RECORDS_INSERT);
    legacy.transaction(() => {
      for (let index = 0; index < 12_000; index++) insert.run('firm', 'auditEntry', entry(index).id, null, JSON.stringify(entry(index)), `etag-${index}`, entry(index).at);
    })();
    legacy.close();

    const store = new SqliteStore(path);
    try {
      const listed = await store.records.list('auditEntry', { tenantId: 'firm' });
      expect(listed).toHaveLength(12_000);
      expect(listed[11_999]).toEqual({ record: entry(11_999), etag: 'etag-11999' });
    } finally {
      await store.close();
    }
    expect(count(path, 'auditEntry')).toBe(0);
    await new SqliteStore(path).close();
    expect(count(auditTrailPathFor(path), 'auditEntry')).toBe(12_000);
  });

  it('looks for entries to move only until the move is done', async () => {
    await new SqliteStore(path).close();
    // An entry in the store's own file after the move (only an older version of the code writes one): left where it is.
    const db = new Database(path);
    db.prepare(RECORDS_INSERT).run('firm', 'auditEntry', entry(1).id, null, JSON.stringify(entry(1)), 'etag-1', entry(1).at);
    db.close();
    await new SqliteStore(path).close();
    expect(count(path, 'auditEntry')).toBe(1);
    expect(count(auditTrailPathFor(path), 'auditEntry')).toBe(0);
  });
});
