import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFirm } from '../../core/demo/demo-firm';
import { seedRecords } from '../../core/store/seed';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

export interface DemoStore {
  store: SqliteStore;
  /** Closes the store and deletes its temporary directory. */
  dispose(): Promise<void>;
}

/** A real SQLite store in a fresh temporary directory, seeded with the demo firm as of `seedAt`. */
export async function openDemoStore(seedAt: Date = new Date()): Promise<DemoStore> {
  const dir = mkdtempSync(join(tmpdir(), 'account-teams-demo-'));
  const store = new SqliteStore(join(dir, 'store.db'));
  try {
    await seedRecords(store, demoFirm(seedAt));
  } catch (error) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
