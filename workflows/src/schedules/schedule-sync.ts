import {
  DAYS_OF_WEEK,
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type CalendarSpec,
  type CalendarSpecDescription,
  type Client,
  type Range,
  type ScheduleDescription,
  type ScheduleOptions,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { ProcessKind, SCHEDULED_PROCESS_KINDS, type Cadence, type ProcessConfig } from '../../../core/domain/process-config';
import type { ProcessScheduleGateway, ProcessScheduleState, RunningProcess, ScheduleSyncOutcome } from '../../../core/services/process-schedule-gateway';
import type { Store } from '../../../core/store/ports';
import { scheduleIdFor, WORKFLOW_TYPE_BY_KIND, type ScheduledRunInput } from '../processes';
import { visibilityQueryLiteral } from '../client/temporal-calls';
import { ACCOUNT_ID, PROCESS_KIND, TENANT_ID } from '../search-attributes';

/**
 * Keeps one Temporal Schedule per process config of a scheduled kind, derived entirely from the config:
 * the store is the truth, the schedule a projection of it that can always be rebuilt.
 *
 * Policies, and why:
 * - overlap SKIP: a run is a whole cycle (collect answers, remind, close). If the previous cycle is still
 *   open when the next firing comes, starting another would message the leaders twice, and buffering it
 *   (BUFFER_ONE) would start it late, when its lead time no longer fits the meeting or review it prepares.
 *   Validation already keeps lead time and answer window shorter than the gap between runs, so a skip only
 *   happens when something is stuck, and a stuck run is better looked at than piled upon. SKIP also absorbs
 *   the second firing Temporal makes when a fall-back DST change repeats the scheduled wall-clock time.
 * - catchup window one day: after an outage, a run missed by hours still starts the same day; one missed by
 *   more than a day is dropped rather than started against dates that have passed.
 * - pauseOnFailure off: the paused flag belongs to the admin (config.paused); a failed run is visible as a
 *   failed workflow and must not silently stop the calendar.
 */
const SCHEDULE_PREFIX = 'process/';
export const CATCHUP_WINDOW_MS = 24 * 60 * 60 * 1000;
const OVERLAP_POLICY = ScheduleOverlapPolicy.SKIP;

export interface ReconcileReport {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
  failed: { scheduleId: string; error: string }[];
}

export interface ReconcileOptions {
  /** Limit the pass to these tenants (their configs and their orphans); default: every tenant and every orphan. */
  tenantIds?: readonly string[];
}

const isScheduled = (config: Pick<ProcessConfig, 'kind'>) => SCHEDULED_PROCESS_KINDS.includes(config.kind);

export class TemporalProcessSchedules implements ProcessScheduleGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async upsert(stored: ProcessConfig): Promise<ScheduleSyncOutcome> {
    const { cadence } = stored;
    if (!isScheduled(stored) || !cadence) return this.remove(stored.tenantId, stored.id);
    const config = { ...stored, cadence };
    const scheduleId = scheduleIdFor(config.tenantId, config.id);
    const handle = this.client.schedule.getHandle(scheduleId);
    let current = await describeOrUndefined(handle);
    if (!current) {
      try {
        await this.client.schedule.create(this.scheduleOptions(config));
        return 'created';
      } catch (error) {
        // Created meanwhile by another replica (or a reconcile pass): fall through to compare and update it.
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        current = await handle.describe();
      }
    }
    if (driftOf(config, this.taskQueue, current).length === 0) return 'unchanged';
    await handle.update((previous) => this.updateOptions(config, previous));
    return 'updated';
  }

  async remove(tenantId: string, configId: string): Promise<ScheduleSyncOutcome> {
    try {
      await this.client.schedule.getHandle(scheduleIdFor(tenantId, configId)).delete();
      return 'deleted';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'absent';
      throw error;
    }
  }

  async pause(tenantId: string, configId: string, note: string): Promise<void> {
    await this.client.schedule.getHandle(scheduleIdFor(tenantId, configId)).pause(note);
  }

  async resume(tenantId: string, configId: string, note: string): Promise<void> {
    await this.client.schedule.getHandle(scheduleIdFor(tenantId, configId)).unpause(note);
  }

  async trigger(tenantId: string, configId: string): Promise<void> {
    // SKIP, like the calendar: two "run now" clicks in a row start one run, not two.
    await this.client.schedule.getHandle(scheduleIdFor(tenantId, configId)).trigger(ScheduleOverlapPolicy.SKIP);
  }

  async describe(tenantId: string, configId: string): Promise<ProcessScheduleState | undefined> {
    const description = await describeOrUndefined(this.client.schedule.getHandle(scheduleIdFor(tenantId, configId)));
    if (!description) return undefined;
    return {
      scheduleId: description.scheduleId,
      paused: description.state.paused,
      nextActionTimes: description.info.nextActionTimes,
      recentActions: description.info.recentActions.map((action) => ({ scheduledAt: action.scheduledAt, takenAt: action.takenAt, workflowId: action.action.workflow.workflowId })),
      runningWorkflowIds: description.info.runningActions.map((action) => action.workflow.workflowId),
    };
  }

  async listRunningProcesses(tenantId: string, accountId: string): Promise<RunningProcess[]> {
    const query = `TenantId = ${visibilityQueryLiteral(tenantId)} AND AccountId = ${visibilityQueryLiteral(accountId)} AND ExecutionStatus = "Running"`;
    const running: RunningProcess[] = [];
    for await (const execution of this.client.workflow.list({ query })) {
      const kind = ProcessKind.safeParse(execution.typedSearchAttributes.get(PROCESS_KIND));
      running.push({ workflowId: execution.workflowId, type: execution.type, startTime: execution.startTime, kind: kind.success ? kind.data : undefined });
    }
    return running.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  }

  /**
   * Makes the schedules match the store: for every tenant's accounts' configs of a scheduled kind, creates
   * the missing schedules and updates drifted ones (calendar, zone, action, search attributes, policies,
   * paused flag — compared field by field with what the server describes); then deletes schedules under
   * our prefix that no config accounts for. One failure does not stop the pass; it is reported.
   */
  async reconcile(store: Store, options: ReconcileOptions = {}): Promise<ReconcileReport> {
    const report: ReconcileReport = { created: [], updated: [], deleted: [], unchanged: [], failed: [] };
    const inScope = (tenantId: string) => !options.tenantIds || options.tenantIds.includes(tenantId);
    const record = (scheduleId: string, outcome: ScheduleSyncOutcome) => {
      if (outcome === 'created') report.created.push(scheduleId);
      else if (outcome === 'updated') report.updated.push(scheduleId);
      else if (outcome === 'deleted') report.deleted.push(scheduleId);
      else if (outcome === 'unchanged') report.unchanged.push(scheduleId);
    };
    const attempt = async (scheduleId: string, step: () => Promise<ScheduleSyncOutcome>) => {
      try {
        record(scheduleId, await step());
      } catch (error) {
        report.failed.push({ scheduleId, error: error instanceof Error ? error.message : String(error) });
      }
    };

    // Existing schedules first, configs second: a config created in between then has no schedule in this
    // list, so it can never be mistaken for an orphan's missing config.
    const existing = new Set<string>();
    for await (const schedule of this.client.schedule.list()) {
      if (schedule.scheduleId.startsWith(SCHEDULE_PREFIX)) existing.add(schedule.scheduleId);
    }

    const wanted = new Set<string>();
    for (const tenantId of (await store.tenants.list()).filter(inScope)) {
      for (const { record: account } of await store.records.list('account', { tenantId })) {
        for (const { record: config } of await store.records.list('processConfig', { tenantId, accountId: account.id })) {
          if (!isScheduled(config)) continue;
          const scheduleId = scheduleIdFor(tenantId, config.id);
          wanted.add(scheduleId);
          await attempt(scheduleId, () => this.upsert(config));
        }
      }
    }

    for (const scheduleId of existing) {
      if (wanted.has(scheduleId)) continue;
      const ref = parseScheduleId(scheduleId);
      if (!ref || !inScope(ref.tenantId)) continue;
      await attempt(scheduleId, async () => {
        // Look again before deleting: the config may have been written after the configs were listed.
        const config = await store.records.get('processConfig', { tenantId: ref.tenantId, id: ref.configId });
        return config ? this.upsert(config.record) : this.remove(ref.tenantId, ref.configId);
      });
    }
    return report;
  }

  /** The schedule a config asks for. */
  scheduleOptions(config: ProcessConfig & { cadence: Cadence }): ScheduleOptions {
    const scheduleId = scheduleIdFor(config.tenantId, config.id);
    const input: ScheduledRunInput = { tenantId: config.tenantId, accountId: config.accountId, configId: config.id };
    return {
      scheduleId,
      spec: { calendars: [calendarOf(config.cadence)], timezone: config.cadence.timeZone },
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPE_BY_KIND[config.kind],
        args: [input],
        taskQueue: this.taskQueue,
        // Temporal appends the scheduled time, so every run has its own id: process/<tenant>/<config>-<time>.
        workflowId: scheduleId,
        typedSearchAttributes: searchAttributesOf(config),
        memo: memoOf(config),
      },
      policies: { overlap: OVERLAP_POLICY, catchupWindow: CATCHUP_WINDOW_MS, pauseOnFailure: false },
      typedSearchAttributes: searchAttributesOf(config),
      // Set once at creation: Temporal cannot update a schedule's memo (the started workflows' memo follows edits).
      memo: memoOf(config),
      state: { paused: config.paused, ...(config.paused ? { note: 'paused in the process config' } : {}) },
    };
  }

  private updateOptions(config: ProcessConfig & { cadence: Cadence }, previous: ScheduleDescription): ScheduleUpdateOptions {
    const { scheduleId: _id, memo: _memo, state: _state, ...options } = this.scheduleOptions(config);
    // The paused flag is the config's; an edit never unpauses what an admin paused (the service keeps config.paused).
    const note = config.paused === previous.state.paused ? previous.state.note : config.paused ? 'paused in the process config' : undefined;
    return { ...options, state: { paused: config.paused, ...(note !== undefined ? { note } : {}) } };
  }
}

