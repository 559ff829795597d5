import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Id } from '../domain/common';
import { ImportKind, MAX_IMPORT_ROWS, type ImportEntry, type ImportJob, type ImportProgress, type ImportRow, type RowError } from '../domain/import-job';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../errors';
import { readCsv } from '../import/csv-file';
import { checkHeader, IMPORT_COLUMNS, naturalKey, validateRow } from '../import/csv-rows';
import { ImportWorld } from '../import/import-planner';
import type { Store } from '../store/ports';
import { parseOrThrow } from '../validation';
import { requireAdmin, type RoleViewer } from './viewer';

const IMPORT_REFUSAL = 'only the firm’s admins can import CSV files';

export const ImportRequest = z
  .object({
    /** Optional client-chosen job id: retrying the same upload with the same id starts one import. */
    id: Id.optional(),
    kind: ImportKind,
    csv: z.string().min(1, 'must not be empty'),
  })
  .strict();
export type ImportRequest = z.input<typeof ImportRequest>;

/** The import workflow as the API sees it (implemented on a Temporal client in workflows/src/client). */
export interface ImportWorkflowGateway {
  importWorkflowIdFor(tenantId: string, jobId: string): string;
  /** Starts the import of a stored job; starting it again is a no-op. */
  startImport(job: ImportJob): Promise<{ workflowId: string }>;
  /** The running import's progress (from its query); undefined when no workflow is known for the job. */
  importProgress(tenantId: string, jobId: string): Promise<ImportProgress | undefined>;
}

export interface ImportStarted {
  progress: ImportProgress;
  /** Data rows that passed validation and will be imported. */
  valid: number;
  /** Data rows refused before the import started (their errors are in progress.errors). */
  invalid: number;
  created: boolean;
}

export type ImportSummary = Omit<ImportProgress, 'errors'> & { errorCount: number; createdAt: string };

const PERSON_FIELDS = ['name', 'rank', 'practice', 'region', 'timeZone'] as const;

export function progressOf(job: ImportJob): ImportProgress {
  return { jobId: job.id, kind: job.kind, phase: job.phase, ...job.counts, errors: job.errors, startedAt: job.startedAt ?? null, finishedAt: job.finishedAt ?? null };
}

/**
 * CSV imports of accounts, contacts and account-team rosters, for the firm's admins. The file is read
 * and every row checked here — its fields, duplicates within the file, and against the store (unknown or
 * walled accounts, a second accountable lead, a client domain another account has) — and the result is
 * stored as an import job before the import workflow writes the good rows in batches. Bad rows are
 * reported by line; good rows are imported.
 */
