import { ActivityFailure, ContinueAsNew, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ImportProgress, RowError } from '../../../core/domain/import-job';
import type { ImportActivities } from '../activities/import-activities';
import { DEFAULT_IMPORT_BATCH_SIZE, importProgressQuery, type CsvImportInput, type PlannedRow } from './csv-import.contract';

/**
 * Batches are store reads and writes that may take a while on a big file: ordinary activities, retried
 * with backoff. A job that is missing or refused (NotFoundError, ValidationError) will not get better.
 */
const activities = proxyActivities<ImportActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20, nonRetryableErrorTypes: ['ValidationError', 'NotFoundError'] },
});

const DEFAULT_MAX_HISTORY_EVENTS = 2000;

const byLine = (a: RowError, b: RowError) => a.line - b.line;

/**
 * Imports a stored, validated CSV import job in batches. Each batch is first planned (what every row will
 * create, update or leave unchanged — no writes) and then written; the write step is idempotent by the
 * rows' natural keys, so a retry after a partial write converges without skewing the counts, which come
 * from the plan. Progress is a query: rows processed out of the total, the counts, and every row error
 * known so far (rows refused at validation from the start, rows that fail at write time as they come).
 */
export async function csvImport(input: CsvImportInput): Promise<ImportProgress> {
  const progress: ImportProgress = input.carried?.progress ?? {
    jobId: input.jobId,
    kind: 'accounts',
    phase: 'queued',
    total: 0,
    processed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    startedAt: null,
    finishedAt: null,
  };
  setHandler(importProgressQuery, () => progress);
  const ref = { tenantId: input.tenantId, jobId: input.jobId };
  const batchSize = Math.max(1, Math.min(input.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE, 500));
  let next = input.carried?.next ?? 0;

  try {
    if (!input.carried) {
      const started = await activities.importStart(ref);
      Object.assign(progress, { kind: started.kind, total: started.total, startedAt: started.startedAt, errors: [...started.errors].sort(byLine), phase: 'importing' });
    }

    while (next < progress.total) {
      const batch = { ...ref, from: next, to: Math.min(next + batchSize, progress.total) };
      const planned = await activities.importPlanBatch(batch);
      const applied = await activities.importApplyBatch(batch);
      const failures = new Map(applied.failures.map((failure) => [failure.line, failure.errors]));
      record(progress, planned, failures);
      next = batch.to;

      const info = workflowInfo();
      if (next < progress.total && (info.historyLength > (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS) || info.continueAsNewSuggested)) {
        await continueAsNew<typeof csvImport>({ ...input, carried: { progress, next, runs: (input.carried?.runs ?? 1) + 1 } });
      }
    }

    progress.phase = 'done';
    progress.finishedAt = new Date().toISOString();
    await activities.importFinish({ ...ref, progress });
    return progress;
  } catch (error) {
    // continueAsNew works by throwing: that must leave the workflow, not mark the import failed.
    if (error instanceof ContinueAsNew) throw error;
    progress.phase = 'failed';
    progress.finishedAt = new Date().toISOString();
    const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
    await activities.importFail({ ...ref, progress, message: cause instanceof Error ? cause.message : String(cause) });
    throw error;
  }
}

function record(progress: ImportProgress, planned: PlannedRow[], failures: Map<number, RowError[]>): void {
  const fresh: RowError[] = [];
  for (const row of planned) {
    progress.processed++;
    const failedAtWrite = failures.get(row.line);
    if (row.outcome === 'failed' || failedAtWrite) {
      progress.failed++;
      if (!row.known) fresh.push(...(row.errors ?? []), ...(row.outcome === 'failed' ? [] : (failedAtWrite ?? [])));
      continue;
    }
    progress[row.outcome]++;
  }
  if (fresh.length > 0) progress.errors = [...progress.errors, ...fresh].sort(byLine);
}

