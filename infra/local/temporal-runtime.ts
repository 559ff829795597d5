/**
 * Decides where the app's Temporal lives.
 *
 * - TEMPORAL_ADDRESS set: a real cluster or Temporal Cloud; nothing is started here.
 * - otherwise (local mode): `temporal server start-dev` with a SQLite file under the data directory, using a
 *   CLI found on this machine or built with Go (temporal-cli.ts); as a last resort the SDK's own download of
 *   the CLI (@temporalio/testing, needs internet access to temporal.download).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionOptions, TLSConfig } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { assertPortFree, ensureSearchAttributes, SEARCH_ATTRIBUTES, startDevServer } from './dev-server';
import { findOrProvisionTemporalCli } from './temporal-cli';

export interface TemporalConfig {
  /** host:port of an existing cluster (TEMPORAL_ADDRESS); when absent a local dev server is started. */
  address?: string;
  namespace: string;
  /** mTLS client certificate and key (PEM files); both or neither. */
  tlsCertPath?: string;
  tlsKeyPath?: string;
  /** Server name (SNI) override for TLS. */
  tlsServerName?: string;
  /** Temporal Cloud API key (implies TLS). */
  apiKey?: string;
  /** Local mode: the dev server's database is `<dataDir>/temporal.db`. */
  dataDir: string;
  devPort: number;
  devUiPort: number;
  /** Where the CLI is provisioned, normally `<repo>/.tools`. */
  toolsDir: string;
}

export interface TemporalRuntime {
  /** For `Connection.connect` (client); the worker's `NativeConnection.connect` takes nativeConnectionOptions() of it. */
  connectionOptions: ConnectionOptions & { address: string };
  namespace: string;
  /** Web UI of the embedded dev server. */
  uiUrl?: string;
  /** True when this process started the server (and stop() stops it). */
  embedded: boolean;
  /** How the server was obtained, for logs. */
  source: 'remote' | 'dev-server' | 'sdk-download';
  stop(): Promise<void>;
}

export async function startTemporal(config: TemporalConfig, log: (line: string) => void): Promise<TemporalRuntime> {
  if (config.address) return remote(config, log);

  const cliPath = await findOrProvisionTemporalCli({ toolsDir: config.toolsDir, log });
  if (cliPath) {
    log(`Starting the Temporal dev server (${cliPath}).`);
    const server = await startDevServer({
      cliPath,
      dataDir: config.dataDir,
      port: config.devPort,
      uiPort: config.devUiPort,
      namespace: config.namespace,
      log,
    });
    return {
      connectionOptions: { address: server.address },
      namespace: server.namespace,
      uiUrl: server.uiUrl,
      embedded: true,
      source: 'dev-server',
      stop: server.stop,
    };
  }
  return startSdkDevServer(config, log);
}

function remote(config: TemporalConfig, log: (line: string) => void): TemporalRuntime {
  const address = config.address!;
  if (Boolean(config.tlsCertPath) !== Boolean(config.tlsKeyPath)) {
    throw new Error('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together (mTLS needs both).');
  }
  const tls: TLSConfig = {};
  if (config.tlsCertPath && config.tlsKeyPath) {
    tls.clientCertPair = { crt: readPem(config.tlsCertPath, 'TEMPORAL_TLS_CERT_PATH'), key: readPem(config.tlsKeyPath, 'TEMPORAL_TLS_KEY_PATH') };
  }
  if (config.tlsServerName) tls.serverNameOverride = config.tlsServerName;
  const useTls = Object.keys(tls).length > 0 || Boolean(config.apiKey);

  const connectionOptions: ConnectionOptions & { address: string } = { address };
  if (useTls) connectionOptions.tls = Object.keys(tls).length > 0 ? tls : true;
  if (config.apiKey) connectionOptions.apiKey = config.apiKey;
  const auth = tls.clientCertPair ? 'mTLS' : config.apiKey ? 'API key over TLS' : useTls ? 'TLS' : 'plaintext';
  log(`Using the Temporal cluster at ${address} (namespace ${config.namespace}, ${auth}).`);
  return {
    connectionOptions,
    namespace: config.namespace,
    embedded: false,
    source: 'remote',
    stop: async () => undefined,
  };
}

/** The worker's connection: the same address, TLS and API key as the client's. */
export function nativeConnectionOptions(options: ConnectionOptions & { address: string }): NativeConnectionOptions {
  return {
    address: options.address,
    ...(options.tls !== undefined ? { tls: options.tls } : {}),
    ...(typeof options.apiKey === 'string' ? { apiKey: options.apiKey } : {}),
  };
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`Cannot read ${what} at ${path}: ${(error as Error).message}`);
  }
}

/** Last resort: the SDK downloads the CLI itself. Works only with internet access to temporal.download. */
export async function startSdkDevServer(config: TemporalConfig, log: (line: string) => void): Promise<TemporalRuntime> {
  log('No Temporal CLI available; falling back to the Temporal SDK download of the dev server (needs internet access).');
  await assertPortFree(config.devPort, 'gRPC', 'TEMPORAL_DEV_PORT');
  await assertPortFree(config.devUiPort, 'Web UI', 'TEMPORAL_DEV_UI_PORT');
  try {
    // A dev dependency: required lazily so a production install (which never gets here) does not need it.
    const { TestWorkflowEnvironment } = (await import('@temporalio/testing')) as typeof import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        dbFilename: join(config.dataDir, 'temporal.db'),
        namespace: config.namespace,
        ip: '127.0.0.1',
        port: config.devPort,
        ui: true,
        uiPort: config.devUiPort,
        extraArgs: Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
      },
    });
    try {
      await ensureSearchAttributes(env.connection, config.namespace, SEARCH_ATTRIBUTES);
    } catch (error) {
      await env.teardown();
      throw error;
    }
    return {
      connectionOptions: { address: env.address },
      namespace: config.namespace,
      uiUrl: `http://localhost:${config.devUiPort}`,
      embedded: true,
      source: 'sdk-download',
      stop: () => env.teardown(),
    };
  } catch (error) {
    throw new Error(
      'Could not start a local Temporal server. No Temporal CLI was found or built (install Go so it can be built ' +
        'with `npm run provision`, put `temporal` on PATH, or set TEMPORAL_CLI_PATH), and the SDK download failed ' +
        `(it needs internet access): ${(error as Error).message}. Or point TEMPORAL_ADDRESS at an existing cluster.`,
      { cause: error },
    );
  }
}
