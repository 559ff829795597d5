/**
 * Where the time of GET /api/context goes (`npx tsx test/bench/profile-context.ts`): a companion to
 * context.bench.ts for when its figures are off target.
 *
 * 1. Times each piece of a lookup in-process, one request at a time: token verification, principal
 *    resolution, directory lookup, bundle load (split into SQL and schema decoding), assembly and JSON
 *    serialisation; then each of the adapter's bundle statements (prepared from its own SQL texts) with
 *    its query plan, again on an analysed copy of the file (ANALYZE: the pinned plans should not change).
 * 2. Runs the real system under the same load as the benchmark with the V8 CPU profiler on during the
 *    measured run; prints the functions with the most self time and the inclusive time of the pieces,
 *    and writes the .cpuprofile (open it in Chrome DevTools or speedscope).
 *
 * Knobs: PROFILE_ACCOUNTS (10000), PROFILE_SAMPLE (500 lookups), PROFILE_DATA_DIR (reuse a seeded
 * directory; seeded there when empty, kept afterwards), PROFILE_SECONDS (8), PROFILE_OUT (directory for
 * the .cpuprofile; default PROFILE_DATA_DIR, else the system's temporary directory), PROFILE_SKIP_HTTP
 * (only the pieces).
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IANAZone } from 'luxon';
import { LOCAL_AUDIENCE, LOCAL_SCOPE, LocalIssuer, localIssuerFor } from '../../bot/src/auth/local-issuer';
import { PrincipalResolver } from '../../bot/src/auth/principal-resolver';
import { createTokenVerifier } from '../../bot/src/auth/token-verifier';
import { loadConfig } from '../../bot/src/config';
import { startSystem } from '../../bot/src/runtime/system';
import { OPEN_AGENDA_ITEM_STATUSES } from '../../core/domain/agenda-item';
import { OPEN_DELEGATION_STATUSES } from '../../core/domain/delegation';
import { UPCOMING_MEETING_STATUSES } from '../../core/domain/meeting';
import { lookupAccountContext } from '../../core/services/account-context-service';
import type { RecordKind } from '../../core/domain/record-kinds';
import { assembleAccountContext, peopleReferencedBy } from '../../core/rules/account-context';
import { lookupKeysFor, normalizeEmail, rankResolutions } from '../../core/rules/email-resolution';
import { decodeStored } from '../../core/store/record-codec';
import { SQLITE_STATEMENTS, SqliteStore } from '../../core/store/sqlite/sqlite-store';
import { startTestTemporal } from '../support/temporal-for-tests';
import { BenchFirm, pickSenders, type AccountSenders } from './bench-firm';
import { Cleanups, envNumber, log } from './common';
import { runLoad } from './load-generator';
import { seedSqlite } from './seed-sqlite';

const env = process.env;
const ACCOUNTS = envNumber('PROFILE_ACCOUNTS', 10_000);
const SECONDS = envNumber('PROFILE_SECONDS', 8);
const SEED = 20240611;

/** The adapter's statements a context lookup runs (plus the directory delete every write runs), to time the SQL apart from decoding. */
const BUNDLE_STATEMENTS = ['get', 'openDelegations', 'upcomingMeetings', 'openAgendaItems', 'listAccount', 'lookup', 'deleteEntries'] as const;

interface Row {
  id: string;
  body: string;
}

/** Mean microseconds per call of `fn` over `items`. */
async function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): Promise<number> {
  const started = performance.now();
  for (const item of items) await fn(item);
  return Math.round(((performance.now() - started) * 1000) / items.length);
}

