import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** A regular file this process may execute (on Windows, where there is no execute bit: one that exists). */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Single-quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Cross-process mutex (mkdir is atomic): jest runs test files in parallel workers, and two concurrent
 * provisioning runs into the same tools folder would race. A lock older than `staleAfterMs` is taken
 * to be abandoned by a killed process.
 */
export async function withLock<T>(lockDir: string, options: { what: string; staleAfterMs: number; log: (line: string) => void }, body: () => Promise<T>): Promise<T> {
  mkdirSync(resolve(lockDir, '..'), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > options.staleAfterMs) {
          rmSync(lockDir, { recursive: true, force: true });
          continue;
        }
      } catch {
        continue; // released between mkdir and stat
      }
      if (!announced) options.log(`Waiting for another process that is provisioning ${options.what} (${lockDir}).`);
      announced = true;
      await new Promise((wake) => setTimeout(wake, 500));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Calls `onLine` for each line a child process writes, for progress output; the last line without a
 * newline when the stream ends. Returns what has arrived of the line still being written.
 */
export function splitLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): () => string {
  let buffered = '';
  if (!stream) return () => buffered;
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split(/\r?\n/);
    buffered = parts.pop() ?? '';
    parts.forEach(onLine);
  });
  stream.on('end', () => {
    const last = buffered;
    buffered = '';
    if (last) onLine(last);
  });
  return () => buffered;
}

export interface RunWithProgressOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Names the command in progress lines: `  [<label>, 12s, 40 lines] <line>`. */
  label: string;
  log: (line: string) => void;
  /** Cleans each output line; an empty result drops it. Default: the line as it is. */
  onLine?: (line: string) => string;
  /** Which lines the progress lines count, and what they are; default every line, "lines". */
  count?: { what: string; matches: (line: string) => boolean };
}

export interface RunWithProgressResult {
  /** Exit code; null when the command could not be started or was killed. */
  code: number | null;
  seconds: number;
  /** How many lines matched `count`. */
  counted: number;
}

/**
 * Runs a long, chatty command (a build, a download): shows a sample of its output at most every 2 s with
 * the elapsed time and a running count, and when it fails, logs the command and its last 40 lines.
 */
export async function runWithProgress(command: string, args: readonly string[], options: RunWithProgressOptions): Promise<RunWithProgressResult> {
  const { label, log } = options;
  const clean = options.onLine ?? ((line: string) => line);
  const count = options.count ?? { what: 'lines', matches: () => true };
  const started = Date.now();
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });

  const tail: string[] = [];
  let counted = 0;
  let lastShown = 0;
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  const onLine = (raw: string) => {
    const line = clean(raw);
    if (!line.trim()) return;
    if (count.matches(line)) counted++;
    keep(line);
    const now = Date.now();
    if (now - lastShown >= 2_000) {
      lastShown = now;
      log(`  [${label}, ${Math.round((now - started) / 1000)}s, ${counted} ${count.what}] ${line}`);
    }
  };
  splitLines(child.stdout, onLine);
  splitLines(child.stderr, onLine);
  const code = await new Promise<number | null>((done) => {
    child.on('error', (error) => {
      keep(`failed to run ${label}: ${error.message}`);
      done(null);
    });
    child.on('close', (status) => done(status));
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code !== 0) {
    log(`\`${label} ${args.join(' ')}\` failed (exit ${code}) after ${seconds}s. Last output:`);
    for (const line of tail) log(`  ${line}`);
  }
  return { code, seconds, counted };
}
