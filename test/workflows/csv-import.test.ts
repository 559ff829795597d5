import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ImportProgress } from '../../core/domain/import-job';
import { CsvImportService } from '../../core/services/csv-import-service';
import type { RoleViewer } from '../../core/services/viewer';
import { StoreMessenger } from '../../core/services/messenger';
import { createActivities } from '../../workflows/src/activities';
import { csvImportWorkflowId, importProgressQuery, type CsvImportInput } from '../../workflows/src/workflows/csv-import.contract';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import { createWorkflowHarness, WORKFLOWS_PATH, type WorkflowHarness } from '../support/workflow-harness';

/**
 * The CSV import workflow on the time-skipping test server, with the real activities over a SQLite store
 * seeded with the demo firm. Jobs are stored by the real import service (with a gateway that starts
 * nothing), then the workflow is started here.
 */
jest.setTimeout(300_000);

let env: TestWorkflowEnvironment;
let harness: WorkflowHarness;
let service: CsvImportService;
let admin: RoleViewer;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  harness = await createWorkflowHarness(env, new Date(await env.currentTimeMs()));
  service = new CsvImportService(harness.store, { importWorkflowIdFor: csvImportWorkflowId, startImport: async (job) => ({ workflowId: csvImportWorkflowId(job.tenantId, job.id) }), importProgress: async () => undefined });
  admin = { tenantId: harness.tenantId, personId: 'grace', roles: ['admin'] };
});
afterAll(async () => {
  await harness?.dispose();
  await env?.teardown();
});

const HEADER = 'accountId,email,name,rank,practice,region,timeZone,leader,role,remit,accountable';
const member = (accountId: string, local: string, name: string, role: string, practice = 'audit') => `${accountId},${local}@hartwell-lowe.example,${name},associate,${practice},US Central,America/Chicago,no,${role},,`;

async function storeJob(id: string, rows: string[]): Promise<string> {
  const started = await service.start(admin, { id, kind: 'roster', csv: [HEADER, ...rows].join('\n') });
  return started.progress.jobId;
}

const input = (jobId: string, extra: Partial<CsvImportInput> = {}): CsvImportInput => ({ tenantId: harness.tenantId, jobId, ...extra });
const peopleWithEmail = async (email: string) => (await harness.store.records.list('person', { tenantId: harness.tenantId })).filter((found) => found.record.email === email);

describe('importing a roster in batches', () => {
  it('plans and writes each batch, counts every outcome, reports bad rows by line and stores the result', async () => {
    const jobId = await storeJob('roster-batches', [
      member('northwind', 'ana.lima', 'Ana Lima', 'audit associate'),
      member('northwind', 'ben.okoro', 'Ben Okoro', 'tax associate', 'tax'),
      member('globex', 'ana.lima', 'Ana Lima', 'audit support'),
      member('nowhere', 'cy.young', 'Cy Young', 'associate'),
      'northwind,tom.becker@hartwell-lowe.example,Tom Becker,associate,tax,US Central,America/Chicago,no,tax associate (transfer pricing),,',
    ]);
    const result = await harness.run(async () => {
      const handle = await env.client.workflow.start('csvImport', { taskQueue: harness.taskQueue, workflowId: 'import-roster-batches', args: [input(jobId, { batchSize: 2 })] });
      const progress: ImportProgress = await handle.result();
      expect(await handle.query(importProgressQuery)).toEqual(progress);
      const history = await handle.fetchHistory();
      const scheduled = history.events!.flatMap((event) => (event.activityTaskScheduledEventAttributes ? [event.activityTaskScheduledEventAttributes.activityType!.name!] : []));
      expect(scheduled).toEqual(['importStart', 'importPlanBatch', 'importApplyBatch', 'importPlanBatch', 'importApplyBatch', 'importPlanBatch', 'importApplyBatch', 'importFinish']);
      return progress;
    });

    expect(result).toMatchObject({ jobId, kind: 'roster', phase: 'done', total: 5, processed: 5, created: 3, updated: 1, unchanged: 0, failed: 1 });
    expect(result.errors).toEqual([{ line: 5, column: 'accountId', message: 'no account nowhere in this firm' }]);
    const job = (await harness.store.records.get('importJob', { tenantId: harness.tenantId, id: jobId }))!.record;
    expect(job).toMatchObject({ phase: 'done', counts: { total: 5, processed: 5, created: 3, updated: 1, unchanged: 0, failed: 1 }, errors: result.errors });
    expect(job.finishedAt).toBeDefined();

    const [ana] = await peopleWithEmail('ana.lima@hartwell-lowe.example');
    const northwind = (await harness.store.records.get('account', { tenantId: harness.tenantId, id: 'northwind' }))!.record;
    const globex = (await harness.store.records.get('account', { tenantId: harness.tenantId, id: 'globex' }))!.record;
    expect(northwind.accountTeam).toEqual(expect.arrayContaining([{ personId: ana!.record.id, role: 'audit associate' }, { personId: 'tom', role: 'tax associate (transfer pricing)' }]));
    expect(globex.accountTeam).toContainEqual({ personId: ana!.record.id, role: 'audit support' });
  });
});