function bundleSql(db: Database.Database) {
  const statements = Object.fromEntries(BUNDLE_STATEMENTS.map((name) => [name, db.prepare(SQLITE_STATEMENTS[name])])) as Record<(typeof BUNDLE_STATEMENTS)[number], Database.Statement>;
  return {
    statements,
    /** The rows loadBundle reads, without decoding them; returns them with their kinds. */
    rows(tenantId: string, accountId: string, contactId: string | undefined, personIds: readonly string[]) {
      const out: [RecordKind, Row][] = [];
      const push = (kind: RecordKind, rows: unknown[]) => rows.forEach((row) => out.push([kind, row as Row]));
      push('account', [statements.get.get(tenantId, 'account', accountId)]);
      if (contactId) push('contact', [statements.get.get(tenantId, 'contact', contactId)]);
      push('delegation', statements.openDelegations.all(tenantId, accountId, JSON.stringify(OPEN_DELEGATION_STATUSES)));
      push('meeting', statements.upcomingMeetings.all(tenantId, accountId, new Date().toISOString(), JSON.stringify(UPCOMING_MEETING_STATUSES)));
      push('agendaItem', statements.openAgendaItems.all(tenantId, accountId, JSON.stringify(OPEN_AGENDA_ITEM_STATUSES)));
      push('progressEntry', statements.listAccount.all(tenantId, accountId, 'progressEntry'));
      for (const id of personIds) push('person', [statements.get.get(tenantId, 'person', id)]);
      return out;
    },
    /** Query plans for real values (better-sqlite3's SQLite has STAT4, so plans can depend on them). */
    plans(tenantId: string, accountId: string, contactId: string) {
      const explain = (sql: string, args: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((row) => row.detail).join(' | ');
      return {
        openDelegations: explain(SQLITE_STATEMENTS.openDelegations, [tenantId, accountId, JSON.stringify(OPEN_DELEGATION_STATUSES)]),
        openAgendaItems: explain(SQLITE_STATEMENTS.openAgendaItems, [tenantId, accountId, JSON.stringify(OPEN_AGENDA_ITEM_STATUSES)]),
        listAccount: explain(SQLITE_STATEMENTS.listAccount, [tenantId, accountId, 'progressEntry']),
        deleteEntries: explain(SQLITE_STATEMENTS.deleteEntries, [tenantId, 'contact', contactId]),
      };
    },
  };
}

async function pieces(dataDir: string, firm: BenchFirm, senders: AccountSenders[], cleanups: Cleanups) {
  const dbPath = join(dataDir, 'account-teams.db');
  const store = new SqliteStore(dbPath);
  cleanups.push('store', () => store.close());
  const issuer = await LocalIssuer.open(join(dataDir, 'local-issuer.jwk.json'));
  const verify = createTokenVerifier({ keys: issuer.keySet(), issuerFor: localIssuerFor, audience: LOCAL_AUDIENCE, allowedTenants: [], requiredScope: LOCAL_SCOPE });
  const resolver = new PrincipalResolver(store);
  const viewer = firm.viewer;
  const token = await issuer.issue({ tenantId: firm.tenantId, objectId: randomUUID(), email: viewer.email, name: viewer.name });
  const sample = pickSenders(senders, envNumber('PROFILE_SAMPLE', 500), SEED + 3);
  const now = new Date();

  // Warm every path once (JIT, the resolver's people cache).
  const claims = await verify(token);
  const principal = await resolver.resolve(claims);
  const resolved = await Promise.all(
    sample.map(async (sender) => {
      const keys = lookupKeysFor(normalizeEmail(sender.email));
      const [resolution] = rankResolutions(keys, await store.directory.lookup(firm.tenantId, keys));
      return { sender, keys, resolution: resolution! };
    }),
  );
  const bundles = await Promise.all(resolved.map(({ resolution }) => store.bundles.loadBundle(firm.tenantId, resolution.accountId, resolution.contactId, now)));
  const contexts = resolved.map(({ resolution }, index) => assembleAccountContext(resolution, bundles[index]!, now));

  const raw = new Database(dbPath, { readonly: true });
  cleanups.push('read-only connection', () => void raw.close());
  const sql = bundleSql(raw);
  const personIds = bundles.map((bundle) => peopleReferencedBy(bundle!.account, bundle!.contact, bundle!.delegations, bundle!.agendaItems));
  const rowsOf = (index: number) => sql.rows(firm.tenantId, resolved[index]!.resolution.accountId, resolved[index]!.resolution.contactId, personIds[index]!);
  const allRows = resolved.map((_, index) => rowsOf(index));
  const indexes = resolved.map((_, index) => index);

  await timeEach(sample.slice(0, 500), () => verify(token));
  const timings = {
    jwtVerifyUs: await timeEach(sample, () => verify(token)),
    principalResolveUs: await timeEach(sample, () => resolver.resolve(claims)),
    directoryLookupUs: await timeEach(resolved, ({ keys }) => store.directory.lookup(firm.tenantId, keys)),
    loadBundleUs: await timeEach(resolved, ({ resolution }) => store.bundles.loadBundle(firm.tenantId, resolution.accountId, resolution.contactId, now)),
    bundleSqlOnlyUs: await timeEach(indexes, rowsOf),
    bundleDecodeOnlyUs: await timeEach(allRows, (rows) => rows.forEach(([kind, row]) => decodeStored(kind, row.id, JSON.parse(row.body)))),
    bundleJsonParseOnlyUs: await timeEach(allRows, (rows) => rows.forEach(([, row]) => JSON.parse(row.body))),
    assembleUs: await timeEach(indexes, (index) => assembleAccountContext(resolved[index]!.resolution, bundles[index]!, now)),
    jsonStringifyUs: await timeEach(contexts, (context) => JSON.stringify(context)),
    wholeServiceUs: 0,
    rowsPerBundle: Math.round(allRows.reduce((sum, rows) => sum + rows.length, 0) / allRows.length),
  };
  timings.wholeServiceUs = await timeEach(sample, (sender) => lookupAccountContext(store, principal, sender.email, now));

  // The TimeZone schema's check (luxon's IANAZone.isValidZone builds an Intl.DateTimeFormat per call).
  const zones = sample.map((_, index) => ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Europe/London'][index % 4]!);
  const timeZoneCheck = {
    isValidZoneUs: await timeEach(zones, (zone) => IANAZone.isValidZone(zone)),
    cachedCheckUs: await (async () => {
      const known = new Map<string, boolean>();
      const cached = (zone: string) => known.get(zone) ?? (known.set(zone, IANAZone.isValidZone(zone)), known.get(zone)!);
      return timeEach(zones, cached);
    })(),
  };

  // Decoding by kind: which schemas cost the most.
  const decodeByKind: Record<string, { rowsPerBundle: number; usPerRow: number }> = {};
  for (const kind of ['account', 'contact', 'delegation', 'meeting', 'agendaItem', 'progressEntry', 'person'] as const) {
    const rows = allRows.flatMap((bundle) => bundle.filter(([rowKind]) => rowKind === kind).map(([, row]) => row));
    if (rows.length === 0) continue;
    const us = await timeEach(rows, (row) => decodeStored(kind, row.id, JSON.parse(row.body)));
    decodeByKind[kind] = { rowsPerBundle: Math.round((rows.length / allRows.length) * 10) / 10, usPerRow: us };
  }

  // Each bundle query on its own, without and with planner statistics.
  const perStatement = async (database: Database.Database, indexes: readonly number[]) => {
    const s = bundleSql(database).statements;
    const t = firm.tenantId;
    const accountOf = (index: number) => resolved[index]!.resolution.accountId;
    return {
      openDelegationsUs: await timeEach(indexes, (i) => s.openDelegations.all(t, accountOf(i), JSON.stringify(OPEN_DELEGATION_STATUSES))),
      upcomingMeetingsUs: await timeEach(indexes, (i) => s.upcomingMeetings.all(t, accountOf(i), now.toISOString(), JSON.stringify(UPCOMING_MEETING_STATUSES))),
      openAgendaItemsUs: await timeEach(indexes, (i) => s.openAgendaItems.all(t, accountOf(i), JSON.stringify(OPEN_AGENDA_ITEM_STATUSES))),
      progressUs: await timeEach(indexes, (i) => s.listAccount.all(t, accountOf(i), 'progressEntry')),
      personsUs: await timeEach(indexes, (i) => personIds[i]!.forEach((id) => s.get.get(t, 'person', id))),
      directoryLookupUs: await timeEach(indexes, (i) => s.lookup.all(t, JSON.stringify(resolved[i]!.keys))),
    };
  };
  const planArgs = [firm.tenantId, BenchFirm.accountId(0), `${BenchFirm.accountId(0)}-c00`] as const;
  const sqlWithoutStats = { plans: sql.plans(...planArgs), ...(await perStatement(raw, indexes)) };
  await cleanups.run('read-only connection');
  await cleanups.run('store');
  const analyzedPath = join(dataDir, 'analyzed-copy.db');
  cleanups.push('analysed copy', () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(`${analyzedPath}${suffix}`, { force: true })));
  copyFileSync(dbPath, analyzedPath);
  const analyzed = new Database(analyzedPath);
  cleanups.push('analysed connection', () => void analyzed.close());
  analyzed.exec('ANALYZE');
  const sqlWithStats = { plans: bundleSql(analyzed).plans(...planArgs), ...(await perStatement(analyzed, indexes)) };
  const analyzedStore = new SqliteStore(analyzedPath);
  cleanups.push('analysed store', () => analyzedStore.close());
  await timeEach(resolved.slice(0, 200), ({ resolution }) => analyzedStore.bundles.loadBundle(firm.tenantId, resolution.accountId, resolution.contactId, now));
  const withStats = {
    loadBundleUs: await timeEach(resolved, ({ resolution }) => analyzedStore.bundles.loadBundle(firm.tenantId, resolution.accountId, resolution.contactId, now)),
    wholeServiceUs: await timeEach(sample, (sender) => lookupAccountContext(analyzedStore, principal, sender.email, now)),
  };
  await cleanups.run('analysed store');
  await cleanups.run('analysed connection');
  await cleanups.run('analysed copy');
  return { timings, decodeByKind, timeZoneCheck, sqlWithoutStats, sqlWithStats, withStats };
}

/** Self and inclusive time per function from a V8 CPU profile. */
function summariseProfile(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]; samples: number[]; timeDeltas: number[] }) {
  const name = (frame: { functionName: string; url: string; lineNumber: number }) =>
    `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(core|bot|test|workflows)\//, '$1/')}:${frame.lineNumber + 1}`;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Samples under the inspector's own Profiler.stop call are the profiler's cost, not the app's.
  const underInspector = (id: number) => {
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      if (byId.get(current)!.callFrame.url === 'node:inspector') return true;
    }
    return false;
  };
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    if (!underInspector(id)) selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfByNode.values()].reduce((sum, value) => sum + value, 0);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, time] of selfByNode) {
    const key = name(byId.get(id)!.callFrame);
    self.set(key, (self.get(key) ?? 0) + time);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const ancestor = name(byId.get(current)!.callFrame);
      if (seen.has(ancestor)) continue;
      seen.add(ancestor);
      inclusive.set(ancestor, (inclusive.get(ancestor) ?? 0) + time);
    }
  }
  const pct = (value: number) => `${((value / total) * 100).toFixed(1)}%`;
  const top = (map: Map<string, number>, count: number, filter: (key: string) => boolean = () => true) =>
    [...map].filter(([key]) => filter(key)).sort((a, b) => b[1] - a[1]).slice(0, count).map(([key, value]) => `${pct(value).padStart(6)}  ${key}`);
  const interesting = /^(authenticate|verify|jwtVerify|resolve|lookupAccountContext|lookup |loadBundle|getMany|decode |decodeStored|assembleAccountContext|quietHoursStatus|isValidZone|serialize|stringify|JSON|parse|runChecks|handleRequest|onRequest|hookRunner|route|parseOrThrow|safeParse)/i;
  return { self: top(self, 30), inclusive: top(inclusive, 40, (key) => interesting.test(key)) };
}

