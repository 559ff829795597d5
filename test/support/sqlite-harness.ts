import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import type { StoreHarness } from './store-harness';

export function sqliteHarness(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), 'account-teams-sqlite-'));
  let counter = 0;
  const paths = new Map<unknown, string>();
  return {
    name: 'sqlite',
    async open() {
      const path = join(dir, `store-${++counter}.db`);
      const store = new SqliteStore(path);
      paths.set(store, path);
      return store;
    },
    async corrupt(store, kind, ref) {
      const raw = new Database(paths.get(store)!);
      raw.prepare('UPDATE records SET body = ? WHERE tenant_id = ? AND kind = ? AND id = ?').run(JSON.stringify({ id: ref.id, tenantId: ref.tenantId, unexpected: true }), ref.tenantId, kind, ref.id);
      raw.close();
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