export class CsvImportService {
  constructor(
    private readonly store: Store,
    private readonly imports: ImportWorkflowGateway,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  columns() {
    return IMPORT_COLUMNS;
  }

  async start(viewer: RoleViewer, body: unknown): Promise<ImportStarted> {
    requireAdmin(viewer, IMPORT_REFUSAL);
    const request = parseOrThrow(ImportRequest, body, 'import');
    const jobId = request.id ?? `import-${randomUUID()}`;
    const existing = await this.store.records.get('importJob', { tenantId: viewer.tenantId, id: jobId });
    if (existing) {
      if (existing.record.createdById !== viewer.personId || existing.record.kind !== request.kind) throw new AlreadyExistsError('import', jobId);
      await this.imports.startImport(existing.record);
      return { ...summaryOf(existing.record), progress: progressOf(existing.record), created: false };
    }

    const entries = await this.check(viewer, request.kind, request.csv);
    const now = this.clock().toISOString();
    const errors = entries.flatMap((entry) => entry.errors);
    const job: ImportJob = {
      tenantId: viewer.tenantId,
      id: jobId,
      kind: request.kind,
      createdById: viewer.personId,
      phase: 'queued',
      entries,
      counts: { total: entries.length, processed: 0, created: 0, updated: 0, unchanged: 0, failed: 0 },
      errors,
      workflowId: this.imports.importWorkflowIdFor(viewer.tenantId, jobId),
      createdAt: now,
      updatedAt: now,
    };
    const stored = (await this.store.records.create('importJob', job)).record;
    await this.imports.startImport(stored);
    return { ...summaryOf(stored), progress: progressOf(stored), created: true };
  }

  /** Live progress while the workflow runs (its query), the stored outcome once it is done. */
  async progress(viewer: RoleViewer, jobId: string): Promise<ImportProgress> {
    const job = await this.visibleJob(viewer, jobId);
    if (job.phase === 'done' || job.phase === 'failed') return progressOf(job);
    return liveOrStored(job, await this.imports.importProgress(viewer.tenantId, jobId));
  }

  /** The caller's imports, newest first, without their error lists. */
  async list(viewer: RoleViewer): Promise<ImportSummary[]> {
    requireAdmin(viewer, IMPORT_REFUSAL);
    const jobs = (await this.store.records.list('importJob', { tenantId: viewer.tenantId }))
      .map((found) => found.record)
      .filter((job) => job.createdById === viewer.personId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    const summaries: ImportSummary[] = [];
    for (const job of jobs) {
      const live = job.phase === 'done' || job.phase === 'failed' ? undefined : await this.imports.importProgress(viewer.tenantId, job.id).catch(() => undefined);
      const { errors, ...progress } = liveOrStored(job, live);
      summaries.push({ ...progress, errorCount: errors.length, createdAt: job.createdAt });
    }
    return summaries;
  }

  /** Reads the file and checks every row; throws only for a file that cannot be read at all. */
  private async check(viewer: RoleViewer, kind: ImportKind, csv: string): Promise<ImportEntry[]> {
    const file = readCsv(csv, MAX_IMPORT_ROWS);
    const header = checkHeader(kind, file);
    if (file.rows.length === 0) throw new ValidationError('nothing to import', [{ path: 'csv', message: 'the file has a header but no data rows' }]);

    const entries: ImportEntry[] = file.rows.map((row) => {
      const result = validateRow(kind, row, header, file.columns.length);
      return 'data' in result ? { line: row.line, data: result.data, errors: [] } : { line: row.line, errors: result.errors };
    });

    // Across rows: a key given twice (the first row wins), and one person described two ways.
    const firstByKey = new Map<string, number>();
    const personByEmail = new Map<string, { line: number; row: Extract<ImportRow, { kind: 'roster' }> }>();
    for (const entry of entries) {
      if (!entry.data) continue;
      const key = naturalKey(entry.data);
      const first = firstByKey.get(key.key);
      if (first !== undefined) {
        reject(entry, [{ line: entry.line, column: key.column, message: `duplicates line ${first} (${key.what})` }]);
        continue;
      }
      firstByKey.set(key.key, entry.line);
      if (entry.data.kind === 'roster') {
        const row = entry.data;
        const earlier = personByEmail.get(row.email);
        if (!earlier) personByEmail.set(row.email, { line: entry.line, row });
        else {
          const differing = PERSON_FIELDS.filter((field) => earlier.row[field] !== row[field]);
          if (differing.length > 0) reject(entry, differing.map((field) => ({ line: entry.line, column: field, message: `differs from line ${earlier.line} for the same person (${row.email})` })));
        }
      }
    }

    // Against the store, in file order, each row seeing what the rows before it would do.
    const valid = entries.filter((entry) => entry.data);
    const world = await ImportWorld.load(this.store, viewer.tenantId, viewer.personId, valid.map((entry) => entry.data!));
    const now = this.clock().toISOString();
    for (const entry of valid) {
      const result = world.simulate(entry.data!, entry.line, now);
      if ('errors' in result) reject(entry, result.errors.map((problem) => ({ line: entry.line, ...problem })));
    }
    return entries;
  }

  private async visibleJob(viewer: RoleViewer, jobId: string): Promise<ImportJob> {
    requireAdmin(viewer, IMPORT_REFUSAL);
    const found = await this.store.records.get('importJob', { tenantId: viewer.tenantId, id: jobId });
    if (!found || found.record.createdById !== viewer.personId) throw new NotFoundError(`import ${jobId}`);
    return found.record;
  }
}

/** The workflow's progress once it has read its job; before that (it knows no total yet) the stored job's. */
function liveOrStored(job: ImportJob, live: ImportProgress | undefined): ImportProgress {
  return live && live.phase !== 'queued' ? live : progressOf(job);
}

function reject(entry: ImportEntry, errors: RowError[]): void {
  delete entry.data;
  entry.errors = errors;
}

function summaryOf(job: ImportJob) {
  const invalid = job.entries.filter((entry) => !entry.data).length;
  return { valid: job.entries.length - invalid, invalid };
}
