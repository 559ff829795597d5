/**
 * A time-skipping TestWorkflowEnvironment for workflow tests that wait days or weeks of workflow time.
 *
 * The server is the Java test server provisioned by infra/local/time-skipping-server.ts (TEMPORAL_TEST_SERVER_PATH,
 * or `.tools/bin/temporal-test-server`, fetched with Maven the first time). Without Java or Maven this falls back
 * to the SDK's own download, which needs internet access to temporal.download.
 *
 * Each call starts its own server (a JVM, ready in about a second) on a free port; env.teardown() kills it.
 * Time is global to a server, so give each test file, or each test that skips time, its own environment.
 * The test server has no Schedules and no visibility (List/Count workflows) APIs.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_TOOLS_DIR } from '../../infra/local/temporal-cli';
import { findOrProvisionTimeSkippingServer, TimeSkippingServerUnavailableError } from '../../infra/local/time-skipping-server';

const log = (line: string) => process.stderr.write(`[temporal-test-server] ${line}\n`);

/** Resolved once per test file (jest module registry); undefined means "use the SDK's download". */
let serverPath: Promise<string | undefined> | undefined;

function resolveServer(): Promise<string | undefined> {
  serverPath ??= findOrProvisionTimeSkippingServer({ toolsDir: DEFAULT_TOOLS_DIR, log }).catch((error: unknown) => {
    if (!(error instanceof TimeSkippingServerUnavailableError)) throw error;
    log(`${error.message} Falling back to the SDK's download of the test server (needs internet access).`);
    return undefined;
  });
  return serverPath;
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = await resolveServer();
  if (!path) return TestWorkflowEnvironment.createTimeSkipping();
  // The SDK picks a free port and runs `<path> <port>`, then polls it for up to 5 s. A JVM is ready in well
  // under that, but a port taken between picking and binding, or a machine busy with parallel test workers,
  // can make one start fail: try again a couple of times before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    } catch (error) {
      if (attempt >= 3) throw error;
      log(`Starting the test server failed (attempt ${attempt}), retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
