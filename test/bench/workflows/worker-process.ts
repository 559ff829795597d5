/**
 * The production worker (workflows/src/worker.ts: every workflow, bundled at start-up, real activities over
 * SQLite) alone in its own process, so the bench can read its resident memory from /proc.
 *
 * Started by memory.ts with an IPC channel. Environment: BENCH_CONNECTION (JSON connection options),
 * BENCH_NAMESPACE, BENCH_TASK_QUEUE, BENCH_DB_PATH. For investigation only: BENCH_MAX_CACHED_WORKFLOWS,
 * BENCH_REUSE_V8_CONTEXT ("false") and BENCH_WORKFLOW_BUNDLE (a prebuilt bundle's code file, so that webpack
 * never runs in this process) build the same worker with those options changed.
 *
 * Messages: sends {type: 'ready', pid} once polling, {type: 'memory', usage} when asked ('memory'); stops
 * on 'shutdown' (or when the parent goes away).
 */
import { NativeConnection, Worker, type NativeConnectionOptions } from '@temporalio/worker';
import { StoreMessenger } from '../../../core/services/messenger';
import { SqliteStore } from '../../../core/store/sqlite/sqlite-store';
import { createActivities } from '../../../workflows/src/activities';
import { createWorker, installWorkerLogging } from '../../../workflows/src/worker';

export interface WorkerProcessMessage {
  type: 'ready' | 'memory';
  pid: number;
  usage: NodeJS.MemoryUsage;
  maxCachedWorkflows?: number;
}

const reviveBuffers = (_key: string, value: unknown) =>
  value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data) ? Buffer.from((value as { data: number[] }).data) : value;

async function main() {
  const env = process.env;
  const required = (name: string) => env[name] ?? (() => { throw new Error(`${name} is not set`); })();
  installWorkerLogging('WARN');
  const connection = await NativeConnection.connect(JSON.parse(required('BENCH_CONNECTION'), reviveBuffers) as NativeConnectionOptions);
  const store = new SqliteStore(required('BENCH_DB_PATH'));
  const messenger = new StoreMessenger(store);
  const namespace = required('BENCH_NAMESPACE');
  const taskQueue = required('BENCH_TASK_QUEUE');
  const variant = env.BENCH_MAX_CACHED_WORKFLOWS || env.BENCH_REUSE_V8_CONTEXT === 'false' || env.BENCH_WORKFLOW_BUNDLE;
  const worker = variant
    ? await Worker.create({
        connection,
        namespace,
        taskQueue,
        ...(env.BENCH_WORKFLOW_BUNDLE ? { workflowBundle: { codePath: env.BENCH_WORKFLOW_BUNDLE } } : { workflowsPath: require.resolve('../../../workflows/src/workflows') }),
        activities: createActivities({ store, messenger }),
        ...(env.BENCH_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(env.BENCH_MAX_CACHED_WORKFLOWS) } : {}),
        ...(env.BENCH_REUSE_V8_CONTEXT === 'false' ? { reuseV8Context: false } : {}),
      })
    : await createWorker({
        connection,
        namespace,
        taskQueue,
        store,
        messenger,
        ...(env.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: env.WORKFLOW_BUNDLE_PATH } : {}),
        ...(env.WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(env.WORKER_MAX_CACHED_WORKFLOWS) } : {}),
      });

  const send = (type: WorkerProcessMessage['type']) =>
    process.send?.({ type, pid: process.pid, usage: process.memoryUsage(), maxCachedWorkflows: worker.options.maxCachedWorkflows } satisfies WorkerProcessMessage);
  process.on('message', (message) => {
    if (message === 'memory') send('memory');
    if (message === 'shutdown' && worker.getState() === 'RUNNING') worker.shutdown();
  });
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });

  const running = worker.run();
  send('ready');
  try {
    await running;
  } finally {
    await connection.close();
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[worker-process] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