describe('a batch whose write is retried after it wrote part of the batch', () => {
  it('converges on one record per person and keeps the counts of the plan', async () => {
    const jobId = await storeJob('roster-retried', [member('northwind', 'carl.diaz', 'Carl Diaz', 'audit associate'), member('northwind', 'dina.fox', 'Dina Fox', 'audit associate'), member('northwind', 'eve.gray', 'Eve Gray', 'audit associate')]);
    const real = createActivities({ store: harness.store, messenger: new StoreMessenger(harness.store) });
    let crashes = 0;
    const activities = {
      ...real,
      async importApplyBatch(batch: Parameters<typeof real.importApplyBatch>[0]) {
        const applied = await real.importApplyBatch(batch);
        if (batch.from === 0 && crashes === 0) {
          crashes++;
          throw new Error('worker lost after writing the batch');
        }
        return applied;
      },
    };
    const taskQueue = `${harness.taskQueue}-retry`;
    const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowsPath: WORKFLOWS_PATH, activities });
    const { progress, attempts } = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('csvImport', { taskQueue, workflowId: 'import-roster-retried', args: [input(jobId, { batchSize: 2 })] });
      const done: ImportProgress = await handle.result();
      const history = await handle.fetchHistory();
      return { progress: done, attempts: history.events!.flatMap((event) => (event.activityTaskStartedEventAttributes ? [event.activityTaskStartedEventAttributes.attempt] : [])) };
    });

    expect(crashes).toBe(1);
    expect(attempts).toContain(2);
    expect(progress).toMatchObject({ phase: 'done', total: 3, processed: 3, created: 3, updated: 0, unchanged: 0, failed: 0, errors: [] });
    for (const email of ['carl.diaz', 'dina.fox', 'eve.gray']) expect(await peopleWithEmail(`${email}@hartwell-lowe.example`)).toHaveLength(1);
    const northwind = (await harness.store.records.get('account', { tenantId: harness.tenantId, id: 'northwind' }))!.record;
    const ids = northwind.accountTeam.map((teamMember) => teamMember.personId);
    expect(ids.length).toBe(new Set(ids).size);

    // The same file again, as a new job: nothing left to do.
    const again = await storeJob('roster-retried-again', [member('northwind', 'carl.diaz', 'Carl Diaz', 'audit associate'), member('northwind', 'dina.fox', 'Dina Fox', 'audit associate'), member('northwind', 'eve.gray', 'Eve Gray', 'audit associate')]);
    const second = await harness.run(() => env.client.workflow.execute('csvImport', { taskQueue: harness.taskQueue, workflowId: 'import-roster-retried-again', args: [input(again)] }));
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
  });
});

describe('the job’s rows', () => {
  it('are read from the store once per job by a worker, not by every batch', async () => {
    const rows = Array.from({ length: 6 }, (_, index) => member('northwind', `once.${index}`, `Once ${index}`, 'audit associate'));
    const jobId = await storeJob('roster-read-once', rows);
    const jobReads: string[] = [];
    let activity = '';
    // The store as the activities see it, with every read of an import job counted by the activity that made it.
    const records = new Proxy(harness.store.records, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'get' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return (kind: string, ...rest: unknown[]) => {
          if (kind === 'importJob') jobReads.push(activity);
          return value.call(target, kind, ...rest);
        };
      },
    });
    const store = new Proxy(harness.store, { get: (target, property) => (property === 'records' ? records : Reflect.get(target, property, target)) });
    const real = createActivities({ store, messenger: new StoreMessenger(harness.store) });
    const traced = Object.fromEntries(
      Object.entries(real).map(([name, fn]) => [name, async (...args: unknown[]) => ((activity = name), (fn as (...a: unknown[]) => unknown)(...args))]),
    ) as typeof real;
    const taskQueue = `${harness.taskQueue}-read-once`;
    const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowsPath: WORKFLOWS_PATH, activities: traced });
    const progress = await worker.runUntil(() => env.client.workflow.execute('csvImport', { taskQueue, workflowId: 'import-roster-read-once', args: [input(jobId, { batchSize: 2 })] }));

    expect(progress).toMatchObject({ phase: 'done', total: 6, processed: 6, created: 6, failed: 0 });
    // Start and finish write the job (a read each, for its ETag); the six batch steps read it none.
    expect(jobReads).toEqual(['importStart', 'importFinish']);
  });
});

describe('a long import', () => {
  it('continues as new between batches and carries its progress', async () => {
    const rows = Array.from({ length: 8 }, (_, index) => member('northwind', `long.${index}`, `Long ${index}`, 'audit associate'));
    const jobId = await storeJob('roster-long', rows);
    await harness.run(async () => {
      const handle = await env.client.workflow.start('csvImport', { taskQueue: harness.taskQueue, workflowId: 'import-roster-long', args: [input(jobId, { batchSize: 1, maxHistoryEvents: 25 })] });
      const progress: ImportProgress = await handle.result();
      expect(progress).toMatchObject({ phase: 'done', total: 8, processed: 8, created: 8, failed: 0 });
      const first = await env.client.workflow.getHandle('import-roster-long', handle.firstExecutionRunId).describe();
      expect(first.status.name).toBe('CONTINUED_AS_NEW');
    });
  });
});

describe('a job that is not there', () => {
  it('fails the workflow instead of retrying for ever', async () => {
    await harness.run(async () => {
      const handle = await env.client.workflow.start('csvImport', { taskQueue: harness.taskQueue, workflowId: 'import-missing', args: [input('no-such-job')] });
      await expect(handle.result()).rejects.toThrow();
      expect((await handle.query(importProgressQuery)).phase).toBe('failed');
    });
  });
});
