import { mkdirSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

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

/** Calls `onLine` for each line a child process writes, for progress output. */
export function splitLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split(/\r?\n/);
    buffered = parts.pop() ?? '';
    parts.forEach(onLine);
  });
  stream.on('end', () => buffered && onLine(buffered));
}
