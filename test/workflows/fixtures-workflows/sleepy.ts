/**
 * Workflows for test/workflows/time-skipping-env.test.ts: they wait days of workflow time, which only a
 * time-skipping server gets through in seconds. Bundled by the test's Worker via workflowsPath.
 */
import { condition, defineSignal, defineUpdate, setHandler, sleep, workflowInfo } from '@temporalio/workflow';

/** Sleeps `days` days of workflow time, then returns how long it slept by the workflow clock. */
export async function sleepy(days: number): Promise<{ sleptMs: number }> {
  const started = Date.now();
  await sleep(`${days} days`);
  return { sleptMs: Date.now() - started };
}

export const approveSignal = defineSignal<[string]>('approve');
export const approveUpdate = defineUpdate<string, [string]>('approveWithNote');

/**
 * Waits up to `timeoutDays` for an approval (signal or update). Reports whether it came in time and how much
 * workflow time passed, so a test can tell an approval from a timeout.
 */
export async function awaitApproval(timeoutDays: number): Promise<{ approvedBy?: string; timedOut: boolean; waitedMs: number }> {
  const started = workflowInfo().startTime.getTime();
  let approvedBy: string | undefined;
  setHandler(approveSignal, (who) => {
    approvedBy = who;
  });
  setHandler(approveUpdate, (who) => {
    approvedBy = who;
    return `approved by ${who}`;
  });
  const approved = await condition(() => approvedBy !== undefined, `${timeoutDays} days`);
  return { approvedBy, timedOut: !approved, waitedMs: Date.now() - started };
}
