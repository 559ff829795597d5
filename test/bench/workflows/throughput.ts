/**
 * Part 2: delegation follow-ups per second through one worker (in this process, real activities over a
 * temporary SQLite store) against a no-op workflow that makes the same client round trips: start, a checkIn
 * update, a close update, the result. Both run on the same worker, task queue and concurrency.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, type NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Store } from '../../../core/store/ports';
import { StoreMessenger } from '../../../core/services/messenger';
import { createActivities } from '../../../workflows/src/activities';
import { checkInUpdate, closeUpdate, DEFAULT_FOLLOW_UP_POLICY, type DelegationFollowUpInput, type DelegationFollowUpState } from '../../../workflows/src/workflows/delegation-follow-up.contract';
import { checkInRequest, closeRequest, cpuSeconds, createDelegations, describeError, eventLabel, log, pool, progress, round } from './common';

export const BENCH_WORKFLOWS_PATH = require.resolve('./bench-workflows');

export interface ThroughputSettings {
  count: number;
  warmup: number;
  concurrency: number;
  /** Measured runs per kind, interleaved ABBA; the count is split between them. */
  rounds: number;
  /** Completed delegation histories replayed against the workflow code afterwards. */
  replaySample: number;
  /** Investigation: start the follow-ups with the policy in their input. */
  policyInInput: boolean;
}

interface RunFigures {
  count: number;
  seconds: number;
  perSecond: number;
  /** CPU time per workflow in this process (client + worker) and in its children (the dev server). */
  cpuMsPerWorkflow: { benchProcess: number; devServer: number };
}

type Kind = 'delegationFollowUp' | 'noopTwoUpdates';

interface Chunk {
  count: number;
  seconds: number;
  cpu: { self: number; children: number };
}

/** One failed start → checkIn → close → result, with the server's reason. */
export interface FlowFailure {
  kind: Kind;
  workflowId: string;
  error: string;
}

const FLOW_TIMEOUT_MS = 120_000;

/**
 * start → checkIn → close → result for each input, `concurrency` at a time; checks every outcome. A flow that
 * fails is recorded (and its workflow terminated) rather than ending the run, so that one broken workflow
 * shows up as a figure next to the others.
 */
async function drive(client: Client, taskQueue: string, kind: Kind, inputs: readonly DelegationFollowUpInput[], concurrency: number, label: string, failures: FlowFailure[], completed: string[]): Promise<Chunk> {
  const batch = randomUUID().slice(0, 8);
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  await pool(
    inputs.length,
    concurrency,
    async (index) => {
      const input = inputs[index]!;
      const workflowId = `bench-${kind}-${batch}-${input.delegationId}`;
      let timer: NodeJS.Timeout | undefined;
      const flow = (async () => {
        const handle = await client.workflow.start(kind, { taskQueue, workflowId, args: [input] });
        const afterCheckIn = await handle.executeUpdate(checkInUpdate, { args: [checkInRequest(`${input.delegationId}-c1`)] });
        if (afterCheckIn.checkInsReceived !== 1) throw new Error(`check-in not taken (${JSON.stringify(afterCheckIn)})`);
        await handle.executeUpdate(closeUpdate, { args: [closeRequest] });
        const result: DelegationFollowUpState = await handle.result();
        if (result.status !== 'done' || result.checkInsReceived !== 1) throw new Error(`unexpected result ${JSON.stringify(result)}`);
        completed.push(workflowId);
      })();
      try {
        await Promise.race([flow, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`not done after ${FLOW_TIMEOUT_MS / 1000} s`)), FLOW_TIMEOUT_MS)))]);
      } catch (error) {
        failures.push({ kind, workflowId, error: describeError(error, 'brief') });
        log(`  ${kind} ${workflowId} failed: ${describeError(error, 'brief')}`);
        await client.workflow.getHandle(workflowId).terminate('benchmark flow failed').catch(() => undefined);
      } finally {
        clearTimeout(timer);
      }
    },
    progress(label, inputs.length),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds();
  return { count: inputs.length, seconds, cpu: { self: cpuAfter.self - cpuBefore.self, children: cpuAfter.children - cpuBefore.children } };
}

function total(chunks: readonly Chunk[]): RunFigures {
  const count = chunks.reduce((sum, chunk) => sum + chunk.count, 0);
  const seconds = chunks.reduce((sum, chunk) => sum + chunk.seconds, 0);
  const perWorkflow = (pick: (chunk: Chunk) => number) => round((chunks.reduce((sum, chunk) => sum + pick(chunk), 0) * 1000) / count, 2);
  return {
    count,
    seconds: round(seconds, 2),
    perSecond: round(count / seconds, 1),
    cpuMsPerWorkflow: { benchProcess: perWorkflow((chunk) => chunk.cpu.self), devServer: perWorkflow((chunk) => chunk.cpu.children) },
  };
}

/** ABBA order (D N N D D N N D …), so that drift in the machine's load or the server's database falls on both alike. */
function abba(rounds: number): Kind[] {
  return Array.from({ length: rounds }, (_, index): Kind[] => (index % 2 === 0 ? ['delegationFollowUp', 'noopTwoUpdates'] : ['noopTwoUpdates', 'delegationFollowUp'])).flat();
}