/** What differs between the schedule a config asks for and the one the server describes; empty when in sync. */
function driftOf(config: ProcessConfig, taskQueue: string, actual: ScheduleDescription): string[] {
  if (!config.cadence) return ['kind'];
  const drift: string[] = [];
  const scheduleId = scheduleIdFor(config.tenantId, config.id);
  const wantedCalendar = [expandCalendar(calendarOf(config.cadence))];
  const actualCalendars = (actual.spec.calendars ?? []).map(expandDescribedCalendar);
  if (!sameJson(wantedCalendar, actualCalendars)) drift.push('spec.calendars');
  if ((actual.spec.timezone ?? 'UTC') !== config.cadence.timeZone) drift.push('spec.timezone');
  const extras = (actual.spec.intervals?.length ?? 0) + (actual.spec.skip?.length ?? 0) + (actual.spec.startAt ? 1 : 0) + (actual.spec.endAt ? 1 : 0) + (actual.spec.jitter ? 1 : 0);
  if (extras > 0) drift.push('spec.extras');

  const action = actual.action;
  const input: ScheduledRunInput = { tenantId: config.tenantId, accountId: config.accountId, configId: config.id };
  if (action.workflowType !== WORKFLOW_TYPE_BY_KIND[config.kind]) drift.push('action.workflowType');
  if (action.taskQueue !== taskQueue) drift.push('action.taskQueue');
  if (action.workflowId !== scheduleId) drift.push('action.workflowId');
  if (!sameJson(action.args, [input])) drift.push('action.args');
  if (!sameJson(action.memo ?? {}, memoOf(config))) drift.push('action.memo');
  if (!sameAttributes(action.typedSearchAttributes, config)) drift.push('action.searchAttributes');
  if (!sameAttributes(actual.typedSearchAttributes, config)) drift.push('searchAttributes');

  if (actual.policies.overlap !== OVERLAP_POLICY || actual.policies.catchupWindow !== CATCHUP_WINDOW_MS || actual.policies.pauseOnFailure) drift.push('policies');
  if (actual.state.paused !== config.paused) drift.push('state.paused');
  if (actual.state.remainingActions !== undefined) drift.push('state.remainingActions');
  return drift;
}

