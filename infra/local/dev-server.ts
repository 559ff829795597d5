/**
 * Runs `temporal server start-dev` as a child process with a persistent SQLite file, so workflows survive a
 * Ctrl-C and restart of `npm start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { splitLines } from './provisioning-utils';

/** The search attributes the workflows set (see workflows/src/search-attributes.ts), in the CLI's spelling. */
export const SEARCH_ATTRIBUTES: Readonly<Record<string, CliSearchAttributeType>> = {
  TenantId: 'Keyword',
  AccountId: 'Keyword',
  ProcessKind: 'Keyword',
};

export type CliSearchAttributeType = 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/** Mirrors temporal.api.enums.v1.IndexedValueType (not exported by the SDK packages we depend on). */
const INDEXED_VALUE_TYPE: Record<CliSearchAttributeType, number> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

export const DEFAULT_DEV_PORT = 7233;
export const DEFAULT_DEV_UI_PORT = 8233;
const HOST = '127.0.0.1';

export interface DevServerOptions {
  cliPath: string;
  /** The SQLite file is `<dataDir>/temporal.db`; it persists across restarts. */
  dataDir: string;
  port?: number;
  uiPort?: number;
  namespace?: string;
  log: (line: string) => void;
  /** How long to wait for the server to answer; default 60 s. */
  readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 10 s. */
  stopGraceMs?: number;
  searchAttributes?: Readonly<Record<string, CliSearchAttributeType>>;
}