export async function benchThroughput(options: { connection: NativeConnection; client: Client; namespace: string; store: Store; settings: ThroughputSettings }) {
  const { connection, client, namespace, store, settings } = options;
  const now = new Date();
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(5, '0')}`);
  log(`[throughput] creating ${settings.warmup + settings.count} delegation records`);
  // policyInInput (investigation): the starter passes the follow-up policy, so the workflow skips its start-up local activity.
  const extra = settings.policyInInput ? { policy: DEFAULT_FOLLOW_UP_POLICY } : {};
  const warmupInputs = await createDelegations(store, ids('tp-warm', settings.warmup), now, extra);
  const inputs = await createDelegations(store, ids('tp', settings.count), now, extra);
  // The no-op never touches the store; it gets inputs of the same shape and size.
  const noopWarmupInputs = warmupInputs.map((input) => ({ ...input, delegationId: input.delegationId.replace('tp-', 'np-') }));
  const noopInputs = inputs.map((input) => ({ ...input, delegationId: input.delegationId.replace('tp-', 'np-') }));

  const taskQueue = `bench-throughput-${randomUUID()}`;
  log('[throughput] bundling the workflows and starting the worker');
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: BENCH_WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle,
    activities: createActivities({ store, messenger: new StoreMessenger(store) }),
  });
  const completed: Record<Kind, string[]> = { delegationFollowUp: [], noopTwoUpdates: [] };
  const figures = await worker.runUntil(async () => {
    log(`[throughput] warm-up: ${settings.warmup} of each`);
    const failures: FlowFailure[] = [];
    await drive(client, taskQueue, 'delegationFollowUp', warmupInputs, settings.concurrency, 'warm-up delegations', failures, []);
    await drive(client, taskQueue, 'noopTwoUpdates', noopWarmupInputs, settings.concurrency, 'warm-up no-op', failures, []);
    log(`[throughput] ${settings.count} of each, ${settings.concurrency} in flight, in ${settings.rounds} rounds per kind (ABBA order)`);
    const chunks: Record<Kind, Chunk[]> = { delegationFollowUp: [], noopTwoUpdates: [] };
    const size = Math.ceil(settings.count / settings.rounds);
    const taken: Record<Kind, number> = { delegationFollowUp: 0, noopTwoUpdates: 0 };
    for (const kind of abba(settings.rounds)) {
      const source = kind === 'delegationFollowUp' ? inputs : noopInputs;
      const slice = source.slice(taken[kind], taken[kind] + size);
      taken[kind] += slice.length;
      if (slice.length === 0) continue;
      const chunk = await drive(client, taskQueue, kind, slice, settings.concurrency, kind === 'delegationFollowUp' ? 'delegations' : 'no-op', failures, completed[kind]);
      chunks[kind].push(chunk);
      log(`[throughput] ${kind}: ${slice.length} in ${chunk.seconds.toFixed(1)} s (${(slice.length / chunk.seconds).toFixed(1)}/s)`);
    }
    const delegations = total(chunks.delegationFollowUp);
    const noop = total(chunks.noopTwoUpdates);
    const cpuPerWorkflow = (figures: RunFigures) => figures.cpuMsPerWorkflow.benchProcess + figures.cpuMsPerWorkflow.devServer;
    log(`[throughput] delegations ${delegations.perSecond}/s, no-op ${noop.perSecond}/s`);
    const failed = (kind: Kind) => failures.filter((failure) => failure.kind === kind).length;
    return {
      concurrency: settings.concurrency,
      rounds: settings.rounds,
      delegations: { ...delegations, failed: failed('delegationFollowUp') },
      noop: { ...noop, failed: failed('noopTwoUpdates') },
      ratio: round(delegations.perSecond / noop.perSecond, 3),
      /** The same comparison by CPU time (worker + client + server) per workflow: steadier on a shared machine. */
      cpuRatio: round(cpuPerWorkflow(noop) / cpuPerWorkflow(delegations), 3),
      /** Up to five failed flows, with the reason (the rest are counted above). */
      failures: failures.slice(0, 5),
    };
  });
  return { ...figures, replay: await replayCheck(client, workflowBundle, completed.delegationFollowUp, settings.replaySample) };
}

/**
 * Replays a sample of the completed delegation histories against the same workflow code, as a worker does
 * after a restart or a cache eviction. A history that does not replay is a workflow that gets stuck the
 * next time it is not in a worker's cache.
 */
async function replayCheck(client: Client, workflowBundle: WorkflowBundleWithSourceMap, workflowIds: readonly string[], sample: number) {
  const step = Math.max(1, Math.floor(workflowIds.length / sample));
  const chosen = workflowIds.filter((_, index) => index % step === 0).slice(0, sample);
  log(`[throughput] replaying ${chosen.length} delegation histories`);
  const histories = await Promise.all(chosen.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })));
  const failed: { workflowId: string; error: string }[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'bench-replay' }, histories)) {
    if (result.error) failed.push({ workflowId: result.workflowId, error: result.error.message });
  }
  const example = failed[0] && histories.find((entry) => entry.workflowId === failed[0]!.workflowId);
  if (failed.length > 0) log(`[throughput] WARNING: ${failed.length} of ${chosen.length} delegation histories do not replay: ${failed[0]!.error}`);
  return {
    sampled: chosen.length,
    nondeterministic: failed.length,
    ...(example
      ? {
          firstError: failed[0]!.error.slice(0, 300),
          /** The events of that history, from the first workflow task on. */
          exampleHistory: (example.history.events ?? []).slice(3, 12).map(eventLabel),
        }
      : {}),
  };
}
