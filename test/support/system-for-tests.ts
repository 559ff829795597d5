import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../bot/src/config';
import { startSystem, type RunningSystem } from '../../bot/src/runtime/system';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { startTestTemporal, type TestTemporal } from './temporal-for-tests';

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: Headers;
}

export interface CallOptions {
  /** Sign in as this person of the demo firm (a real local token). */
  as?: string;
  method?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestSystemOptions {
  /** More environment for loadConfig, e.g. ENTRA_ALLOWED_TENANTS; the store, port, log level and Temporal settings are the test's own. */
  env?: Record<string, string>;
  /** Where the system's startup and runtime log lines go; dropped unless given. */
  log?: (line: string) => void;
}

/**
 * The whole system as `npm start` runs it — SQLite store in a temp dir, a real Temporal dev server, the
 * worker, the HTTP server on a free port — plus a client that calls it with real tokens.
 */
export async function startTestSystem(options: TestSystemOptions = {}) {
  const temporal: TestTemporal = await startTestTemporal();
  const dataDir = mkdtempSync(join(tmpdir(), 'account-teams-system-'));
  const taskQueue = `system-test-${randomUUID()}`;
  const configFor = () =>
    loadConfig({ ...options.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, TEMPORAL_TASK_QUEUE: taskQueue });
  const log = options.log ?? (() => undefined);
  let system: RunningSystem = await startSystem(configFor(), log);

  const tokenFor = (email: string, tenantId = DEMO_TENANT_ID) => system.localIssuer!.issue({ tenantId, objectId: randomUUID(), email, name: 'Someone' });

  async function call(path: string, init: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.as) headers.authorization = `Bearer ${await tokenFor(init.as)}`;
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${system.url}${path}`, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text, headers: response.headers };
  }

  return {
    get system() {
      return system;
    },
    temporal,
    tokenFor,
    call,
    /** Stops and starts the system on the same data and Temporal server, as a Ctrl-C and `npm start` would. */
    async restart() {
      await system.stop();
      system = await startSystem(configFor(), log);
    },
    async stop() {
      await system?.stop();
      await temporal.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestSystem = Awaited<ReturnType<typeof startTestSystem>>;

export const DEMO_PEOPLE = {
  alejandro: 'alejandro.ruiz@hartwell-lowe.example',
  stephanie: 'stephanie.cho@hartwell-lowe.example',
  peter: 'peter.novak@hartwell-lowe.example',
  maya: 'maya.patel@hartwell-lowe.example',
  tom: 'tom.becker@hartwell-lowe.example',
  marcus: 'marcus.hale@hartwell-lowe.example',
  grace: 'grace.kim@hartwell-lowe.example',
} as const;
