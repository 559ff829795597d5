/**
 * Benchmark of the Outlook pane's context lookup, GET /api/context (`npm run bench:context`).
 *
 * 1. Seeds a large firm (10,000 accounts, 100,000 contacts, 50,000 delegations, 2,000 people, meetings,
 *    agenda items, progress) into a fresh SQLite store through the adapter (see seed-sqlite.ts).
 * 2. Starts the whole system on it as `npm start` would (Temporal, worker, HTTP) and drives
 *    GET /api/context with a real local token from a separate load-generator process: 16 connections,
 *    cycling through tens of thousands of different senders (contact addresses, plus-tagged and
 *    upper-cased variants, strangers on client domains). First one pass over every request, reported
 *    apart as `firstPass` (each request new to the server: its context cache cold), then a warm-up,
 *    then the fixed measured run (steady state: the figures the targets are judged on).
 * 3. Drives a bare node:http server that answers every request with the bytes of one real context
 *    response the same way: the ceiling for this machine, load generator and payload.
 * 4. Counts Cosmos DB requests per lookup against the local Cosmos DB server (cosmos-harness).
 *
 * Human-readable progress goes to stderr; the last line on stdout is one JSON object with the figures.
 * Targets are printed, not asserted. The exit code is non-zero only when the run itself is broken
 * (non-2xx responses, connection errors, a wrong answer).
 *
 * Knobs (environment): BENCH_ACCOUNTS (10000), BENCH_PEOPLE (2000), BENCH_CONNECTIONS (16),
 * BENCH_WARMUP_SECONDS (2), BENCH_DURATION_SECONDS (10), BENCH_SEED (20240611),
 * BENCH_COSMOS_ACCOUNTS (20), BENCH_COSMOS_LOOKUPS (50).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../bot/src/config';
import { startSystem, type RunningSystem } from '../../bot/src/runtime/system';
import { lookupAccountContext } from '../../core/services/account-context-service';
import { seedRecords } from '../../core/store/seed';
import { cosmosHarness } from '../support/cosmos-harness';
import { startTestTemporal } from '../support/temporal-for-tests';
import { BenchFirm, peopleNamedBy, pickSenders, type Sender } from './bench-firm';
import { Cleanups, envNumber as num, log, mainThreadCpuMs, round } from './common';
import { runLoad, type LoadResult } from './load-generator';
import { seedSqlite } from './seed-sqlite';

const SETTINGS = {
  seed: num('BENCH_SEED', 20240611),
  accounts: num('BENCH_ACCOUNTS', 10_000),
  people: num('BENCH_PEOPLE', 2_000),
  connections: num('BENCH_CONNECTIONS', 16),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 2),
  durationSeconds: num('BENCH_DURATION_SECONDS', 10),
  cosmosAccounts: num('BENCH_COSMOS_ACCOUNTS', 20),
  cosmosLookups: num('BENCH_COSMOS_LOOKUPS', 50),
  /** Distinct request paths the load cycles through (split across connections). */
  distinctRequests: 32_768,
  /** Requests checked one by one for the right answer before the load. */
  verifiedRequests: 300,
};
const TARGETS = { p99Ms: 3, throughputRatio: 0.1, cosmosRoundTrips: 3 };

const contextPath = (email: string) => `/api/context?email=${encodeURIComponent(email)}`;

interface ContextBody {
  matchedBy?: string;
  account?: { id?: string };
  contact?: { id?: string };
}

/** Why a context answer is wrong for the sender, or undefined when it is right. */
function wrongAnswer(body: ContextBody, sender: Sender): string | undefined {
  if (body.account?.id !== sender.accountId) return `account ${String(body.account?.id)} instead of ${sender.accountId}`;
  if (sender.contactId) {
    if (body.contact?.id !== sender.contactId) return `contact ${String(body.contact?.id)} instead of ${sender.contactId}`;
    if (body.matchedBy !== 'email') return `matched by ${String(body.matchedBy)} instead of email`;
  } else {
    if (body.contact !== undefined) return `a contact (${String(body.contact.id)}) for a domain-only sender`;
    if (body.matchedBy !== 'domain') return `matched by ${String(body.matchedBy)} instead of domain`;
  }
  return undefined;
}

