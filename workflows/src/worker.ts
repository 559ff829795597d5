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
}

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
 * A worker for every workflow and activity of the app. Workflows are bundled from source at start-up
 * (a few seconds) so that `npm start` needs no build step.
 */
export async function createWorker({ connection, namespace, taskQueue, store, messenger }: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: createActivities({ store, messenger }),
  });
}
