import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../core/errors';
import { AuditLog } from '../../core/services/audit-log';
import type { RecordRepository } from '../../core/store/ports';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/** The audit trail's group commit on a real SQLite store: many entries, one transaction, nothing lost. */
let dir: string;
let store: SqliteStore;
let batches: number[];
let audit: AuditLog;
const ADMIN = { tenantId: 'firm', personId: 'grace', roles: ['member', 'admin'] };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
  store = new SqliteStore(join(dir, 'store.db'));
  batches = [];
  const records: RecordRepository = store.records;
  const counted = Object.create(records) as RecordRepository;
  counted.createEach = (kind, inputs) => {
    batches.push(inputs.length);
    return records.createEach(kind, inputs);
  };
  audit = new AuditLog({ ...store, engine: store.engine, records: counted, changes: store.changes, close: () => store.close() });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the audit trail', () => {
  it('stores every entry recorded in one turn of the event loop with one write, and resolves each only once stored', async () => {
    const recorded = Array.from({ length: 40 }, (_, index) =>
      audit.record({ tenantId: 'firm', actorId: `person-${index}`, action: 'GET /api/context', target: { email: `c${index}@client.example` }, status: 200 }),
    );
    await Promise.all(recorded);
    expect(batches).toEqual([40]);
    const entries = await audit.list(ADMIN);
    expect(entries).toHaveLength(40);
    expect(new Set(entries.map((entry) => entry.actorId)).size).toBe(40);
  });

  it('fails a bad entry alone and keeps the others of its batch', async () => {
    const good = audit.record({ tenantId: 'firm', actorId: 'alejandro', action: 'GET /api/context', target: {}, status: 200 });
    const bad = audit.record({ tenantId: 'firm', actorId: 'alejandro', action: 'GET /api/context', target: {}, status: 42 });
    const alsoGood = audit.record({ tenantId: 'firm', actorId: 'stephanie', action: 'POST /api/delegations', target: {}, status: 201 });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(Promise.all([good, alsoGood])).resolves.toBeDefined();
    expect(batches).toEqual([3]);
    expect((await audit.list(ADMIN)).map((entry) => entry.actorId).sort()).toEqual(['alejandro', 'stephanie']);
  });

  it('rejects every waiting entry when the store fails, and records again afterwards', async () => {
    await store.close();
    await expect(audit.record({ tenantId: 'firm', actorId: 'alejandro', action: 'GET /api/context', target: {}, status: 200 })).rejects.toThrow();
    store = new SqliteStore(join(dir, 'store.db'));
    const reopened = new AuditLog(store);
    await reopened.record({ tenantId: 'firm', actorId: 'alejandro', action: 'GET /api/context', target: {}, status: 200 });
    expect(await reopened.list(ADMIN)).toHaveLength(1);
  });
});
