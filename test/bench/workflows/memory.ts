/**
 * Part 3: resident memory of the production worker, alone in a child process, holding 1,000 open delegation
 * follow-ups (each has run its first workflow task and waits for its first check-in).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../../workflows/src/worker';
import type { Client } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { Store } from '../../../core/store/ports';
import { createDelegations, log, mb, pool, progress, round } from './common';
import type { WorkerProcessMessage } from './worker-process';

export interface MemorySettings {
  open: number;
  concurrency: number;
  /** RSS samples, one a second, once every workflow has run its first task. */
  samples: number;
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
export function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class WorkerProcess {
  private readonly waiters: ((message: WorkerProcessMessage) => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: WorkerProcessMessage) => this.waiters.shift()?.(message));
    child.stdout?.pipe(process.stderr);
    child.stderr?.pipe(process.stderr);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(env: Record<string, string>): WorkerProcess {
    const child = fork(require.resolve('./worker-process'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new WorkerProcess(child);
  }

  next(timeoutMs: number): Promise<WorkerProcessMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the worker process did not answer')), timeoutMs);
      this.waiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
      void this.exited.then((code) => reject(new Error(`the worker process exited (${code})`)));
    });
  }

  async usage(): Promise<NodeJS.MemoryUsage> {
    this.child.send('memory');
    return (await this.next(10_000)).usage;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send('shutdown');
    const code = await Promise.race([this.exited, sleep(20_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      log('[memory] the worker process did not stop in 20 s; killing it');
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

export async function benchWorkerMemory(options: {
  client: Client;
  connectionOptions: NativeConnectionOptions;
  namespace: string;
  store: Store;
  dbPath: string;
  settings: MemorySettings;
  /** Extra environment for the worker process (investigation variants). */
  workerEnv?: Record<string, string>;
}) {
  const { client, namespace, store, settings } = options;
  const runTag = randomUUID().slice(0, 8);
  const ids = Array.from({ length: settings.open }, (_, index) => `mem-${runTag}-${String(index).padStart(5, '0')}`);
  log(`[memory] creating ${settings.open} delegation records`);
  const inputs = await createDelegations(store, ids, new Date());
  const taskQueue = `bench-memory-${randomUUID()}`;

  // The production image's worker settings (infra/azure/Dockerfile): a prebuilt workflow bundle, glibc
  // limited to two malloc arenas, the default sticky-cache size.
  log('[memory] bundling the workflows as the production image does, then starting the worker in a child process');
  const bundlePath = join(tmpdir(), `account-teams-bench-bundle-${randomUUID()}.js`);
  writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') })).code);
  const worker = WorkerProcess.start({
    WORKFLOW_BUNDLE_PATH: bundlePath,
    MALLOC_ARENA_MAX: '2',
    BENCH_CONNECTION: JSON.stringify(options.connectionOptions),
    BENCH_NAMESPACE: namespace,
    BENCH_TASK_QUEUE: taskQueue,
    BENCH_DB_PATH: options.dbPath,
    ...options.workerEnv,
  });
  const handles: ReturnType<Client['workflow']['getHandle']>[] = [];
  try {
    const ready = await worker.next(180_000);
    if (ready.type !== 'ready' || ready.pid !== worker.child.pid) throw new Error(`unexpected first message from the worker process: ${JSON.stringify(ready)}`);
    const pid = ready.pid;
    await sleep(2000);
    const idle = residentMemory(pid);
    log(`[memory] worker pid ${pid} idle: RSS ${mb(idle.rss)} MB (peak so far ${mb(idle.peak)} MB, maxCachedWorkflows ${ready.maxCachedWorkflows})`);

    log(`[memory] starting ${settings.open} delegation follow-ups`);
    const startedAt = performance.now();
    await pool(
      inputs.length,
      settings.concurrency,
      async (index) => {
        const input = inputs[index]!;
        handles[index] = await client.workflow.start('delegationFollowUp', { taskQueue, workflowId: `bench-open-${input.delegationId}`, args: [input] });
      },
      progress('started', inputs.length),
    );

    // Each has run its first workflow task once its history holds the task's completion (event 4) and what it
    // recorded: the policy marker and the check-in timer (≥ 5 events).
    const pending = new Set(handles.keys());
    const deadline = Date.now() + 180_000;
    while (pending.size > 0) {
      if (Date.now() > deadline) throw new Error(`${pending.size} workflows did not run their first task within 180 s`);
      const waiting = [...pending];
      await pool(waiting.length, settings.concurrency, async (position) => {
        const index = waiting[position]!;
        if ((await handles[index]!.describe()).historyLength >= 5) pending.delete(index);
      });
      log(`  first task done: ${handles.length - pending.size}/${handles.length}`);
      if (pending.size > 0) await sleep(500);
    }
    const firstTasksSeconds = round((performance.now() - startedAt) / 1000, 1);

    const samples: number[] = [];
    for (let sample = 0; sample < settings.samples; sample++) {
      if (sample > 0) await sleep(1000);
      samples.push(residentMemory(pid).rss);
    }
    const usage = await worker.usage();
    const { peak } = residentMemory(pid);
    const rssMaxMB = mb(Math.max(...samples));
    log(`[memory] ${settings.open} open: RSS ${samples.map(mb).join(', ')} MB; peak ${mb(peak)} MB; main heap used ${mb(usage.heapUsed)} MB`);
    return {
      openWorkflows: settings.open,
      rssMB: rssMaxMB,
      rssSamplesMB: samples.map(mb),
      idleRssMB: mb(idle.rss),
      perWorkflowKB: round(((Math.max(...samples) - idle.rss) / settings.open) / 1024, 1),
      peakRssMB: mb(peak),
      mainThread: { heapUsedMB: mb(usage.heapUsed), heapTotalMB: mb(usage.heapTotal), externalMB: mb(usage.external), arrayBuffersMB: mb(usage.arrayBuffers) },
      maxCachedWorkflows: ready.maxCachedWorkflows,
      secondsToFirstTasks: firstTasksSeconds,
    };
  } finally {
    if (handles.length > 0) {
      log(`[memory] terminating ${handles.length} workflows`);
      await pool(handles.length, settings.concurrency, async (index) => {
        await handles[index]?.terminate('benchmark over').catch(() => undefined);
      });
    }
    await worker.stop();
  }
}