function summarise(result: LoadResult, serverCpuPercent: number) {
  return {
    p50Ms: result.latencyMs.p50,
    p99Ms: result.latencyMs.p99,
    rps: result.rps,
    errors: result.non2xx + result.errors,
    non2xx: result.non2xx,
    connectionErrors: result.errors,
    statusCodes: result.statusCodes,
    responses: result.responses,
    seconds: result.seconds,
    meanMs: result.latencyMs.mean,
    p90Ms: result.latencyMs.p90,
    p999Ms: result.latencyMs.p999,
    maxMs: result.latencyMs.max,
    autocannon: result.autocannon,
    serverCpuPercent,
    loadGeneratorCpuPercent: result.loadGeneratorCpuPercent,
  };
}

/** Load from the child process, with this process's CPU use (the server's) over the measured run. */
async function drive(label: string, url: string, paths: readonly string[], headers: Record<string, string>) {
  log(`${label}: ${SETTINGS.connections} connections; a first pass over all ${paths.length} requests, a ${SETTINGS.warmupSeconds} s warm-up, then ${SETTINGS.durationSeconds} s measured…`);
  // Other processes on the machine skew every figure: record how busy it was when the run began.
  const loadAverage1m = round(loadavg()[0]!, 2);
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let mainThreadAtStart: number | undefined;
  let wallAtStart = 0;
  const result = await runLoad(
    { url, paths, headers, connections: SETTINGS.connections, warmupSeconds: SETTINGS.warmupSeconds, durationSeconds: SETTINGS.durationSeconds, firstPass: true },
    () => {
      cpuAtStart = process.cpuUsage();
      mainThreadAtStart = mainThreadCpuMs();
      wallAtStart = performance.now();
    },
  );
  const cpu = process.cpuUsage(cpuAtStart);
  const mainThreadAtEnd = mainThreadCpuMs();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const serverCpuPercent = Math.round((cpuMs / (performance.now() - wallAtStart)) * 100);
  // CPU per answered request: less sensitive than req/s to other processes taking the machine's cores.
  const serverCpuMsPerRequest = round(cpuMs / Math.max(1, result.ok), 3);
  // The event loop's share: what bounds the requests per second one server process can answer.
  const mainThreadCpuMsPerRequest =
    mainThreadAtStart !== undefined && mainThreadAtEnd !== undefined ? round((mainThreadAtEnd - mainThreadAtStart) / Math.max(1, result.ok), 3) : undefined;
  const summary = { ...summarise(result, serverCpuPercent), serverCpuMsPerRequest, mainThreadCpuMsPerRequest, loadAverage1m, ...(result.firstPass ? { firstPass: result.firstPass } : {}) };
  if (result.firstPass) {
    const first = result.firstPass;
    log(`${label}: first pass (every request new to the server): ${first.rps} req/s, p50 ${first.latencyMs.p50} ms, p99 ${first.latencyMs.p99} ms over ${first.responses} responses`);
  }
  log(
    `${label}: ${summary.rps} req/s, p50 ${summary.p50Ms} ms, p90 ${summary.p90Ms} ms, p99 ${summary.p99Ms} ms, p99.9 ${summary.p999Ms} ms, max ${summary.maxMs} ms; ` +
      `${summary.responses} responses, ${summary.non2xx} non-2xx, ${summary.connectionErrors} connection errors; ` +
      `CPU: server process ${serverCpuPercent}% (${serverCpuMsPerRequest} ms per request, ${mainThreadCpuMsPerRequest ?? '?'} ms on its main thread), load generator ${result.loadGeneratorCpuPercent}%; machine load average ${loadAverage1m} at start`,
  );
  return summary;
}

