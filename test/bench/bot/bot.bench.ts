/**
 * `npm run bench:bot` — two figures for the Teams bot, printed as one JSON object on the last line:
 *
 * 1. invokeRoundTrip: a card action's round trip on the local stack — an `adaptiveCard/action` invoke
 *    POSTed to the real `/api/messages`, through the handler and the standards review's workflow
 *    update (whose activity stores the answer) to the refreshed card in the HTTP answer. p50/p99 over
 *    sequential invokes after a warm-up (target p99 ≤ 200 ms). Whole system: SQLite, a Temporal dev
 *    server, the worker.
 * 2. fanOut: a review fanned out to 20 accounts × 6 leaders of one firm — 120 review cards, each to its
 *    leader's personal chat — sent concurrently through the worker's `sendMessage` activity function and
 *    the TeamsMessenger against the Bot Connector emulator, which counts every send over Teams' limits
 *    (per conversation 7/s and 60/30 s, per tenant 50/s). Reports the violations (target 0) and the
 *    total time as a ratio to the minimum those limits allow for these sends (target ≤ 1.2); the
 *    minimum is the makespan of an ideal schedule (no margin, no latency) under the same limits.
 *    The emulator runs in a process of its own so that this one's work cannot delay its arrival clock.
 *
 * BENCH_INVOKES sets the number of measured invokes (default 200); BENCH_DEBUG=1 logs the arrival times.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTeamsBot } from '../../../bot/src/teams/teams-bot';
import { DEMO_TENANT_ID } from '../../../core/demo/demo-firm';
import type { Delegation } from '../../../core/domain/delegation';
import type { LeadershipProcessGateway } from '../../../core/services/leadership-process-gateway';
import type { DelegationFollowUpGateway } from '../../../core/services/process-gateway';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS } from '../../../core/services/teams-rate-limiter';
import { SqliteStore } from '../../../core/store/sqlite/sqlite-store';
import { createCommonActivities } from '../../../workflows/src/activities/common-activities';
import { submitReviewUpdate } from '../../../workflows/src/workflows/standards-review.contract';
import { BotConnectorEmulator, cardsOf, type EmulatedMember } from '../../support/bot-connector-emulator';
import { DEMO_PEOPLE, startTestSystem } from '../../support/system-for-tests';
import { envNumber, log, round } from '../common';

const TARGETS = { invokeP99Ms: 200, violations: 0, fanOutRatio: 1.2 };
const SETTINGS = { warmupInvokes: 20, measuredInvokes: envNumber('BENCH_INVOKES', 200), accounts: 20, leadersPerAccount: 6, emulatorLatencyMs: 5 };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

// ---- 1. the invoke round trip --------------------------------------------------------------------

async function invokeRoundTrip() {
  const emulator = await BotConnectorEmulator.start();
  const system = await startTestSystem();
  try {
    const names = ['alejandro', 'stephanie', 'peter'] as const;
    const aad = Object.fromEntries(names.map((name) => [name, randomUUID()])) as Record<(typeof names)[number], string>;
    const teamId = '19:bench-team@thread.tacv2';
    const channelId = '19:bench-leaders@thread.tacv2';
    emulator.setMembers(teamId, names.map((name): EmulatedMember => ({ id: `29:${name}`, name, aadObjectId: aad[name], email: DEMO_PEOPLE[name] })));
    const bot = { id: '28:bench-bot', name: 'Account Teams' };
    const base = (name: (typeof names)[number], conversation: Record<string, unknown>, channelData: Record<string, unknown>) => ({
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: emulator.url,
      from: { id: `29:${name}`, name, aadObjectId: aad[name] },
      recipient: bot,
      conversation: { tenantId: DEMO_TENANT_ID, ...conversation },
      channelData: { tenant: { id: DEMO_TENANT_ID }, ...channelData },
    });
    const inChannel = (name: (typeof names)[number]) => base(name, { id: channelId, conversationType: 'channel' }, { team: { id: teamId }, channel: { id: channelId } });
    const post = async (activity: Record<string, unknown>) => {
      const response = await system.call('/api/messages', { method: 'POST', body: activity });
      if (response.status !== 200) throw new Error(`/api/messages answered ${response.status}: ${response.text.slice(0, 300)}`);
      return response.body;
    };

    await post({ ...inChannel('alejandro'), type: 'conversationUpdate', membersAdded: [bot] });
    await post({ ...inChannel('alejandro'), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'channel.link', data: { conversationId: channelId, accountId: 'northwind' } } } });
    const created = await system.call('/api/process-configs', {
      method: 'POST',
      as: DEMO_PEOPLE.grace,
      body: { accountId: 'northwind', kind: 'standards_review', name: 'Bench review', cadence: { timeZone: 'America/Chicago', hour: 8, daysOfMonth: [1], months: [1, 4, 7, 10] }, participantIds: [...names] },
    });
    await system.call(`/api/process-configs/${created.body.config.id}/run`, { method: 'POST', as: DEMO_PEOPLE.grace });
    const chat = `a:personal-${aad.alejandro}`;
    const card = await emulator.waitFor(() => emulator.activitiesIn(chat).flatMap((received) => cardsOf(received.activity)).find((posted) => JSON.stringify(posted).includes('"verb":"review.submit"')), 60_000, 'Alejandro’s review card');
    const data = JSON.parse(JSON.stringify(card).match(/"verb":"review\.submit","data":(\{[^{}]*\})/)![1]!) as Record<string, unknown>;

    const samples: number[] = [];
    // The same update straight through the Temporal client, interleaved: what the round trip costs
    // without the bot (HTTP, botbuilder, identity, store reads, the card).
    const updateOnly: number[] = [];
    const handle = system.system.client.workflow.getHandle(String(data.workflowId));
    for (let index = 0; index < SETTINGS.warmupInvokes + SETTINGS.measuredInvokes; index++) {
      if (index >= SETTINGS.warmupInvokes && index % 4 === 0) {
        const started = performance.now();
        await handle.executeUpdate(submitReviewUpdate, { args: [{ answerId: `bench-raw-${index}`, leaderId: 'alejandro', ratings: { 'tensions-on-agenda': 4, 'bad-news-early': 4, 'answer-fast': 3 }, roleClarity: 4 }] });
        updateOnly.push(performance.now() - started);
      }
      const rating = String((index % 5) + 1);
      const activity = {
        ...base('alejandro', { id: chat, conversationType: 'personal' }, {}),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'review.submit', data: { ...data, 'rating.tensions-on-agenda': rating, 'rating.bad-news-early': '4', 'rating.answer-fast': '3', roleClarity: '4' } }, trigger: 'manual' },
      };
      const started = performance.now();
      const answer = await post(activity);
      const took = performance.now() - started;
      if (answer.statusCode !== 200 || !JSON.stringify(answer.value).includes('You have answered')) throw new Error(`unexpected invoke answer: ${JSON.stringify(answer).slice(0, 300)}`);
      if (index >= SETTINGS.warmupInvokes) samples.push(took);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const updates = [...updateOnly].sort((a, b) => a - b);
    return {
      invokes: samples.length,
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      maxMs: round(sorted[sorted.length - 1]!),
      workflowUpdateOnly: { updates: updates.length, p50Ms: round(percentile(updates, 50)), p99Ms: round(percentile(updates, 99)) },
    };
  } finally {
    await system.stop();
    await emulator.stop();
  }
}

// ---- 2. the fan-out ------------------------------------------------------------------------------

const noGateway = new Proxy({}, { get: () => async () => undefined }) as LeadershipProcessGateway;
const noFollowUps: DelegationFollowUpGateway = {
  followUpIdFor: (tenantId, delegationId) => `delegation-follow-up/${tenantId}/${delegationId}`,
  startFollowUp: async (delegation: Delegation) => ({ workflowId: delegation.id }),
  followUpState: async () => undefined,
  close: async () => undefined,
  checkIn: async () => undefined,
};

/** The makespan of an ideal schedule under Teams' limits: every send at its earliest allowed instant, no margin, no latency. */
function minimumMakespan(conversations: string[], tenantId: string): number {
  const ideal = new SlidingWindowLimiter({ clock: () => 0, marginMs: 0 });
  let last = 0;
  for (const conversation of conversations) {
    last = Math.max(last, ideal.reserve([{ key: conversation, limits: TEAMS_CONVERSATION_LIMITS }, { key: tenantId, limits: TEAMS_TENANT_LIMITS }])!);
  }
  return last;
}

