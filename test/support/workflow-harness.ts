import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { OutboundMessage } from '../../core/domain/outbound-message';
import { StoreMessenger, type Messenger } from '../../core/services/messenger';
import { createActivities } from '../../workflows/src/activities';
import { openDemoStore } from './demo-store';

export const WORKFLOWS_PATH = require.resolve('../../workflows/src/workflows');

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Installs the SDK runtime with a WARN-level logger, once per process. Call it before anything creates the
 * runtime (a test environment, a worker, a replay): after that the runtime keeps its default logger.
 */
export function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed already in this process
  }
}

/** Bundling takes seconds; one bundle serves every harness of a test file. */
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflows bundled once per test file, for workers built by hand. */
export function sharedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundle;
}

/**
 * A real worker with the real activities over a real (temporary) SQLite store seeded with the demo firm,
 * for workflow tests on a Temporal test server.
 */
export async function createWorkflowHarness(env: TestWorkflowEnvironment, seedAt: Date = new Date()) {
  installQuietRuntime();
  const { store, dispose } = await openDemoStore(seedAt);
  const taskQueue = `wf-test-${randomUUID()}`;
  const workflowBundle = await sharedWorkflowBundle();
  return {
    store,
    taskQueue,
    /**
     * Runs `fn` with a fresh worker polling the task queue (a worker runs once, so each call makes one).
     * The activities send through a StoreMessenger unless `options.messenger` is given.
     */
    async run<T>(fn: () => Promise<T>, options: { messenger?: Messenger } = {}): Promise<T> {
      const activities = createActivities({ store, messenger: options.messenger ?? new StoreMessenger(store) });
      const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle, activities });
      return worker.runUntil(fn);
    },
    tenantId: DEMO_TENANT_ID,
    async messages(accountId = 'northwind'): Promise<OutboundMessage[]> {
      return (await store.records.list('outboundMessage', { tenantId: DEMO_TENANT_ID, accountId })).map((found) => found.record);
    },
    dispose,
  };
}

export type WorkflowHarness = Awaited<ReturnType<typeof createWorkflowHarness>>;

/** Who a message went to: the person's id, or 'channel' for the leadership channel. */
export const recipientOf = (message: OutboundMessage) => (message.recipient.kind === 'person' ? message.recipient.personId : 'channel');

/** Skips the test server's clock to `plusMs` after the instant `iso` (at least 1 ms, so a past instant still moves it). */
export const sleepUntil = async (env: TestWorkflowEnvironment, iso: string, plusMs: number) => env.sleep(Math.max(1, Date.parse(iso) + plusMs - (await env.currentTimeMs())));

/** Expects `attempt` (a workflow update) to be refused by the workflow with a message matching `message`. */
export async function refused<T>(attempt: Promise<T>, message: RegExp) {
  const failure = await attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((failure as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
}
