/**
 * Part 1: history events of one delegation followed for a year, on the time-skipping test server.
 *
 * The delegate checks in on day 5 or 6 of each period; four periods are missed and run all the way through
 * prompt → reminder → escalation before the delegate checks in again; two check-ins carry clarifying
 * questions, every fourth one a client change. The delegator closes the delegation after 52 periods.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../../support/time-skipping-env';
import { createWorkflowHarness, type WorkflowHarness } from '../../support/workflow-harness';
import { checkInUpdate, closeUpdate, followUpStateQuery, type CheckInRequest, type DelegationFollowUpState } from '../../../workflows/src/workflows/delegation-follow-up.contract';
import { checkInRequest, closeRequest, countBy, createDelegations, DAY_MS, eventLabel, eventTimeMs, historyChain, HOUR_MS, log, round } from './common';

const WEEKS = 52;
const MISSED_WEEKS = new Set([9, 21, 34, 46]);
const QUESTIONS: Record<number, string> = {
  7: 'Should the Plant 3 pilot-line spend go in this year’s claim or next year’s?',
  30: 'Do we count the contractor hours from the Ohio lab as qualified research?',
};
/** The defaults' escalation comes 72 h after the due time; the driver waits an hour past it. */
const ESCALATED_AFTER_MS = 72 * HOUR_MS + HOUR_MS;

interface WeekPlan {
  week: number;
  kind: 'check-in' | 'missed';
  request?: Partial<CheckInRequest>;
  /** For check-ins: how long after the period started the delegate checks in. */
  afterMs?: number;
}

function plan(): WeekPlan[] {
  const weeks: WeekPlan[] = [];
  for (let week = 1; week <= WEEKS; week++) {
    if (MISSED_WEEKS.has(week)) {
      weeks.push({ week, kind: 'missed' });
      continue;
    }
    const day = week % 3 === 0 ? 6 : 5;
    const hours = 8 + ((week * 5) % 9); // a working hour of that day
    weeks.push({
      week,
      kind: 'check-in',
      afterMs: day * DAY_MS + hours * HOUR_MS,
      request: {
        clientUpdates: week % 4 === 0 ? `Client change in week ${week}: Plant ${1 + (week % 3)} added to scope` : '',
        ...(QUESTIONS[week] ? { questions: QUESTIONS[week] } : {}),
        status: MISSED_WEEKS.has(week - 1) ? 'at_risk' : 'active',
      },
    });
  }
  return weeks;
}

export interface YearFigures {
  maxHistoryEvents: number;
  totalEvents: number;
  runs: number;
  maxEventsInAnyRun: number;
  eventsPerRun: number[];
  simulatedDays: number;
  checkIns: number;
  missedWeeks: number;
  byEventType: Record<string, number>;
  /** Average events per period by kind, with the event types of a typical one. */
  perWeek: {
    checkIn: { weeks: number; avgEvents: number; byEventType: Record<string, number> };
    missed: { weeks: number; avgEvents: number; byEventType: Record<string, number> };
    startAndFirstWeek: Record<string, number>;
    close: Record<string, number>;
  };
}

