import type { Client } from '@temporalio/client';
import type { ImportJob, ImportProgress } from '../../../core/domain/import-job';
import type { ImportWorkflowGateway } from '../../../core/services/csv-import-service';
import { ACCOUNT_ID, TENANT_ID } from '../search-attributes';
import { csvImportWorkflowId, importProgressQuery, type CsvImportInput } from '../workflows/csv-import.contract';
import { startOnce, unlessWorkflowGone } from './temporal-calls';

/**
 * The CSV import workflow on a Temporal client. An import is not one of the four leadership processes, so
 * it carries no ProcessKind; it is found by TenantId (and AccountId when the whole file is about one account).
 */
export class TemporalCsvImports implements ImportWorkflowGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly options: { batchSize?: number } = {},
  ) {}

  importWorkflowIdFor(tenantId: string, jobId: string): string {
    return csvImportWorkflowId(tenantId, jobId);
  }

  async startImport(job: ImportJob): Promise<{ workflowId: string }> {
    const workflowId = this.importWorkflowIdFor(job.tenantId, job.id);
    const input: CsvImportInput = { tenantId: job.tenantId, jobId: job.id, ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}) };
    const accounts = new Set(job.entries.flatMap((entry) => (entry.data ? [entry.data.kind === 'accounts' ? entry.data.id : entry.data.accountId] : [])));
    // Started before under this id (a retried request): starting is idempotent.
    await startOnce(this.client, 'csvImport', {
      taskQueue: this.taskQueue,
      workflowId,
      args: [input],
      typedSearchAttributes: [{ key: TENANT_ID, value: job.tenantId }, ...(accounts.size === 1 ? [{ key: ACCOUNT_ID, value: [...accounts][0]! }] : [])],
      memo: { kind: job.kind, rows: job.entries.length },
    });
    return { workflowId };
  }

  async importProgress(tenantId: string, jobId: string): Promise<ImportProgress | undefined> {
    const handle = this.client.workflow.getHandle(this.importWorkflowIdFor(tenantId, jobId));
    return unlessWorkflowGone(async () => {
      const [description, progress] = await Promise.all([handle.describe(), handle.query(importProgressQuery)]);
      // A workflow that ended without finishing its job (terminated, timed out) has nothing more to report.
      const ended = ['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'].includes(description.status.name);
      return ended && progress.phase !== 'done' ? { ...progress, phase: 'failed' as const } : progress;
    });
  }
}
