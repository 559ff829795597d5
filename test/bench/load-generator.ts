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

function attack(options: LoadOptions, seconds: number, onResponse?: (status: number, ms: number) => void): Promise<autocannon.Result> {
  const perConnection = Math.max(1, Math.floor(options.paths.length / options.connections));
  let nextClient = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
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

async function measure(options: LoadOptions, send: (message: FromChild) => void): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await attack(options, options.warmupSeconds);
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let ok = 0;
  const statusCodes: Record<string, number> = {};
  send({ type: 'measuring' });
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await attack(options, options.durationSeconds, (status, ms) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = ms;
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) ok++;
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const sorted = latencies.slice(0, count).sort();
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, count);
  return {
    responses: count,
    ok,
    non2xx: count - ok,
    errors: result.errors + result.timeouts,
    statusCodes,
    seconds: round3(seconds),
    rps: Math.round((ok / seconds) * 10) / 10,
    latencyMs: {
      mean: round3(mean),
      p50: round3(percentile(sorted, 0.5)),
      p90: round3(percentile(sorted, 0.9)),
      p99: round3(percentile(sorted, 0.99)),
      p999: round3(percentile(sorted, 0.999)),
      max: round3(sorted[sorted.length - 1] ?? Number.NaN),
    },
    autocannon: {
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      rpsAverage: result.requests.average,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    },
    loadGeneratorCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
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
