import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { demoFirm, DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { OutboundMessage } from '../../core/domain/outbound-message';
import { StoreMessenger } from '../../core/services/messenger';
import { seedRecords } from '../../core/store/seed';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { createActivities } from '../../workflows/src/activities';

export const WORKFLOWS_PATH = require.resolve('../../workflows/src/workflows');

let loggingInstalled = false;
/** Bundling takes seconds; one bundle serves every harness of a test file. */
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * A real worker with the real activities over a real (temporary) SQLite store seeded with the demo firm,
 * for workflow tests on a Temporal test server.
 */
export async function createWorkflowHarness(env: TestWorkflowEnvironment, seedAt: Date = new Date()) {
  if (!loggingInstalled) {
    loggingInstalled = true;
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed already in this process
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'account-teams-wf-'));
  const store = new SqliteStore(join(dir, 'store.db'));
  await seedRecords(store, demoFirm(seedAt));
  const taskQueue = `wf-test-${randomUUID()}`;
  const activities = createActivities({ store, messenger: new StoreMessenger(store) });
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundle;
  return {
    store,
    taskQueue,
    /** Runs `fn` with a fresh worker polling the task queue (a worker runs once, so each call makes one). */
    async run<T>(fn: () => Promise<T>): Promise<T> {
      const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle, activities });
      return worker.runUntil(fn);
    },
    tenantId: DEMO_TENANT_ID,
    async messages(accountId = 'northwind'): Promise<OutboundMessage[]> {
      return (await store.records.list('outboundMessage', { tenantId: DEMO_TENANT_ID, accountId })).map((found) => found.record);
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type WorkflowHarness = Awaited<ReturnType<typeof createWorkflowHarness>>;
