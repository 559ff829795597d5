/**
 * Benchmark of the Temporal workflows (`npm run bench:workflows`).
 *
 * 1. historyEventsPerDelegationYear — one delegation followed for 52 weekly periods on the time-skipping
 *    test server (check-ins on day 5–6, four missed weeks through prompt → reminder → escalation, two
 *    clarifying questions), then closed: events over every run of the continue-as-new chain, with the
 *    default bound and again with a low one (200). See history.ts.
 * 2. throughput — 1,000 delegation follow-ups (start, checkIn, close, result) through one in-process worker
 *    with the real activities over SQLite, against a no-op workflow making the same round trips on the
 *    same worker (ABBA-interleaved rounds; CPU time per workflow too). Then a sample of the delegation
 *    histories is replayed against the same code, as a restarted worker would. See throughput.ts.
 * 3. workerMemory — resident memory of the production worker, alone in a child process, with 1,000
 *    follow-ups open. See memory.ts.
 *
 * Parts 2 and 3 run on a fresh dev server (or TEMPORAL_ADDRESS). Progress goes to stderr; the last line on
 * stdout is one JSON object with the figures. Targets are printed, not asserted: the exit code is non-zero
 * only when the run itself is broken (a flow that fails or gets a wrong answer, a server that will not start).
 *
 * Knobs (environment): BENCH_WF_COUNT (1000), BENCH_WF_WARMUP (50), BENCH_WF_CONCURRENCY (64), BENCH_WF_ROUNDS (4), BENCH_WF_REPLAY_SAMPLE (20),
 * BENCH_WF_POLICY_IN_INPUT (false; investigation: pass the policy at start, skipping the start-up local activity),
 * BENCH_WF_OPEN (1000), BENCH_WF_SKIP (comma list of history,throughput,memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import { demoFirm } from '../../../core/demo/demo-firm';
import { seedRecords } from '../../../core/store/seed';
import { SqliteStore } from '../../../core/store/sqlite/sqlite-store';
import { nativeConnectionOptions } from '../../../infra/local/temporal-runtime';
import { startTestTemporal } from '../../support/temporal-for-tests';
import { Cleanups, describeError, envFlag, envNumber as num, log } from '../common';
import { mb } from './common';
import { benchHistory } from './history';
import { benchWorkerMemory } from './memory';
import { benchThroughput } from './throughput';

const env = process.env;
const SETTINGS = {
  count: num('BENCH_WF_COUNT', 1000),
  warmup: num('BENCH_WF_WARMUP', 50),
  concurrency: num('BENCH_WF_CONCURRENCY', 64),
  rounds: num('BENCH_WF_ROUNDS', 4),
  replaySample: num('BENCH_WF_REPLAY_SAMPLE', 20),
  policyInInput: envFlag('BENCH_WF_POLICY_IN_INPUT'),
  open: num('BENCH_WF_OPEN', 1000),
  skip: new Set((env.BENCH_WF_SKIP ?? '').split(',').map((part) => part.trim()).filter(Boolean)),
};
const TARGETS = { totalEventsPerYear: 600, maxEventsInAnyRun: 2000, throughputRatio: 0.8, workerRssMB: 300 };

async function main(): Promise<number> {
  const began = Date.now();
  // Before the first Runtime use: the SDK's and the core's warnings go to stderr (the core would print its own
  // to stdout), its INFO lines not at all.
  const oneLine = (entry: LogEntry) => process.stderr.write(`[${entry.level}] ${entry.message}${entry.meta ? ` ${inspect(entry.meta, { breakLength: Infinity, depth: 3 })}` : ''}\n`);
  Runtime.install({ logger: new DefaultLogger('WARN', oneLine), telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } } });
  const cleanups = new Cleanups();
  cleanups.runAllOnInterrupt();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMB: mb(totalmem()), node: process.version };
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMB} MB, Node ${machine.node}`);

  try {
    const history = SETTINGS.skip.has('history') ? undefined : await benchHistory();

    let throughput: Awaited<ReturnType<typeof benchThroughput>> | undefined;
    let workerMemory: Awaited<ReturnType<typeof benchWorkerMemory>> | undefined;
    if (!SETTINGS.skip.has('throughput') || !SETTINGS.skip.has('memory')) {
      log(env.TEMPORAL_ADDRESS ? `[temporal] using ${env.TEMPORAL_ADDRESS}` : '[temporal] starting a dev server');
      const temporal = await startTestTemporal();
      cleanups.push('Temporal server', () => temporal.stop());
      const dir = mkdtempSync(join(tmpdir(), 'account-teams-bench-wf-'));
      cleanups.push('temp dir', () => rmSync(dir, { recursive: true, force: true }));
      const dbPath = join(dir, 'store.db');
      const store = new SqliteStore(dbPath);
      cleanups.push('store', () => store.close());
      await seedRecords(store, demoFirm(new Date()));
      const connection = await NativeConnection.connect(nativeConnectionOptions(temporal.connectionOptions));
      cleanups.push('worker connection', () => connection.close());
      const clientConnection = await Connection.connect(temporal.connectionOptions);
      cleanups.push('client connection', () => clientConnection.close());
      const client = new Client({ connection: clientConnection, namespace: temporal.namespace });

      if (!SETTINGS.skip.has('throughput')) {
        throughput = await benchThroughput({ connection, client, namespace: temporal.namespace, store, settings: SETTINGS });
      }
      if (!SETTINGS.skip.has('memory')) {
        workerMemory = await benchWorkerMemory({
          client,
          connectionOptions: nativeConnectionOptions(temporal.connectionOptions),
          namespace: temporal.namespace,
          store,
          dbPath,
          settings: { open: SETTINGS.open, concurrency: SETTINGS.concurrency, samples: 6 },
        });
      }
    }
    await cleanups.runAll();

    log('');
    if (history) {
      log(`history: ${history.totalEvents} events per delegation year in ${history.runs} run(s), max ${history.maxEventsInAnyRun} in a run   (targets ≤ ${TARGETS.totalEventsPerYear} total, ≤ ${TARGETS.maxEventsInAnyRun} per run)`);
      log(`         a check-in week ${history.perWeek.checkIn.avgEvents} events, a missed week ${history.perWeek.missed.avgEvents}`);
      log(`         bound ${history.lowLimit.maxHistoryEvents}: ${history.lowLimit.runs} runs of ${history.lowLimit.eventsPerRun.join(', ')} events`);
    }
    if (throughput) {
      log(`throughput: delegations ${throughput.delegations.perSecond}/s, no-op ${throughput.noop.perSecond}/s, ratio ${throughput.ratio} (by CPU ${throughput.cpuRatio})   (target ≥ ${TARGETS.throughputRatio})`);
      log(`            CPU ms per workflow: delegations ${throughput.delegations.cpuMsPerWorkflow.benchProcess} here + ${throughput.delegations.cpuMsPerWorkflow.devServer} server, no-op ${throughput.noop.cpuMsPerWorkflow.benchProcess} + ${throughput.noop.cpuMsPerWorkflow.devServer}`);
      log(`            replay of ${throughput.replay.sampled} delegation histories: ${throughput.replay.nondeterministic} nondeterministic`);
    }
    if (workerMemory) log(`worker memory: ${workerMemory.rssMB} MB RSS with ${workerMemory.openWorkflows} open (idle ${workerMemory.idleRssMB} MB)   (target ≤ ${TARGETS.workerRssMB} MB)`);
    log(`took ${((Date.now() - began) / 1000).toFixed(0)} s`);

    const problems = [
      ...(throughput && throughput.delegations.failed + throughput.noop.failed > 0 ? [`throughput: ${throughput.delegations.failed} delegation and ${throughput.noop.failed} no-op flows failed`] : []),
    ];
    for (const problem of problems) log(`PROBLEM: ${problem}`);
    console.log(JSON.stringify({ machine, settings: { ...SETTINGS, skip: [...SETTINGS.skip] }, targets: TARGETS, historyEventsPerDelegationYear: history, throughput, workerMemory, problems }));
    return problems.length > 0 ? 1 : 0;
  } catch (error) {
    log(`bench failed: ${describeError(error)}`);
    await cleanups.runAll();
    return 1;
  }
}

void main().then((code) => process.exit(code));
