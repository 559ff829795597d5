import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { SEARCH_ATTRIBUTES, startDevServer, type DevServer, type DevServerOptions } from '../../infra/local/dev-server';
import { DEFAULT_TOOLS_DIR, findOrProvisionTemporalCli } from '../../infra/local/temporal-cli';
import { portOpen } from '../support/ports';
import { startTestTemporal, twoFreePorts } from '../support/temporal-for-tests';

const KEYWORD = 2; // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
const TENANT_ID = defineSearchAttributeKey('TenantId', 'KEYWORD');

let cliPath: string;
const dirs: string[] = [];
const running: DevServer[] = [];
const logs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-dev-server-test-'));
  dirs.push(dir);
  return dir;
}

async function start(overrides: Partial<DevServerOptions> & { dataDir: string }): Promise<DevServer> {
  const [port, uiPort] = await twoFreePorts();
  const server = await startDevServer({ cliPath, port, uiPort, log: (line) => logs.push(line), ...overrides });
  running.push(server);
  return server;
}

async function withConnection<T>(address: string, body: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

const customAttributes = (server: DevServer) =>
  withConnection(server.address, async (connection) => {
    const response = await connection.operatorService.listSearchAttributes({ namespace: server.namespace });
    return { ...response.customAttributes };
  });

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  // Builds the CLI into .tools with Go on a fresh machine (minutes); TEMPORAL_CLI_PATH or PATH skip that.
  const found = await findOrProvisionTemporalCli({ toolsDir: DEFAULT_TOOLS_DIR, log: (line) => process.stderr.write(`${line}\n`) });
  if (!found) throw new Error('No Temporal CLI could be found or built (set TEMPORAL_CLI_PATH, or install Go).');
  cliPath = found;
}, 20 * 60_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the local Temporal dev server', () => {
  it('registers the search attributes and keeps workflow executions across a restart on the same data directory', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    expect(first.namespace).toBe('default');
    expect(first.dbFilename).toBe(join(dataDir, 'temporal.db'));
    expect(await customAttributes(first)).toMatchObject({ TenantId: KEYWORD, AccountId: KEYWORD, ProcessKind: KEYWORD });

    // No worker polls this task queue: the execution just stays open, which is all we need to see it persist.
    const before = await withConnection(first.address, async (connection) => {
      const client = new Client({ connection, namespace: first.namespace });
      const handle = await client.workflow.start('noSuchWorkflowType', {
        taskQueue: 'x',
        workflowId: 'w1',
        typedSearchAttributes: [{ key: TENANT_ID, value: 'tenant-1' }],
      });
      return handle.firstExecutionRunId;
    });

    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect(isAlive(first.pid)).toBe(false);
    expect(await portOpen(first.address)).toBe(false);

    const second = await start({ dataDir, port: Number(first.address.split(':')[1]) });
    expect(second.pid).not.toBe(first.pid);
    expect(await customAttributes(second)).toMatchObject({ TenantId: KEYWORD, AccountId: KEYWORD, ProcessKind: KEYWORD });
    const description = await withConnection(second.address, (connection) =>
      new Client({ connection, namespace: second.namespace }).workflow.getHandle('w1').describe(),
    );
    expect(description.runId).toBe(before);
    expect(description.type).toBe('noSuchWorkflowType');
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(TENANT_ID)).toBe('tenant-1');
  });

  it('adds search attributes missing from a database created without them', async () => {
    const dataDir = tempDir();
    const bare = await start({ dataDir, searchAttributes: {} });
    expect(await customAttributes(bare)).not.toHaveProperty('TenantId');
    await bare.stop();

    const restarted = await start({ dataDir });
    const registered = await customAttributes(restarted);
    for (const name of Object.keys(SEARCH_ATTRIBUTES)) expect(registered[name]).toBe(KEYWORD);
  });

  it('refuses to start when its gRPC port is taken, naming the port and the variable that changes it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((listening) => blocker.listen({ port: 0, host: '127.0.0.1' }, listening));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(start({ dataDir: tempDir(), port })).rejects.toThrow(new RegExp(`port ${port} is already in use.*TEMPORAL_DEV_PORT`));
    } finally {
      blocker.close();
    }
  });

  it('refuses to start when its UI port is taken, naming TEMPORAL_DEV_UI_PORT', async () => {
    const blocker = net.createServer();
    await new Promise<void>((listening) => blocker.listen({ port: 0, host: '127.0.0.1' }, listening));
    const uiPort = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(start({ dataDir: tempDir(), uiPort })).rejects.toThrow(new RegExp(`port ${uiPort} is already in use.*TEMPORAL_DEV_UI_PORT`));
    } finally {
      blocker.close();
    }
  });

  it("reports the server's last stderr lines when it exits before becoming ready", async () => {
    const failure = start({ dataDir: tempDir(), searchAttributes: { Broken: 'NotAType' as never } });
    await expect(failure).rejects.toThrow(/exited \(code 1.*before it was ready[\s\S]*Last stderr lines:[\s\S]*NotAType/);
  });
});

describe('startTestTemporal', () => {
  it('gives tests a reachable server', async () => {
    const temporal = await startTestTemporal();
    try {
      const info = await withConnection(temporal.address, (connection) => connection.workflowService.describeNamespace({ namespace: temporal.namespace }));
      expect(info.namespaceInfo?.name).toBe(temporal.namespace);
    } finally {
      await temporal.stop();
    }
  });

  // With TEMPORAL_ADDRESS set the tests share that cluster, which stop() leaves running: nothing to check.
  const ownServerIt = process.env.TEMPORAL_ADDRESS ? it.skip : it;
  ownServerIt('stops the dev server it started (skipped when TEMPORAL_ADDRESS names a cluster)', async () => {
    const temporal = await startTestTemporal();
    try {
      expect(await portOpen(temporal.address)).toBe(true);
    } finally {
      await temporal.stop();
    }
    expect(await portOpen(temporal.address)).toBe(false);
  });
});
