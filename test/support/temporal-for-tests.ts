/**
 * A Temporal server for workflow and API tests.
 *
 * TEMPORAL_ADDRESS set: that cluster is used as is (namespace TEMPORAL_NAMESPACE, default "default").
 * Otherwise: a fresh dev server on free ports with a throwaway database (about a second to start), using the
 * CLI from infra/local (TEMPORAL_CLI_PATH, PATH, .tools/bin, or built with Go the first time), or the SDK's
 * download as a last resort.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from '@temporalio/client';
import { freePort, startDevServer } from '../../infra/local/dev-server';
import { DEFAULT_TOOLS_DIR, findOrProvisionTemporalCli } from '../../infra/local/temporal-cli';
import { startSdkDevServer, startTemporal } from '../../infra/local/temporal-runtime';

export interface TestTemporal {
  address: string;
  namespace: string;
  /** Address plus TLS / API key when TEMPORAL_ADDRESS points at a secured cluster. */
  connectionOptions: ConnectionOptions & { address: string };
  stop(): Promise<void>;
}

/** Provisioning can take minutes on a fresh machine; say so, but keep a healthy start silent. */
const log = (line: string) => process.stderr.write(`[temporal] ${line}\n`);
const quiet = () => undefined;

/** Resolved once per test file (jest module registry), shared by every startTestTemporal() in it. */
let cliPath: Promise<string | undefined> | undefined;

export async function startTestTemporal(): Promise<TestTemporal> {
  const env = process.env;
  if (env.TEMPORAL_ADDRESS) {
    const runtime = await startTemporal(
      {
        address: env.TEMPORAL_ADDRESS,
        namespace: env.TEMPORAL_NAMESPACE ?? 'default',
        tlsCertPath: env.TEMPORAL_TLS_CERT_PATH,
        tlsKeyPath: env.TEMPORAL_TLS_KEY_PATH,
        tlsServerName: env.TEMPORAL_TLS_SERVER_NAME,
        apiKey: env.TEMPORAL_API_KEY,
        dataDir: tmpdir(),
        devPort: 0,
        devUiPort: 0,
        toolsDir: DEFAULT_TOOLS_DIR,
      },
      quiet,
    );
    return { address: runtime.connectionOptions.address, namespace: runtime.namespace, connectionOptions: runtime.connectionOptions, stop: runtime.stop };
  }

  cliPath ??= findOrProvisionTemporalCli({ toolsDir: DEFAULT_TOOLS_DIR, log });
  const cli = await cliPath;
  const dataDir = mkdtempSync(join(tmpdir(), 'account-teams-temporal-'));
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  // Free ports can be taken by a parallel test between picking and binding: retry with new ones.
  for (let attempt = 1; ; attempt++) {
    const [port, uiPort] = await twoFreePorts();
    try {
      const server = cli
        ? await startDevServer({ cliPath: cli, dataDir, port, uiPort, log: quiet }).then((dev) => ({
            ...dev,
            stop: () => dev.stop('immediate'), // the database is thrown away, so skip the 1.5 s clean shutdown
          }))
        : await startSdkDevServer({ namespace: 'default', dataDir, devPort: port, devUiPort: uiPort, toolsDir: DEFAULT_TOOLS_DIR }, log).then(
            (runtime) => ({ address: runtime.connectionOptions.address, namespace: runtime.namespace, stop: runtime.stop }),
          );
      return {
        address: server.address,
        namespace: server.namespace,
        connectionOptions: { address: server.address },
        stop: async () => {
          try {
            await server.stop();
          } finally {
            cleanUp();
          }
        },
      };
    } catch (error) {
      if (attempt >= 3 || !/in use/i.test(String(error))) {
        cleanUp();
        throw error;
      }
    }
  }
}

/** Two distinct free ports: a dev server's gRPC port and its UI port. */
export async function twoFreePorts(): Promise<[number, number]> {
  const port = await freePort();
  let uiPort = await freePort();
  while (uiPort === port) uiPort = await freePort();
  return [port, uiPort];
}
