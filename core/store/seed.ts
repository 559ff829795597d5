import type { SeedRecord } from '../demo/demo-firm';
import { AlreadyExistsError } from '../errors';
import type { Store } from './ports';

/**
 * Writes records that are not there yet and leaves existing ones alone, so seeding can run at every
 * start-up and after a crash half-way through. Returns how many records were created.
 */
export async function seedRecords(store: Store, records: readonly SeedRecord[], onProgress?: (done: number, total: number) => void): Promise<number> {
  let created = 0;
  for (const [index, { kind, record }] of records.entries()) {
    try {
      await store.records.create(kind, record);
      created++;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    onProgress?.(index + 1, records.length);
  }
  return created;
}
