import { fork } from 'node:child_process';
import autocannon from 'autocannon';

/**
 * HTTP load from a separate process, so the load generator never shares an event loop with the server
 * under test. The parent calls runLoad(); this same file, forked, runs autocannon: a warm-up whose
 * figures are thrown away, then the measured run. Every connection cycles through its own slice of
 * the request paths, so the server sees many different requests rather than one repeated.
 *
 * Latency is recorded per response at sub-millisecond resolution (autocannon's own histogram has
 * 1 ms buckets, too coarse next to a 3 ms target); autocannon's figures are kept alongside.
 */
export interface LoadOptions {
  url: string;
  /** Request paths (with query); split into one slice per connection. */
  paths: readonly string[];
  headers: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /**
   * Before the warm-up, send every path exactly once (each connection its own slice) and report that
   * pass apart: the server meets every request for the first time, so its caches are cold.
   */
  firstPass?: boolean;
}

/** Figures of one stretch of load. */
export interface LoadFigures {
  responses: number;
  ok: number;
  seconds: number;
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
}

export interface LoadResult {
  /** Responses received in the measured run. */
  responses: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
  rps: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
  /** autocannon's own summary (latency in whole milliseconds). */
  autocannon: { p50Ms: number; p99Ms: number; rpsAverage: number; non2xx: number; errors: number; timeouts: number };
  /** CPU the load generator used during the measured run, in % of one core. */
  loadGeneratorCpuPercent: number;
  /** The first pass over every path (when asked for). */
  firstPass?: LoadFigures;
}

type ToChild = { type: 'run'; options: LoadOptions };
type FromChild = { type: 'measuring' } | { type: 'result'; result: LoadResult } | { type: 'failed'; message: string };

/** Runs the load in a child process; `onMeasuring` fires when the measured run (after the warm-up) starts. */
export function runLoad(options: LoadOptions, onMeasuring?: () => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      child.kill();
    };
    child.on('message', (message: FromChild) => {
      if (message.type === 'measuring') onMeasuring?.();
      else if (message.type === 'result') settle(() => resolve(message.result));
      else settle(() => reject(new Error(`load generator failed: ${message.message}`)));
    });
    child.on('error', (error) => settle(() => reject(error)));
    child.on('exit', (code) => settle(() => reject(new Error(`load generator exited with code ${code} before reporting`))));
    child.send({ type: 'run', options } satisfies ToChild);
  });
}

function attack(options: LoadOptions, seconds: number, onResponse?: (status: number, ms: number) => void, oncePerPath = false): Promise<autocannon.Result> {
  const perConnection = Math.max(1, Math.floor(options.paths.length / options.connections));
  let nextClient = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
        ...(oncePerPath ? { maxConnectionRequests: perConnection } : {}),
        // Longer than any run: a slow server shows as latency, and only a hung one as a timeout (an error).
        timeout: 120,
        headers: options.headers,
        setupClient: (client) => {
          const start = (nextClient++ % options.connections) * perConnection;
          client.setRequests(options.paths.slice(start, start + perConnection).map((path) => ({ method: 'GET', path })));
        },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  });
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Latency of every response of one stretch of load, at sub-millisecond resolution. */
class Recorder {
  private latencies = new Float64Array(1 << 16);
  private count = 0;
  ok = 0;
  readonly statusCodes: Record<string, number> = {};
  private readonly started = process.hrtime.bigint();

  readonly record = (status: number, ms: number) => {
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = ms;
    this.statusCodes[status] = (this.statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) this.ok++;
  };

  figures(): LoadFigures {
    const seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    const sorted = this.latencies.slice(0, this.count).sort();
    const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, this.count);
    return {
      responses: this.count,
      ok: this.ok,
      seconds: round3(seconds),
      rps: Math.round((this.ok / seconds) * 10) / 10,
      latencyMs: {
        mean: round3(mean),
        p50: round3(percentile(sorted, 0.5)),
        p90: round3(percentile(sorted, 0.9)),
        p99: round3(percentile(sorted, 0.99)),
        p999: round3(percentile(sorted, 0.999)),
        max: round3(sorted[sorted.length - 1] ?? Number.NaN),
      },
    };
  }
}

async function measure(options: LoadOptions, send: (message: FromChild) => void): Promise<LoadResult> {
  let firstPass: LoadFigures | undefined;
  if (options.firstPass) {
    const pass = new Recorder();
    await attack(options, 3600, pass.record, true);
    firstPass = pass.figures();
  }
  if (options.warmupSeconds > 0) await attack(options, options.warmupSeconds);
  send({ type: 'measuring' });
  const cpuBefore = process.cpuUsage();
  const recorder = new Recorder();
  const result = await attack(options, options.durationSeconds, recorder.record);
  const figures = recorder.figures();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ...figures,
    non2xx: figures.responses - figures.ok,
    errors: result.errors + result.timeouts,
    statusCodes: recorder.statusCodes,
    ...(firstPass ? { firstPass } : {}),
    autocannon: {
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      rpsAverage: result.requests.average,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    },
    loadGeneratorCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / figures.seconds) * 100),
  };
}

if (require.main === module && process.send) {
  const send = (message: FromChild) => process.send!(message);
  process.once('message', (message: ToChild) => {
    measure(message.options, send).then(
      (result) => send({ type: 'result', result }),
      (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
