import { defineQuery } from '@temporalio/workflow';
import type { ImportKind, ImportProgress, RowError } from '../../../core/domain/import-job';

/**
 * The CSV import workflow's messages and activity shapes, apart from the workflow body so the API can
 * import them without importing workflow code.
 */
export interface CsvImportInput {
  tenantId: string;
  jobId: string;
  /** Rows per batch (default 50). */
  batchSize?: number;
  /** Continue-as-new once a run's history passes this many events (default 2,000; tests lower it). */
  maxHistoryEvents?: number;
  carried?: CarriedImportState;
}

/** What a run hands to the next one at continue-as-new. */
export interface CarriedImportState {
  progress: ImportProgress;
  /** Index of the next entry to import. */
  next: number;
  runs: number;
}

export interface ImportJobRef {
  tenantId: string;
  jobId: string;
}

/** A slice [from, to) of the job's entries (data rows in file order). */
export interface ImportBatchRef extends ImportJobRef {
  from: number;
  to: number;
}

export interface ImportStartResult {
  kind: ImportKind;
  total: number;
  startedAt: string;
  /** The rows refused before the import started: reported from the start. */
  errors: RowError[];
}

/**
 * What a batch will do, worked out before anything is written — so the counts stay right when the write
 * step is retried after writing part of the batch. `known` marks rows refused at validation, whose errors
 * are already reported.
 */
export interface PlannedRow {
  line: number;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  errors?: RowError[];
  known?: boolean;
}

export interface AppliedBatch {
  /** Rows that could not be written after all, with why. */
  failures: { line: number; errors: RowError[] }[];
}

export interface ImportFinish extends ImportJobRef {
  progress: ImportProgress;
}

export interface ImportFailure extends ImportJobRef {
  message: string;
  progress: ImportProgress;
}

export const DEFAULT_IMPORT_BATCH_SIZE = 50;

export const importProgressQuery = defineQuery<ImportProgress>('importProgress');

export const csvImportWorkflowId = (tenantId: string, jobId: string) => `csv-import/${tenantId}/${jobId}`;
