/**
 * The time-skipping environment (test/support/time-skipping-env.ts) really skips time: workflows that wait
 * days of workflow time finish in seconds, and env.sleep() moves the server clock forward.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { portOpen } from '../support/ports';
import { createTimeSkippingEnv } from '../support/time-skipping-env';
import { DAY, installQuietRuntime } from '../support/workflow-harness';
import { approveSignal, approveUpdate, awaitApproval, sleepy } from './fixtures-workflows/sleepy';

const taskQueue = 'time-skipping-env-test';

let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
let seq = 0;
const workflowId = (name: string) => `${name}-${Date.now()}-${++seq}`;

beforeAll(async () => {
  installQuietRuntime();
  // First run on a fresh machine fetches the test server with Maven (seconds); later runs only start a JVM.
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./fixtures-workflows/sleepy'),
  });
  workerRun = worker.run();
}, 5 * 60_000);

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await workerRun;
  }
  await env?.teardown();
});

test('a workflow that sleeps 30 days completes at once, and the server clock moves by 30 days', async () => {
  expect(env.supportsTimeSkipping).toBe(true);
  const before = await env.currentTimeMs();
  const wallStart = Date.now();

  const result = await env.client.workflow.execute(sleepy, { args: [30], taskQueue, workflowId: workflowId('sleepy') });

  const wallMs = Date.now() - wallStart;
  const skippedMs = (await env.currentTimeMs()) - before;
  expect(result.sleptMs).toBeGreaterThanOrEqual(30 * DAY);
  expect(skippedMs).toBeGreaterThanOrEqual(30 * DAY);
  // A sanity bound, not a speed test: without skipping, this would take a month.
  expect(wallMs).toBeLessThan(60_000);
}, 90_000);

describe('a 7-day condition() timeout', () => {
  async function startAndSkipTwoDays() {
    const handle = await env.client.workflow.start(awaitApproval, { args: [7], taskQueue, workflowId: workflowId('await-approval') });
    const before = await env.currentTimeMs();
    await env.sleep('2 days');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(2 * DAY);
    return handle;
  }

  test('a signal sent after env.sleep("2 days") arrives before the timeout', async () => {
    const handle = await startAndSkipTwoDays();
    await handle.signal(approveSignal, 'ceo');

    const result = await handle.result();
    expect(result.timedOut).toBe(false);
    expect(result.approvedBy).toBe('ceo');
    expect(result.waitedMs).toBeGreaterThanOrEqual(2 * DAY);
    expect(result.waitedMs).toBeLessThan(7 * DAY);
  });

  test('an update sent after env.sleep("2 days") arrives before the timeout', async () => {
    const handle = await startAndSkipTwoDays();
    await expect(handle.executeUpdate(approveUpdate, { args: ['cfo'] })).resolves.toBe('approved by cfo');

    const result = await handle.result();
    expect(result).toMatchObject({ approvedBy: 'cfo', timedOut: false });
    expect(result.waitedMs).toBeGreaterThanOrEqual(2 * DAY);
    expect(result.waitedMs).toBeLessThan(7 * DAY);
  });

  test('without an approval, the workflow times out after 7 days of skipped time', async () => {
    const result = await env.client.workflow.execute(awaitApproval, { args: [7], taskQueue, workflowId: workflowId('await-approval') });
    expect(result.timedOut).toBe(true);
    expect(result.approvedBy).toBeUndefined();
    expect(result.waitedMs).toBeGreaterThanOrEqual(7 * DAY);
  });
});

test('teardown stops the test server', async () => {
  const own = await createTimeSkippingEnv();
  const address = own.address;
  expect(await portOpen(address)).toBe(true);
  await own.teardown();
  expect(await portOpen(address)).toBe(false);
}, 60_000);