/** The cadence as a Temporal calendar spec. Every-N-weeks is not expressible: it fires weekly and the workflow skips off-weeks. */
function calendarOf(cadence: Cadence): CalendarSpec {
  return {
    second: 0,
    minute: cadence.minute,
    hour: cadence.hour,
    ...(cadence.daysOfWeek.length > 0 ? { dayOfWeek: [...cadence.daysOfWeek].sort((a, b) => a - b).map((day) => DAYS_OF_WEEK[day % 7]!) } : {}),
    ...(cadence.daysOfMonth.length > 0 ? { dayOfMonth: [...cadence.daysOfMonth].sort((a, b) => a - b) } : {}),
    ...(cadence.months.length > 0 ? { month: [...cadence.months].sort((a, b) => a - b).map((month) => MONTHS[month - 1]!) } : {}),
    comment: cadence.everyNWeeks > 1 ? `every ${cadence.everyNWeeks} weeks from the week of ${cadence.anchorDate}; off-weeks are skipped by the workflow` : 'process cadence',
  };
}

function parseScheduleId(scheduleId: string): { tenantId: string; configId: string } | undefined {
  const match = /^process\/([^/]+)\/([^/]+)$/.exec(scheduleId);
  return match ? { tenantId: match[1]!, configId: match[2]! } : undefined;
}

