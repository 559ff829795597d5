import { LRUCache } from 'lru-cache';
import type { ImportEntry, ImportJob } from '../../../core/domain/import-job';
import { NotFoundError } from '../../../core/errors';
import { ImportWorld, writeRow } from '../../../core/import/import-planner';
import type { Store } from '../../../core/store/ports';
import { updateRecord } from '../../../core/store/update-record';
import type { AppliedBatch, ImportBatchRef, ImportFailure, ImportFinish, ImportJobRef, ImportStartResult, PlannedRow } from '../workflows/csv-import.contract';

export interface ImportActivityDeps {
  store: Store;
  clock?: () => Date;
}

/** Writes of the job before giving up on concurrency conflicts. */
const MAX_WRITE_ATTEMPTS = 5;

/** Jobs whose rows a worker keeps between batches: each is up to MAX_IMPORT_ROWS rows, about 1 MB. */
const REMEMBERED_JOBS = 4;

/** What the batches need of a job: who started it (the rows are checked against what they may see) and its rows. */
type JobRows = Pick<ImportJob, 'tenantId' | 'createdById' | 'entries'>;

/**
 * The CSV import's steps over the stored import job. Each batch activity re-reads the records its rows
 * touch, so a retry (or another worker) starts from the store, never from memory.
 *
 * The job's rows are the exception: they never change once the job is stored (the service creates a job
 * once and never rewrites it; the activities change its phase and counts only), so a worker reads them
 * once per job rather than twice per batch. A 5,000-row job is about 1 MB of JSON and ~20 ms of decoding
 * per read, which 200 reads turned into seconds of CPU (and, on Cosmos DB, request units for every read).
 */
export function createImportActivities({ store, clock = () => new Date() }: ImportActivityDeps) {
  const rememberedRows = new LRUCache<string, JobRows>({ max: REMEMBERED_JOBS });
  const rowsKey = (ref: ImportJobRef) => `${ref.tenantId}\u0000${ref.jobId}`;
  const remember = (job: ImportJob): JobRows => {
    const rows = { tenantId: job.tenantId, createdById: job.createdById, entries: job.entries };
    rememberedRows.set(rowsKey({ tenantId: job.tenantId, jobId: job.id }), rows);
    return rows;
  };

  async function loadRows(ref: ImportJobRef): Promise<JobRows> {
    const remembered = rememberedRows.get(rowsKey(ref));
    if (remembered) return remembered;
    const found = await store.records.get('importJob', { tenantId: ref.tenantId, id: ref.jobId });
    if (!found) throw new NotFoundError(`import ${ref.jobId}`);
    return remember(found.record);
  }

  /** Re-reads and writes the job until the write lands (the API does not write a job once it exists, but be safe). */
  const updateJob = (ref: ImportJobRef, change: (job: ImportJob) => boolean): Promise<ImportJob> =>
    updateRecord(store.records, 'importJob', { tenantId: ref.tenantId, id: ref.jobId }, change, {
      missing: () => new NotFoundError(`import ${ref.jobId}`),
      maxConflictRetries: MAX_WRITE_ATTEMPTS - 1,
      now: clock,
    });

  const slice = (job: JobRows, batch: ImportBatchRef): ImportEntry[] => job.entries.slice(batch.from, batch.to);

  return {
    /** Marks the job as importing (once) and reports what the workflow needs to walk it. */
    async importStart(ref: ImportJobRef): Promise<ImportStartResult> {
      const startedAt = clock().toISOString();
      const job = await updateJob(ref, (current) => {
        if (current.phase !== 'queued') return false;
        current.phase = 'importing';
        current.startedAt = startedAt;
        return true;
      });
      remember(job);
      return { kind: job.kind, total: job.entries.length, startedAt: job.startedAt ?? startedAt, errors: job.entries.flatMap((entry) => entry.errors) };
    },

    /** What each row of the batch will do, against the store as it is now; writes nothing. */
    async importPlanBatch(batch: ImportBatchRef): Promise<PlannedRow[]> {
      const job = await loadRows(batch);
      const entries = slice(job, batch);
      const rows = entries.flatMap((entry) => (entry.data ? [entry.data] : []));
      const world = await ImportWorld.load(store, job.tenantId, job.createdById, rows);
      const now = clock().toISOString();
      return entries.map((entry): PlannedRow => {
        if (!entry.data) return { line: entry.line, outcome: 'failed', errors: entry.errors, known: true };
        const result = world.simulate(entry.data, entry.line, now);
        if ('errors' in result) return { line: entry.line, outcome: 'failed', errors: result.errors.map((problem) => ({ line: entry.line, ...problem })) };
        return { line: entry.line, outcome: result.outcome };
      });
    },

    /** Writes the batch's rows; idempotent: a row already as the file says writes nothing. */
    async importApplyBatch(batch: ImportBatchRef): Promise<AppliedBatch> {
      const job = await loadRows(batch);
      const entries = slice(job, batch).filter((entry) => entry.data);
      const world = await ImportWorld.load(store, job.tenantId, job.createdById, entries.map((entry) => entry.data!));
      const now = clock().toISOString();
      const failures: AppliedBatch['failures'] = [];
      for (const entry of entries) {
        const result = await writeRow(store, world, entry.data!, entry.line, now);
        if ('errors' in result) failures.push({ line: entry.line, errors: result.errors.map((problem) => ({ line: entry.line, ...problem })) });
      }
      return { failures };
    },

    /** Stores the outcome; the job is then answered from the store. */
    async importFinish(finish: ImportFinish): Promise<void> {
      await updateJob(finish, (job) => {
        Object.assign(job, outcomeOf(finish.progress));
        job.phase = 'done';
        return true;
      });
      rememberedRows.delete(rowsKey(finish));
    },

    /** Records that the workflow failed; a job that is not there (the usual reason) has nothing to record. */
    async importFail(failure: ImportFailure): Promise<void> {
      try {
        await updateJob(failure, (job) => {
          Object.assign(job, outcomeOf(failure.progress));
          job.phase = 'failed';
          job.failure = failure.message.slice(0, 1000) || 'the import failed';
          return true;
        });
        rememberedRows.delete(rowsKey(failure));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
  };
}

function outcomeOf(progress: ImportFinish['progress']): Pick<ImportJob, 'counts' | 'errors'> & { finishedAt?: string } {
  const { total, processed, created, updated, unchanged, failed } = progress;
  return { counts: { total, processed, created, updated, unchanged, failed }, errors: progress.errors, ...(progress.finishedAt ? { finishedAt: progress.finishedAt } : {}) };
}

export type ImportActivities = ReturnType<typeof createImportActivities>;