export interface DevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  uiUrl: string;
  namespace: string;
  pid: number;
  dbFilename: string;
  /**
   * 'graceful' (default): SIGTERM, then SIGKILL after the grace period; takes about a second and a half.
   * 'immediate': SIGKILL, for throwaway servers (SQLite stays consistent either way, but the last
   * moments of work may be lost).
   */
  stop(mode?: 'graceful' | 'immediate'): Promise<void>;
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const port = opts.port ?? DEFAULT_DEV_PORT;
  const uiPort = opts.uiPort ?? DEFAULT_DEV_UI_PORT;
  const namespace = opts.namespace ?? 'default';
  const searchAttributes = opts.searchAttributes ?? SEARCH_ATTRIBUTES;
  const { log } = opts;
  if (port === uiPort) throw new Error(`TEMPORAL_DEV_PORT and TEMPORAL_DEV_UI_PORT are both ${port}; they must differ.`);
  await assertPortFree(port, 'gRPC', 'TEMPORAL_DEV_PORT');
  await assertPortFree(uiPort, 'Web UI', 'TEMPORAL_DEV_UI_PORT');

  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dbFilename = join(dataDir, 'temporal.db');
  const args = [
    'server', 'start-dev',
    '--db-filename', dbFilename,
    '--ip', HOST,
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--namespace', namespace,
    // Only takes effect when the namespace is first created in a fresh database; ensureSearchAttributes
    // below covers databases created before an attribute was added.
    ...Object.entries(searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    '--log-level', 'warn',
  ];
  const address = `${HOST}:${port}`;
  const uiUrl = `http://localhost:${uiPort}`;
  const started = Date.now();

  // Not detached: a Ctrl-C in the terminal reaches the server too, and it shuts down cleanly on SIGINT.
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderrTail = tailOf(child.stderr, 30);
  tailOf(child.stdout, 10); // drain, so a chatty server never blocks on a full pipe
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((done) => {
    child.once('error', (error) => done({ code: null, signal: null, error }));
    // 'close' rather than 'exit': it waits for stderr to drain, so the error report has the last lines.
    child.once('close', (code, signal) => done({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  // SIGTERM, not SIGKILL: the server finishes its clean shutdown on its own after we are gone.
  const killOnExit = () => {
    if (!hasExited) child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  const watchdog = startWatchdog(child.pid);
  void exited.then(() => {
    process.removeListener('exit', killOnExit);
    watchdog?.kill('SIGKILL');
  });

  const stop = async (mode: 'graceful' | 'immediate' = 'graceful'): Promise<void> => {
    if (!hasExited) {
      child.kill(mode === 'immediate' ? 'SIGKILL' : 'SIGTERM');
      const grace = opts.stopGraceMs ?? 10_000;
      const timer = setTimeout(() => {
        log(`Temporal dev server did not stop within ${grace} ms of SIGTERM; killing it.`);
        child.kill('SIGKILL');
      }, grace);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    watchdog?.kill('SIGKILL');
  };

  const deadline = started + (opts.readyTimeoutMs ?? 60_000);
  const died = exited.then((how) => {
    const what = how.error ? `could not be started (${how.error.message})` : `exited (code ${how.code}, signal ${how.signal})`;
    const tail = stderrTail().join('\n');
    throw new Error(`Temporal dev server ${what} before it was ready.\nCommand: ${opts.cliPath} ${args.join(' ')}${tail ? `\nLast stderr lines:\n${tail}` : ''}`);
  });
  died.catch(() => undefined); // observed through Promise.race below
  const polling = { cancelled: false };
  try {
    await Promise.race([died, waitUntilReady(address, namespace, searchAttributes, deadline, stderrTail, polling)]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    polling.cancelled = true; // the server died first: stop polling it
  }
  log(`Temporal dev server ready at ${address} (namespace ${namespace}, UI ${uiUrl}, data ${dbFilename}) in ${Date.now() - started} ms.`);
  return { address, uiUrl, namespace, pid: child.pid!, dbFilename, stop };
}

async function waitUntilReady(
  address: string,
  namespace: string,
  searchAttributes: Readonly<Record<string, CliSearchAttributeType>>,
  deadline: number,
  stderrTail: () => string[],
  polling: { cancelled: boolean },
): Promise<void> {
  const timeout = (what: string, cause?: unknown) => {
    const tail = stderrTail().join('\n');
    const reason = cause instanceof Error ? ` (last error: ${cause.message})` : '';
    return new Error(`Temporal dev server at ${address} did not ${what} in time${reason}.${tail ? `\nLast stderr lines:\n${tail}` : ''}`);
  };
  // The frontend port opening is cheap to poll; gRPC's own reconnect backoff would add seconds.
  while (!(await canConnect(address))) {
    if (polling.cancelled) return;
    if (Date.now() > deadline) throw timeout('open its gRPC port');
    await sleep(100);
  }
  let lastError: unknown;
  for (;;) {
    if (polling.cancelled) return;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeout('answer gRPC requests', lastError);
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: Math.min(remaining, 5_000) });
      await connection.workflowService.describeNamespace({ namespace });
      await ensureSearchAttributes(connection, namespace, searchAttributes);
      return;
    } catch (error) {
      if (error instanceof SearchAttributeConflict) throw error;
      lastError = error;
      await sleep(200);
    } finally {
      await connection?.close();
    }
  }
}

export class SearchAttributeConflict extends Error {}

/**
 * `start-dev --search-attribute` registers attributes only when it creates the namespace, i.e. on a fresh
 * database; so we check after every start and add what is missing (re-adding an existing one would fail).
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  wanted: Readonly<Record<string, CliSearchAttributeType>>,
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: Record<string, number> = {};
  for (const [name, type] of Object.entries(wanted)) {
    const existing = customAttributes?.[name];
    if (existing === undefined || existing === null) missing[name] = INDEXED_VALUE_TYPE[type];
    else if (existing !== INDEXED_VALUE_TYPE[type]) {
      throw new SearchAttributeConflict(
        `Search attribute ${name} is registered in namespace ${namespace} with a different type than ${type}. ` +
          'Delete the dev server database (temporal.db in the data directory) to start over.',
      );
    }
  }
  if (Object.keys(missing).length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
}

/**
 * The child dies with us on a normal exit (process.on('exit')), and on Ctrl-C (same process group). For a
 * parent killed by SIGKILL or an unhandled SIGTERM no JS runs, so a tiny shell holds a pipe from us and kills
 * the server when that pipe closes. Skipped where there is no POSIX shell.
 */
function startWatchdog(pid: number | undefined): ChildProcess | undefined {
  if (pid === undefined || process.platform === 'win32') return undefined;
  try {
    const watchdog = spawn(
      '/bin/sh',
      [
        '-c',
        // On EOF (parent gone): SIGTERM, up to 5 s to shut down cleanly, then SIGKILL.
        'read _ignored; kill -TERM "$1" 2>/dev/null; i=0; while kill -0 "$1" 2>/dev/null && [ $i -lt 5 ]; do sleep 1; i=$((i+1)); done; kill -KILL "$1" 2>/dev/null',
        'temporal-watchdog',
        String(pid),
      ],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    watchdog.on('error', () => undefined);
    // Neither the watchdog nor its pipe may keep the event loop alive.
    watchdog.unref();
    (watchdog.stdin as unknown as net.Socket | null)?.unref();
    return watchdog;
  } catch {
    return undefined;
  }
}

export async function assertPortFree(port: number, what: string, envVar: string): Promise<void> {
  const problem = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => done(error));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => done(undefined)));
  });
  if (!problem) return;
  if (problem.code === 'EADDRINUSE') {
    throw new Error(
      `Cannot start the Temporal dev server: its ${what} port ${port} is already in use on ${HOST}. ` +
        `Set ${envVar} to a free port, or stop whatever listens on ${port} (another \`npm start\`? \`lsof -i :${port}\` shows it).`,
    );
  }
  throw new Error(`Cannot start the Temporal dev server: checking ${what} port ${port} failed (${problem.message}). Set ${envVar} to another port.`);
}

/** A port that was free a moment ago (listen on 0). Racy by nature, good enough for tests and dev. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = net.createServer();
    server.once('error', fail);
    server.listen({ port: 0, host: HOST }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => done(port));
    });
  });
}

function canConnect(address: string): Promise<boolean> {
  const [host, port] = splitAddress(address);
  return new Promise((done) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1_000);
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

/** The last `keep` non-blank lines of the stream so far, the line still being written included. */
function tailOf(stream: NodeJS.ReadableStream | null, keep: number): () => string[] {
  const lines: string[] = [];
  const partial = splitLines(stream, (line) => {
    if (!line.trim()) return;
    lines.push(line);
    if (lines.length > keep) lines.shift();
  });
  return () => (partial().trim() ? [...lines, partial()] : [...lines]);
}

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