async function main(): Promise<number> {
  const cleanups = new Cleanups();
  cleanups.runAllOnInterrupt();

  const problems: string[] = [];
  try {
    // 1. Seed.
    const now = new Date();
    const firm = new BenchFirm({
      seed: SETTINGS.seed,
      people: SETTINGS.people,
      accounts: SETTINGS.accounts,
      contactsPerAccount: 10,
      delegationsPerAccount: 5,
      now: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'account-teams-bench-'));
    cleanups.push('data directory', () => rmSync(dataDir, { recursive: true, force: true }));
    const sqlitePath = join(dataDir, 'account-teams.db');
    log(`Seeding ${SETTINGS.accounts} accounts (×10 contacts, ×5 delegations) and ${SETTINGS.people} people into ${sqlitePath}…`);
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'seeding |{bar}| {percentage}% | {value}/{total} accounts | {records} records | {duration}s', noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(SETTINGS.accounts, 0, { records: 0 });
    const seeded = await seedSqlite(sqlitePath, firm, {
      onProgress: (accounts, records) => {
        if (accounts % 25 === 0 || accounts === SETTINGS.accounts) bar.update(accounts, { records });
      },
    }).finally(() => bar.stop());
    log(
      `Seeded ${seeded.records} records (${seeded.people} people, ${seeded.accounts} accounts, ${seeded.contacts} contacts, ${seeded.delegations} delegations) ` +
        `in ${seeded.seconds} s (${Math.round(seeded.records / seeded.seconds)} records/s).`,
    );

    // 2. The real system on that data directory.
    log('Starting Temporal…');
    const temporal = await startTestTemporal();
    cleanups.push('Temporal', () => temporal.stop());
    log('Starting the system (store, worker, HTTP)…');
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
    });
    const system: RunningSystem = await startSystem(config, (line) => log(`  [system] ${line}`));
    cleanups.push('system', () => system.stop());
    const viewer = firm.viewer;
    const token = await system.localIssuer!.issue({ tenantId: firm.tenantId, objectId: randomUUID(), email: viewer.email, name: viewer.name });
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    log(`System up at ${system.url}; requests are made as ${viewer.name} <${viewer.email}>.`);

    const senders = pickSenders(seeded.senders, SETTINGS.distinctRequests, SETTINGS.seed + 1);
    const paths = senders.map((sender) => contextPath(sender.email));
    const domainOnly = senders.filter((sender) => !sender.contactId).length;
    log(`Load cycles through ${paths.length} requests (${paths.length - domainOnly} contact addresses, ${domainOnly} domain-only senders).`);

    // Every answer must be right before any of them is timed.
    log(`Checking ${SETTINGS.verifiedRequests} answers one by one…`);
    let checked = 0;
    for (const sender of senders.slice(0, SETTINGS.verifiedRequests)) {
      const response = await fetch(`${system.url}${contextPath(sender.email)}`, { headers });
      const text = await response.text();
      checked++;
      const wrong = response.status !== 200 ? `HTTP ${response.status}: ${text.slice(0, 200)}` : wrongAnswer(JSON.parse(text) as ContextBody, sender);
      if (wrong) problems.push(`wrong answer for ${sender.email}: ${wrong}`);
    }
    if (problems.length > 0) throw new Error(`the app answered wrongly:\n  ${problems.slice(0, 10).join('\n  ')}`);

    // The bytes the bare server will serve: one real, full (contact-matched) context response.
    const sample = senders.find((sender) => sender.contactId)!;
    const captured = await fetch(`${system.url}${contextPath(sample.email)}`, { headers });
    const body = Buffer.from(await captured.arrayBuffer());
    const contentType = captured.headers.get('content-type') ?? 'application/json; charset=utf-8';
    log(`Checked ${checked} answers. A full context response is ${body.length} bytes (${contentType}).`);

    // 3. The app under load.
    const app = await drive('app', system.url, paths, headers);
    if (app.errors > 0) problems.push(`app: ${app.non2xx} non-2xx responses (${JSON.stringify(app.statusCodes)}) and ${app.connectionErrors} connection errors`);

    // 4. The same load against a bare node:http server serving the same bytes.
    const bare: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
      response.end(body);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      'bare server',
      () =>
        new Promise<void>((resolve) => {
          bare.closeAllConnections();
          bare.close(() => resolve());
        }),
    );
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const echoed = Buffer.from(await (await fetch(`${bareUrl}${paths[0]}`, { headers })).arrayBuffer());
    if (!echoed.equals(body)) throw new Error('the bare server does not serve the captured bytes');
    const bareRun = await drive('bare', bareUrl, paths, headers);
    if (bareRun.errors > 0) problems.push(`bare: ${bareRun.non2xx} non-2xx responses and ${bareRun.connectionErrors} connection errors`);

    // Stop the system before the Cosmos part so nothing else competes for the CPU.
    await cleanups.run('bare server');
    await cleanups.run('system');
    await cleanups.run('Temporal');

    // 5. Cosmos DB requests per lookup.
    const cosmos = await cosmosRoundTrips(firm, cleanups, problems);

    const throughputRatio = Number((app.rps / Math.max(1, bareRun.rps)).toPrecision(3));
    log('');
    log(`app   p50 ${app.p50Ms} ms  p99 ${app.p99Ms} ms  ${app.rps} req/s   (target p99 ≤ ${TARGETS.p99Ms} ms)`);
    log(`bare  p50 ${bareRun.p50Ms} ms  p99 ${bareRun.p99Ms} ms  ${bareRun.rps} req/s`);
    log(`throughput app/bare ${throughputRatio}   (target ≥ ${TARGETS.throughputRatio})`);
    log(`cosmos ${cosmos.roundTripsPerLookup} sequential round trips, ${cosmos.httpRequestsPerLookup} HTTP requests per lookup   (target ≤ ${TARGETS.cosmosRoundTrips} round trips)`);
    const report = {
      seed: { accounts: seeded.accounts, contacts: seeded.contacts, delegations: seeded.delegations, people: seeded.people, records: seeded.records, seconds: seeded.seconds },
      app,
      bare: bareRun,
      throughputRatio,
      cosmos,
      verified: { answers: checked, wrong: 0 },
      load: { connections: SETTINGS.connections, warmupSeconds: SETTINGS.warmupSeconds, durationSeconds: SETTINGS.durationSeconds, distinctRequests: paths.length, domainOnlySenders: domainOnly },
      targets: TARGETS,
      valid: problems.length === 0,
      ...(problems.length > 0 ? { problems } : {}),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    };
    await cleanups.runAll();
    if (problems.length > 0) log(`\nINVALID RUN:\n  ${problems.join('\n  ')}`);
    await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(report)}\n`, () => resolve()));
    return problems.length > 0 ? 1 : 0;
  } catch (error) {
    log(`\nBenchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanups.runAll();
    const failed = { valid: false, error: error instanceof Error ? error.message : String(error), ...(problems.length > 0 ? { problems } : {}) };
    await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(failed)}\n`, () => resolve()));
    return 1;
  }
}

/**
 * Seeds a slice of the same firm into the local Cosmos DB server and counts the HTTP requests the
 * SDK sends per lookup. The SDK fetches a query plan next to each query; those requests are counted
 * apart, and "round trips" are the others: the requests a lookup waits for one after another.
 */
async function cosmosRoundTrips(firm: BenchFirm, cleanups: Cleanups, problems: string[]) {
  log(`Cosmos DB: seeding ${SETTINGS.cosmosAccounts} accounts of the same firm into the local Cosmos DB server…`);
  const harness = cosmosHarness();
  cleanups.push('Cosmos DB server', () => harness.dispose());
  const store = await harness.open();
  cleanups.push('Cosmos DB store', () => store.close());
  const slice = Array.from({ length: Math.min(SETTINGS.cosmosAccounts, SETTINGS.accounts) }, (_, index) => firm.account(index));
  const records = slice.flatMap((account) => account.records);
  const named = peopleNamedBy(records).add(firm.viewer.id);
  const people = firm.people().filter((person) => named.has(person.record.id));
  const started = performance.now();
  const created = await seedRecords(store, [...people, ...records]);
  log(`Cosmos DB: seeded ${created} records (${people.length} people) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);

  const warmUp = 10;
  const senders = pickSenders(
    slice.map((account) => account.senders),
    warmUp + SETTINGS.cosmosLookups,
    firm.options.seed + 2,
  );
  const viewer = { tenantId: firm.tenantId, personId: firm.viewer.id };
  const lookUp = async (sender: Sender) => {
    const context = await lookupAccountContext(store, viewer, sender.email, new Date());
    const wrong = wrongAnswer(context as ContextBody, sender);
    if (wrong) problems.push(`cosmos: wrong answer for ${sender.email}: ${wrong}`);
  };
  for (const sender of senders.slice(0, warmUp)) await lookUp(sender);
  harness.requests.reset();
  const timed = performance.now();
  for (const sender of senders.slice(warmUp)) await lookUp(sender);
  const meanMs = (performance.now() - timed) / SETTINGS.cosmosLookups;
  const total = harness.requests.total();
  const queryPlans = harness.requests.queryPlans();
  const per = (count: number) => round(count / SETTINGS.cosmosLookups, 2);
  const result = {
    lookups: SETTINGS.cosmosLookups,
    roundTripsPerLookup: per(total - queryPlans),
    httpRequestsPerLookup: per(total),
    queryPlanRequestsPerLookup: per(queryPlans),
    meanMsLocalServer: round(meanMs, 2),
  };
  log(`Cosmos DB: ${SETTINGS.cosmosLookups} lookups, ${total} HTTP requests (${queryPlans} query plans): ${result.roundTripsPerLookup} round trips per lookup.`);
  await cleanups.run('Cosmos DB store');
  await cleanups.run('Cosmos DB server');
  return result;
}

void main().then((code) => process.exit(code));