async function followForAYear(env: TestWorkflowEnvironment, harness: WorkflowHarness, id: string, maxHistoryEvents: number | undefined): Promise<YearFigures> {
  const startedAt = await env.currentTimeMs();
  const [input] = await createDelegations(harness.store, [id], new Date(startedAt), maxHistoryEvents === undefined ? {} : { maxHistoryEvents });
  const workflowId = `bench-year-${id}`;
  const weeks = plan();
  const weekEnds: number[] = [];
  let final: DelegationFollowUpState | undefined;
  let firstRunId = '';

  await harness.run(async () => {
    const handle = await env.client.workflow.start('delegationFollowUp', { taskQueue: harness.taskQueue, workflowId, args: [input!] });
    firstRunId = handle.firstExecutionRunId;
    let periodStart = startedAt;
    let escalations = 0;
    for (const week of weeks) {
      const now = await env.currentTimeMs();
      if (week.kind === 'missed') {
        await env.sleep(periodStart + 7 * DAY_MS + ESCALATED_AFTER_MS - now);
        const state = await handle.query(followUpStateQuery);
        if (state.escalations !== ++escalations) throw new Error(`week ${week.week}: expected ${escalations} escalations, the workflow has ${state.escalations}`);
        periodStart += 7 * DAY_MS; // a missed period's successor runs from its due time
      } else {
        const wait = periodStart + week.afterMs! - now;
        if (wait > 0) await env.sleep(wait);
        const state = await handle.executeUpdate(checkInUpdate, { args: [checkInRequest(`${id}-week-${week.week}`, week.request)] });
        periodStart = Date.parse(state.lastCheckInAt!);
      }
      weekEnds.push(await env.currentTimeMs());
      if (week.week % 13 === 0) log(`  ${id}: week ${week.week}/${WEEKS}`);
    }
    await handle.executeUpdate(closeUpdate, { args: [closeRequest] });
    final = await handle.result();
  });

  const expectedCheckIns = weeks.filter((week) => week.kind === 'check-in').length;
  if (!final || final.status !== 'done' || final.checkInsReceived !== expectedCheckIns || final.escalations !== MISSED_WEEKS.size) {
    throw new Error(`${id}: unexpected final state ${JSON.stringify(final)}`);
  }

  const runs = await historyChain(env.client, workflowId, firstRunId);
  const events = runs.flatMap((run) => run.events);
  const eventsPerRun = runs.map((run) => run.events.length);

  // Each event belongs to the period whose window (previous period's end, this period's end] holds its time.
  const buckets = weekEnds.map(() => [] as typeof events);
  const close: typeof events = [];
  for (const event of events) {
    const time = eventTimeMs(event);
    const index = weekEnds.findIndex((end) => time <= end);
    (index === -1 ? close : buckets[index]!).push(event);
  }
  const summarise = (kind: WeekPlan['kind']) => {
    const chosen = weeks.map((week, index) => ({ week, events: buckets[index]! })).filter(({ week }) => week.kind === kind && week.week !== 1);
    const all = chosen.flatMap(({ events: weekEvents }) => weekEvents);
    const byEventType = Object.fromEntries(Object.entries(countBy(all, eventLabel)).map(([label, count]) => [label, round(count / chosen.length, 2)]));
    return { weeks: chosen.length, avgEvents: round(all.length / chosen.length, 2), byEventType };
  };

  return {
    maxHistoryEvents: maxHistoryEvents ?? 1500,
    totalEvents: events.length,
    runs: runs.length,
    maxEventsInAnyRun: Math.max(...eventsPerRun),
    eventsPerRun,
    simulatedDays: round((weekEnds.at(-1)! - startedAt) / DAY_MS, 1),
    checkIns: final.checkInsReceived,
    missedWeeks: final.missedCheckIns,
    byEventType: countBy(events, eventLabel),
    perWeek: {
      checkIn: summarise('check-in'),
      missed: summarise('missed'),
      startAndFirstWeek: countBy(buckets[0]!, eventLabel),
      close: countBy(close, eventLabel),
    },
  };
}

/** The year with the default continue-as-new bound, then with a low one (200) to show each run stays under it. */
export async function benchHistory(): Promise<YearFigures & { lowLimit: Pick<YearFigures, 'maxHistoryEvents' | 'totalEvents' | 'runs' | 'maxEventsInAnyRun' | 'eventsPerRun' | 'byEventType'> }> {
  log('[history] starting the time-skipping test server');
  const env = await createTimeSkippingEnv();
  let harness: WorkflowHarness | undefined;
  try {
    harness = await createWorkflowHarness(env, new Date(await env.currentTimeMs()));
    const started = Date.now();
    const year = await followForAYear(env, harness, 'year-default', undefined);
    log(`[history] default bound: ${year.totalEvents} events in ${year.runs} run(s) (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const lowStarted = Date.now();
    const low = await followForAYear(env, harness, 'year-low', 200);
    log(`[history] bound 200: ${low.totalEvents} events in ${low.runs} runs, per run ${low.eventsPerRun.join(', ')} (${((Date.now() - lowStarted) / 1000).toFixed(1)} s)`);
    return {
      ...year,
      lowLimit: { maxHistoryEvents: low.maxHistoryEvents, totalEvents: low.totalEvents, runs: low.runs, maxEventsInAnyRun: low.maxEventsInAnyRun, eventsPerRun: low.eventsPerRun, byEventType: low.byEventType },
    };
  } finally {
    await harness?.dispose();
    await env.teardown();
  }
}
