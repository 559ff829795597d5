import { readFileSync } from 'node:fs';

/** Helpers every bench shares: progress to stderr, rounding, environment knobs, clean-up, error reports. */

/** Progress and human-readable figures go to stderr; stdout is kept for the one JSON line of results. */
export const log = (line: string) => process.stderr.write(`${line}\n`);

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A numeric knob from the environment; unset or empty gives the fallback. */
export const envNumber = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);

/** A yes/no knob from the environment: 1, true or yes (any case) is on, anything else off. */
export const envFlag = (name: string): boolean => ['1', 'true', 'yes'].includes(String(process.env[name]).toLowerCase());

/**
 * CPU time of this process's main thread alone, in ms (Linux: /proc; undefined elsewhere). process.cpuUsage()
 * adds every thread up (the store's writer and checkpoint threads, libuv's pool); the event loop that
 * answers the requests is this one.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * The error with its chain of causes (Temporal's client errors keep the server's reason in `cause`).
 * 'full': the stack of the error, then `name: message` per cause, one per line. 'brief': the messages
 * alone on one line, for figures recorded in the JSON report.
 */
export function describeError(error: unknown, style: 'full' | 'brief' = 'full'): string {
  const parts: string[] = [];
  const depthLimit = style === 'full' ? 5 : 4;
  for (let current = error, depth = 0; current !== undefined && depth < depthLimit; current = (current as { cause?: unknown }).cause, depth++) {
    if (!(current instanceof Error)) parts.push(String(current));
    else if (style === 'brief') parts.push(current.message);
    else parts.push(depth === 0 ? (current.stack ?? current.message) : `${current.name}: ${current.message}`);
  }
  return parts.join(style === 'full' ? '\ncaused by: ' : ' ← ');
}

/**
 * What a bench has to undo (servers, connections, temporary files), by name. runAll() undoes everything
 * still pending, newest first, and goes on past failures (it logs them); run(what) undoes one step early.
 */
export class Cleanups {
  private readonly steps: { what: string; run: () => Promise<void> | void }[] = [];

  push(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  /** Runs the pending step named `what` now (nothing when there is none); its failure is thrown. */
  async run(what: string): Promise<void> {
    const index = this.steps.findIndex((step) => step.what === what);
    if (index < 0) return;
    const [step] = this.steps.splice(index, 1);
    await step!.run();
  }

  async runAll(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        log(`clean-up (${step.what}) failed: ${String(error)}`);
      }
    }
  }

  /** On Ctrl-C: runs everything, then exits with 130. */
  runAllOnInterrupt(): void {
    process.once('SIGINT', () => {
      log('interrupted: cleaning up…');
      void this.runAll().finally(() => process.exit(130));
    });
  }
}