interface EmulatorSummary {
  activities: { kind: string; conversationId: string; at: number }[];
  violations: unknown[];
}

/** The emulator in its own process (see emulator-process.ts): its arrival clock is not delayed by this one's work. */
async function startEmulatorProcess(options: Record<string, unknown>): Promise<{ url: string; summary(): Promise<EmulatorSummary>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'emulator-process.ts'), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the emulator process exited with ${code}`)));
  });
  return {
    url,
    summary: async () => (await (await fetch(`${url}_emulator/summary`)).json()) as EmulatorSummary,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const WARM_UP_TENANT = '00000000-0000-4000-8000-00000000beef';

async function warmUp(store: SqliteStore, teams: ReturnType<typeof createTeamsBot>, serviceUrl: string, activities: ReturnType<typeof createCommonActivities>) {
  const now = new Date().toISOString();
  const stamp = { tenantId: WARM_UP_TENANT, createdAt: now, updatedAt: now };
  await store.records.create('person', { ...stamp, id: 'warm', name: 'Warm Up', email: 'warm@bench.example', rank: 'partner', practice: 'audit', region: 'US', timeZone: 'UTC' });
  await store.records.create('account', { ...stamp, id: 'warm', name: 'Warm', clientDomains: ['warm.example'], purpose: 'Warm-up', goals: [], leadershipTeam: [{ personId: 'warm', remit: 'all', accountable: true }], accountTeam: [], responsibilities: [], standards: [], walls: [] });
  await teams.conversations.seen({ tenantId: WARM_UP_TENANT, conversationId: 'a:warm', kind: 'personal', personId: 'warm', serviceUrl, reference: { channelId: 'msteams', serviceUrl, bot: { id: '28:bench-bot' }, conversation: { id: 'a:warm', conversationType: 'personal', tenantId: WARM_UP_TENANT } } });
  await activities.sendMessage({
    key: 'warm-up',
    tenantId: WARM_UP_TENANT,
    accountId: 'warm',
    recipient: { kind: 'person', personId: 'warm' },
    purpose: 'review_request',
    process: { kind: 'standards_review', workflowId: 'warm-up' },
    text: 'Warm-up',
    payload: { reviewId: 'warm', cycle: 'warm', deadline: '2099-01-01T00:00:00Z', standards: [{ id: 's', text: 'S' }], goals: [] },
  });
}

async function fanOut() {
  const emulator = await startEmulatorProcess({ latencyMs: SETTINGS.emulatorLatencyMs, rateLimits: { mode: 'count' } });
  const dir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  const store = new SqliteStore(join(dir, 'store.db'));
  try {
    const tenantId = DEMO_TENANT_ID;
    const now = new Date().toISOString();
    const stamp = { tenantId, createdAt: now, updatedAt: now };
    const teams = createTeamsBot({ store, credentials: { appType: 'MultiTenant' }, leadershipProcesses: noGateway, followUps: noFollowUps, log: () => undefined });
    const sends: Parameters<ReturnType<typeof createCommonActivities>['sendMessage']>[0][] = [];
    for (let account = 1; account <= SETTINGS.accounts; account++) {
      const accountId = `account-${account}`;
      const leaders = Array.from({ length: SETTINGS.leadersPerAccount }, (_, index) => `leader-${account}-${index + 1}`);
      for (const personId of leaders) {
        await store.records.create('person', { ...stamp, id: personId, name: `Leader ${personId}`, email: `${personId}@bench.example`, rank: 'partner', practice: 'audit', region: 'US', timeZone: 'America/Chicago' });
        const conversationId = `a:personal-${personId}`;
        await teams.conversations.seen({ tenantId, conversationId, kind: 'personal', personId, serviceUrl: emulator.url, reference: { channelId: 'msteams', serviceUrl: emulator.url, bot: { id: '28:bench-bot' }, user: { id: `29:${personId}` }, conversation: { id: conversationId, conversationType: 'personal', tenantId } } });
      }
      const standards = [
        { id: 'tensions-on-agenda', text: 'Every tension gets a slot on the agenda.' },
        { id: 'bad-news-early', text: 'Bad news travels fast.' },
      ];
      await store.records.create('account', { ...stamp, id: accountId, name: `Account ${account}`, clientDomains: [`client-${account}.example`], purpose: 'Bench', goals: [], leadershipTeam: leaders.map((personId, index) => ({ personId, remit: 'audit', accountable: index === 0 })), accountTeam: [], responsibilities: [], standards, walls: [] });
      const workflowId = `process/${tenantId}/bench-review-${account}`;
      for (const personId of leaders) {
        sends.push({
          key: `${workflowId}/review_request/${personId}`,
          tenantId,
          accountId,
          recipient: { kind: 'person', personId },
          purpose: 'review_request',
          process: { kind: 'standards_review', workflowId },
          text: 'Your standards review is open.',
          payload: { reviewId: `review-${account}`, cycle: '2026-Q2', deadline: '2099-01-01T00:00:00Z', standards, goals: [] },
        });
      }
    }
    // The worker's own activity function, as Temporal would run it for every leader at once.
    const activities = createCommonActivities({ store, messenger: teams.messenger });
    // A running worker is warm: one send first loads what a first send loads (connector client, card code).
    await warmUp(store, teams, emulator.url, activities);
    await fetch(`${emulator.url}_emulator/reset`, { method: 'POST' });
    const started = Date.now();
    const results = await Promise.allSettled(sends.map((message) => activities.sendMessage(message)));
    const finished = Date.now();
    const failed = results.filter((result) => result.status === 'rejected').length;
    const summary = await emulator.summary();
    const arrivals = summary.activities.map((received) => received.at);
    if (process.env.BENCH_DEBUG) log(`arrivals (ms after start): ${arrivals.map((at) => at - started).sort((a, b) => a - b).join(' ')}`);
    const totalMs = Math.max(...arrivals) - started;
    const minimumMs = minimumMakespan(sends.map((message) => `a:personal-${(message.recipient as { personId: string }).personId}`), tenantId);
    const delivered = (await Promise.all([...new Set(sends.map((message) => message.accountId))].map((accountId) => store.records.list('outboundMessage', { tenantId, accountId })))).flat().filter((found) => found.record.status === 'delivered').length;
    return {
      accounts: SETTINGS.accounts,
      leadersPerAccount: SETTINGS.leadersPerAccount,
      messages: sends.length,
      delivered,
      failed,
      posted: summary.activities.length,
      violations: summary.violations.length,
      totalMs,
      activitiesDoneMs: finished - started,
      minimumMs,
      ratio: round(totalMs / minimumMs, 3),
    };
  } finally {
    await store.close();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const began = Date.now();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtStart: loadavg().map((value) => round(value, 2)) };
  log('fan-out: 20 accounts × 6 leaders against the Bot Connector emulator enforcing Teams’ limits…');
  const spread = await fanOut();
  log(`  ${spread.posted} posted (${spread.delivered} delivered, ${spread.failed} failed), ${spread.violations} limit violations, ${spread.totalMs} ms vs a minimum of ${spread.minimumMs} ms → ratio ${spread.ratio}   (targets ${TARGETS.violations}, ≤ ${TARGETS.fanOutRatio})`);
  log('invoke round trip: starting the local stack (Temporal dev server, worker, HTTP)…');
  const invoke = await invokeRoundTrip();
  log(`  ${invoke.invokes} review.submit invokes: p50 ${invoke.p50Ms} ms, p99 ${invoke.p99Ms} ms, max ${invoke.maxMs} ms   (target p99 ≤ ${TARGETS.invokeP99Ms} ms)`);
  log(`  the workflow update alone: p50 ${invoke.workflowUpdateOnly.p50Ms} ms, p99 ${invoke.workflowUpdateOnly.p99Ms} ms; machine load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
  log(`took ${((Date.now() - began) / 1000).toFixed(0)} s`);
  const problems = [
    ...(invoke.p99Ms > TARGETS.invokeP99Ms ? [`invoke p99 ${invoke.p99Ms} ms over ${TARGETS.invokeP99Ms} ms`] : []),
    ...(spread.violations > TARGETS.violations ? [`${spread.violations} rate-limit violations`] : []),
    ...(spread.ratio > TARGETS.fanOutRatio ? [`fan-out took ${spread.ratio}× the minimum`] : []),
    ...(spread.delivered !== spread.messages ? [`${spread.messages - spread.delivered} of ${spread.messages} messages not delivered`] : []),
  ];
  for (const problem of problems) log(`PROBLEM: ${problem}`);
  console.log(JSON.stringify({ machine, settings: SETTINGS, targets: TARGETS, invokeRoundTrip: invoke, fanOut: spread, problems }));
  return problems.length > 0 ? 1 : 0;
}

void main()
  .catch((error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  })
  .then((code) => process.exit(code));
