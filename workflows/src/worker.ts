import { DefaultLogger, Runtime, Worker, type LogLevel, type NativeConnection } from '@temporalio/worker';
import type { Messenger } from '../../core/services/messenger';
import type { Store } from '../../core/store/ports';
import { createActivities } from './activities';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  store: Store;
  messenger: Messenger;
  /** A prebuilt bundle (`npm run build:workflows`); without one, workflows are bundled at start-up. */
  workflowBundlePath?: string;
  /**
   * Workflows kept in the sticky cache. A follow-up waits a week between tasks, so a large cache buys
   * little and costs ~100 KB per workflow; an evicted one is replayed from history on its next task.
   */
  maxCachedWorkflows?: number;
}

const DEFAULT_MAX_CACHED_WORKFLOWS = 250;

let runtimeInstalled = false;

/** The SDK's runtime logger can be set once per process, before the first worker; later calls are no-ops. */
export function installWorkerLogging(level: LogLevel): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // Already installed by an earlier worker in this process: keep that one.
  }
}

/**
 * A worker for every workflow and activity of the app. Locally, workflows are bundled from source at
 * start-up (a few seconds) so `npm start` needs no build step; production images ship a prebuilt
 * bundle, which also keeps webpack's ~100 MB out of the worker's resident memory.
 */
export async function createWorker({ connection, namespace, taskQueue, store, messenger, workflowBundlePath, maxCachedWorkflows }: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(workflowBundlePath ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({ store, messenger }),
    maxCachedWorkflows: maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
  });
}

export const WORKFLOWS_PATH = require.resolve('./workflows');