async function main() {
  const cleanups = new Cleanups();
  cleanups.runAllOnInterrupt();
  try {
    const dataDir = env.PROFILE_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'account-teams-profile-'));
    if (!env.PROFILE_DATA_DIR) cleanups.push('data directory', () => rmSync(dataDir, { recursive: true, force: true }));
    mkdirSync(dataDir, { recursive: true });
    const now = new Date();
    const firm = new BenchFirm({ seed: SEED, people: 2000, accounts: ACCOUNTS, contactsPerAccount: 10, delegationsPerAccount: 5, now: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) });
    let senders: AccountSenders[];
    if (!existsSync(join(dataDir, 'account-teams.db'))) {
      log(`Seeding ${ACCOUNTS} accounts into ${dataDir}…`);
      senders = (await seedSqlite(join(dataDir, 'account-teams.db'), firm)).senders;
    } else {
      log(`Reusing ${dataDir}.`);
      senders = Array.from({ length: ACCOUNTS }, (_, index) => firm.account(index).senders);
    }

    log('Timing the pieces (sequential, in-process)…');
    const measured = await pieces(dataDir, firm, senders, cleanups);
    log(JSON.stringify(measured, null, 2));

    if (env.PROFILE_SKIP_HTTP) return;
    const temporal = await startTestTemporal();
    cleanups.push('Temporal', () => temporal.stop());
    const system = await startSystem(
      loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'false', TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, TEMPORAL_TASK_QUEUE: `profile-${randomUUID()}` }),
      () => undefined,
    );
    cleanups.push('system', () => system.stop());
    const token = await system.localIssuer!.issue({ tenantId: firm.tenantId, objectId: randomUUID(), email: firm.viewer.email, name: firm.viewer.name });
    const paths = pickSenders(senders, 32_768, SEED + 1).map((sender) => `/api/context?email=${encodeURIComponent(sender.email)}`);
    const session = new Session();
    session.connect();
    const post = <T>(method: string, params?: object) =>
      new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    log(`Profiling the app under load for ${SECONDS} s…`);
    const result = await runLoad(
      { url: system.url, paths, headers: { authorization: `Bearer ${token}` }, connections: 16, warmupSeconds: 2, durationSeconds: SECONDS, firstPass: true },
      () => void post('Profiler.start'),
    );
    const { profile } = await post<{ profile: Parameters<typeof summariseProfile>[0] }>('Profiler.stop');
    session.disconnect();
    // Not into a temporary data directory: that is removed at the end.
    const out = env.PROFILE_OUT ?? env.PROFILE_DATA_DIR ?? tmpdir();
    mkdirSync(out, { recursive: true });
    const file = join(out, `context-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`Under load: ${result.rps} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.non2xx} non-2xx. Profile: ${file}`);
    const summary = summariseProfile(profile);
    log(`\nSelf time (top 30):\n  ${summary.self.join('\n  ')}\n\nInclusive time of the pieces:\n  ${summary.inclusive.join('\n  ')}`);
  } finally {
    await cleanups.runAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(String(error instanceof Error ? error.stack : error));
    process.exit(1);
  },
);