function searchAttributesOf(config: ProcessConfig): SearchAttributePair[] {
  return [
    { key: TENANT_ID, value: config.tenantId },
    { key: ACCOUNT_ID, value: config.accountId },
    { key: PROCESS_KIND, value: config.kind },
  ];
}

const memoOf = (config: ProcessConfig) => ({ configName: config.name, processKind: config.kind });

function sameAttributes(described: TypedSearchAttributes | SearchAttributePair[] | undefined, config: ProcessConfig): boolean {
  const actual = Array.isArray(described) ? new TypedSearchAttributes(described) : described;
  return actual?.get(TENANT_ID) === config.tenantId && actual?.get(ACCOUNT_ID) === config.accountId && actual?.get(PROCESS_KIND) === config.kind;
}

/** A calendar as the sets of values each field matches, the form both a spec and a description reduce to. */
interface ExpandedCalendar {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
  year: number[] | 'any';
}

const ALL = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

function expandCalendar(spec: CalendarSpec): ExpandedCalendar {
  const values = <T>(field: T | T[] | undefined, toNumber: (value: T) => number, fallback: number[]) =>
    field === undefined ? fallback : (Array.isArray(field) ? field : [field]).map(toNumber).sort((a, b) => a - b);
  const asNumber = (value: unknown) => value as number;
  return {
    second: values(spec.second, asNumber, [0]),
    minute: values(spec.minute, asNumber, [0]),
    hour: values(spec.hour, asNumber, [0]),
    dayOfMonth: values(spec.dayOfMonth, asNumber, ALL(1, 31)),
    month: values(spec.month, (month) => MONTHS.indexOf(month as (typeof MONTHS)[number]) + 1, ALL(1, 12)),
    dayOfWeek: values(spec.dayOfWeek, (day) => DAYS_OF_WEEK.indexOf(day as (typeof DAYS_OF_WEEK)[number]), ALL(0, 6)),
    year: 'any',
  };
}

function expandDescribedCalendar(spec: CalendarSpecDescription): ExpandedCalendar {
  const values = <T>(ranges: Range<T>[], toNumber: (value: T) => number, whenEmpty: number[]) => {
    if (ranges.length === 0) return whenEmpty;
    const found = new Set<number>();
    for (const range of ranges) {
      const start = toNumber(range.start);
      const end = Math.max(start, toNumber(range.end ?? range.start));
      for (let value = start; value <= end; value += Math.max(1, range.step || 1)) found.add(value);
    }
    return [...found].sort((a, b) => a - b);
  };
  const same = (value: number) => value;
  return {
    second: values(spec.second, same, [0]),
    minute: values(spec.minute, same, [0]),
    hour: values(spec.hour, same, [0]),
    dayOfMonth: values(spec.dayOfMonth, same, ALL(1, 31)),
    month: values(spec.month, (month) => MONTHS.indexOf(month) + 1, ALL(1, 12)),
    dayOfWeek: values(spec.dayOfWeek, (day) => DAYS_OF_WEEK.indexOf(day), ALL(0, 6)),
    year: spec.year.length === 0 ? 'any' : values(spec.year, same, []),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object' && !(value instanceof Date)
        ? Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined).sort(([x], [y]) => x.localeCompare(y)).map(([key, field]) => [key, canonical(field)]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

async function describeOrUndefined(handle: { describe(): Promise<ScheduleDescription> }): Promise<ScheduleDescription | undefined> {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}
