import type { RecordInput, RecordKind, RecordOf } from '../domain/record-kinds';
import { ConcurrencyError, NotFoundError } from '../errors';
import type { RecordRef, RecordRepository, Versioned } from './ports';

export interface UpdateRecordOptions<T> {
  /** The record as the caller just read it: the first attempt starts from it instead of reading it again. */
  current?: Versioned<T>;
  /** What to throw when the record is not there; a NotFoundError naming the kind and id by default. */
  missing?: () => Error;
  /** Re-reads after a concurrency conflict before giving up (default 5, so at most 6 writes). */
  maxConflictRetries?: number;
  /** The clock that stamps `updatedAt` (default: now). */
  now?: () => Date;
}

/**
 * Read, change, write with the read's etag; on a concurrency conflict, read again and re-apply the
 * change. `change` edits a copy of the record and returns false when there is nothing to write: the
 * record is then returned as read, and no write is made (so a retried step changes nothing).
 */
export async function updateRecord<K extends RecordKind>(
  records: RecordRepository,
  kind: K,
  ref: RecordRef,
  change: (record: RecordOf<K>) => boolean,
  options: UpdateRecordOptions<RecordOf<K>> = {},
): Promise<RecordOf<K>> {
  const { missing = () => new NotFoundError(`${kind} ${ref.id}`), maxConflictRetries = 5, now = () => new Date() } = options;
  let known = options.current;
  for (let attempt = 0; ; attempt++) {
    const current = known ?? (await records.get(kind, ref));
    known = undefined;
    if (!current) throw missing();
    const next = structuredClone(current.record);
    if (!change(next)) return current.record;
    next.updatedAt = now().toISOString();
    try {
      // A record as read is valid input for the same kind (the store parsed it on the way out).
      return (await records.replace(kind, next as RecordInput<K>, current.etag)).record;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxConflictRetries) throw error;
    }
  }
}
