import { randomUUID } from 'node:crypto';
import { DateTime, Duration } from 'luxon';
import { z } from 'zod';
import type { Account } from '../domain/account';
import { Id } from '../domain/common';
import { ProcessConfig, SCHEDULED_PROCESS_KINDS } from '../domain/process-config';
import { AlreadyExistsError, ConcurrencyError, DomainError, ForbiddenError, ValidationError, type FieldIssue } from '../errors';
import { isScheduledWeek, nextRuns, shortestGap } from '../rules/cadence';
import { sameContent } from '../rules/same-content';
import type { Store } from '../store/ports';
import { parseOrThrow } from '../validation';
import { isLeaderOf, visibleAccount, visibleRecord } from './account-access';
import type { ProcessScheduleGateway, ProcessScheduleState, RunningProcess, ScheduleSyncOutcome } from './process-schedule-gateway';
import { isAdmin, requireAdmin, type RoleViewer } from './viewer';

/** A run was asked for while the previous one is still open. */
export class ProcessRunInProgressError extends DomainError {
  readonly code = 'process.run_in_progress';
  constructor(
    configId: string,
    readonly workflowIds: string[],
  ) {
    super(`process config ${configId} already has a run in progress (${workflowIds.join(', ')}); wait for it to finish`);
  }
}

/**
 * What happened to the schedule after a config write. The store is written first and is the truth; a
 * schedule that could not be brought in line is reported here (and logged), and start-up reconciliation
 * repairs it, so a config is never silently left without its schedule.
 */
export type ScheduleSync =
  | { status: 'in_sync'; outcome: ScheduleSyncOutcome }
  | { status: 'sync_failed'; message: string };

export interface ConfigWithEtag {
  config: ProcessConfig;
  etag: string;
}

export interface ConfigWriteResult extends ConfigWithEtag {
  schedule: ScheduleSync;
}

export type ScheduleView =
  | { status: 'not_scheduled' }
  | { status: 'missing' }
  | { status: 'unavailable'; message: string }
  | ({ status: 'active' | 'paused'; pausedMatchesConfig: boolean } & Omit<ProcessScheduleState, 'nextActionTimes' | 'recentActions'> & {
        nextActionTimes: string[];
        recentActions: { scheduledAt: string; takenAt: string; workflowId: string }[];
      });

const shape = ProcessConfig.shape;
/** The fields an admin writes; tenant, timestamps and (after creation) the paused flag are the server's. */
const editableFields = {
  kind: shape.kind,
  name: shape.name,
  cadence: shape.cadence,
  participantIds: shape.participantIds,
  questions: shape.questions,
  leadTimeDays: shape.leadTimeDays,
  answerWindowDays: shape.answerWindowDays,
  reminderAfterHours: shape.reminderAfterHours,
  escalateAfterHours: shape.escalateAfterHours,
};

export const NewProcessConfigRequest = z
  .object({
    /** Optional client-chosen id: retrying the same request with the same id creates nothing twice. */
    id: Id.optional(),
    accountId: Id,
    ...editableFields,
    /** A config can be created paused; afterwards pause and resume have their own calls. */
    paused: shape.paused,
  })
  .strict();
export type NewProcessConfigRequest = z.input<typeof NewProcessConfigRequest>;

/** A full replacement of the editable fields (omitted optional fields take their defaults; `cadence` omitted is removed). */
export const ProcessConfigUpdate = z.object(editableFields).strict();
export type ProcessConfigUpdate = z.input<typeof ProcessConfigUpdate>;

const isScheduled = (config: Pick<ProcessConfig, 'kind'>) => SCHEDULED_PROCESS_KINDS.includes(config.kind);

/** ETags compare equal when they name the same version, whatever quoting or weak marker the client kept. */
export function sameEtag(stored: string, presented: string): boolean {
  const bare = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  return bare(stored) === bare(presented);
}

const MAX_WRITE_ATTEMPTS = 3;
const CHANGE_REFUSAL = 'only firm admins can change process configs';

export class ProcessConfigService {
  constructor(
    private readonly store: Store,
    private readonly schedules: ProcessScheduleGateway,
    private readonly options: { clock?: () => Date; onSyncFailure?: (configRef: string, error: unknown) => void } = {},
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /**
   * Validates, stores, then creates the schedule. Idempotent by a client-chosen id: a retry with the same
   * content returns the stored config (and re-syncs its schedule, which repairs a failed first attempt).
   */
  async create(viewer: RoleViewer, body: unknown): Promise<ConfigWriteResult & { created: boolean }> {
    requireAdmin(viewer, CHANGE_REFUSAL);
    const request = parseOrThrow(NewProcessConfigRequest, body, 'process config');
    const { record: account } = await visibleAccount(this.store, viewer, request.accountId);
    const now = this.now().toISOString();
    const id = request.id ?? randomUUID();
    const { id: _id, ...fields } = request;
    const config = await this.validated(account, { ...fields, tenantId: viewer.tenantId, id, createdAt: now, updatedAt: now });

    let stored: ConfigWithEtag;
    let created = true;
    try {
      const written = await this.store.records.create('processConfig', config);
      stored = { config: written.record, etag: written.etag };
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      const existing = await this.store.records.get('processConfig', { tenantId: viewer.tenantId, id });
      // The same request, whenever it was written.
      if (!existing || !sameContent(existing.record, config, ['createdAt', 'updatedAt'])) throw new AlreadyExistsError('process config', id);
      stored = { config: existing.record, etag: existing.etag };
      created = false;
    }
    return { ...stored, schedule: await this.sync(stored.config), created };
  }

  async get(viewer: RoleViewer, configId: string): Promise<ConfigWithEtag & { schedule: ScheduleView }> {
    const { config, etag } = await this.readable(viewer, configId);
    return { config, etag, schedule: await this.scheduleView(config) };
  }

  async list(viewer: RoleViewer, accountId: string): Promise<ConfigWithEtag[]> {
    await this.readableAccount(viewer, accountId);
    const found = await this.store.records.list('processConfig', { tenantId: viewer.tenantId, accountId });
    return found.map(({ record, etag }) => ({ config: record, etag }));
  }

  /** Replaces the editable fields of the version the caller read (`ifMatch`); the paused flag is kept. */
  async update(viewer: RoleViewer, configId: string, body: unknown, ifMatch: string): Promise<ConfigWriteResult> {
    requireAdmin(viewer, CHANGE_REFUSAL);
    const request = parseOrThrow(ProcessConfigUpdate, body, 'process config');
    const { config: current, etag, account } = await this.visible(viewer, configId);
    if (!sameEtag(etag, ifMatch)) throw new ConcurrencyError('process config', configId);
    const config = await this.validated(account, {
      ...request,
      tenantId: current.tenantId,
      id: current.id,
      accountId: current.accountId,
      paused: current.paused,
      createdAt: current.createdAt,
      updatedAt: this.now().toISOString(),
    });
    const stored = await this.store.records.replace('processConfig', config, etag);
    return { config: stored.record, etag: stored.etag, schedule: await this.sync(stored.record) };
  }

  async delete(viewer: RoleViewer, configId: string, ifMatch: string): Promise<{ schedule: ScheduleSync }> {
    requireAdmin(viewer, CHANGE_REFUSAL);
    const { config, etag } = await this.visible(viewer, configId);
    if (!sameEtag(etag, ifMatch)) throw new ConcurrencyError('process config', configId);
    await this.store.records.delete('processConfig', { tenantId: config.tenantId, id: config.id, accountId: config.accountId }, etag);
    try {
      return { schedule: { status: 'in_sync', outcome: await this.schedules.remove(config.tenantId, config.id) } };
    } catch (error) {
      return { schedule: this.syncFailed(config, error) };
    }
  }

  async pause(viewer: RoleViewer, configId: string): Promise<ConfigWriteResult> {
    return this.setPaused(viewer, configId, true);
  }

  async resume(viewer: RoleViewer, configId: string): Promise<ConfigWriteResult> {
    return this.setPaused(viewer, configId, false);
  }

  /**
   * Starts one run now, outside the calendar and even while paused. Refused while a run is still open
   * (the schedule's overlap policy would silently drop it otherwise).
   */
  async runNow(viewer: RoleViewer, configId: string): Promise<{ configId: string; accountId: string; scheduleId: string; triggeredAt: string }> {
    requireAdmin(viewer, CHANGE_REFUSAL);
    const { config } = await this.visible(viewer, configId);
    if (!isScheduled(config)) {
      throw new ValidationError('cannot run now', [{ path: 'kind', message: `${config.kind} is started by events (a delegation, a request), not on a calendar` }]);
    }
    let state = await this.schedules.describe(config.tenantId, config.id);
    if (!state) {
      await this.schedules.upsert(config);
      state = await this.schedules.describe(config.tenantId, config.id);
    }
    if (!state) throw new Error(`the schedule of process config ${config.id} could not be created`);
    if (state.runningWorkflowIds.length > 0) throw new ProcessRunInProgressError(config.id, state.runningWorkflowIds);
    const triggeredAt = this.now().toISOString();
    await this.schedules.trigger(config.tenantId, config.id);
    return { configId: config.id, accountId: config.accountId, scheduleId: state.scheduleId, triggeredAt };
  }

  /** The next five runs in the config's zone, and what the schedule itself says when it exists. */
  async preview(viewer: RoleViewer, configId: string, count = 5) {
    const { config } = await this.readable(viewer, configId);
    if (!config.cadence) return { configId: config.id, scheduled: false as const, timeZone: undefined, nextRuns: [] as string[], schedule: { status: 'not_scheduled' } as ScheduleView, offWeekActionTimes: [] as string[] };
    const { cadence } = config;
    const schedule = await this.scheduleView(config);
    // The schedule fires every matching week; with everyNWeeks > 1 the workflow skips the off-weeks, so say which.
    const offWeekActionTimes = 'nextActionTimes' in schedule ? schedule.nextActionTimes.filter((at) => !isScheduledWeek(cadence, new Date(at))) : [];
    return {
      configId: config.id,
      scheduled: true as const,
      timeZone: cadence.timeZone,
      nextRuns: nextRuns(cadence, this.now(), count).map((at) => inZone(at, cadence.timeZone)),
      schedule,
      offWeekActionTimes,
    };
  }

  async runningProcesses(viewer: RoleViewer, accountId: string): Promise<RunningProcess[]> {
    await this.readableAccount(viewer, accountId);
    return this.schedules.listRunningProcesses(viewer.tenantId, accountId);
  }

  private async setPaused(viewer: RoleViewer, configId: string, paused: boolean): Promise<ConfigWriteResult> {
    requireAdmin(viewer, CHANGE_REFUSAL);
    // No If-Match here: pausing is idempotent and touches one flag, so it re-reads and retries on a race.
    for (let attempt = 1; ; attempt++) {
      const { config: current, etag } = await this.visible(viewer, configId);
      let stored: ConfigWithEtag = { config: current, etag };
      try {
        if (current.paused !== paused) {
          const written = await this.store.records.replace('processConfig', { ...current, paused, updatedAt: this.now().toISOString() }, etag);
          stored = { config: written.record, etag: written.etag };
        }
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < MAX_WRITE_ATTEMPTS) continue;
        throw error;
      }
      return { ...stored, schedule: await this.syncPaused(stored.config, viewer) };
    }
  }

  private async syncPaused(config: ProcessConfig, viewer: RoleViewer): Promise<ScheduleSync> {
    if (!isScheduled(config)) return this.sync(config);
    try {
      const note = `${config.paused ? 'paused' : 'resumed'} by ${viewer.personId} at ${this.now().toISOString()}`;
      if (config.paused) await this.schedules.pause(config.tenantId, config.id, note);
      else await this.schedules.resume(config.tenantId, config.id, note);
      return { status: 'in_sync', outcome: 'updated' };
    } catch {
      // Most likely the schedule is missing (an earlier sync failed): a full sync re-creates it in the right state.
      return this.sync(config);
    }
  }

  /** Brings the schedule in line with a stored config; a failure is reported, never thrown (the write stands). */
  private async sync(config: ProcessConfig): Promise<ScheduleSync> {
    try {
      return { status: 'in_sync', outcome: await this.schedules.upsert(config) };
    } catch (error) {
      return this.syncFailed(config, error);
    }
  }

  private syncFailed(config: ProcessConfig, error: unknown): ScheduleSync {
    this.options.onSyncFailure?.(`${config.tenantId}/${config.id}`, error);
    const reason = error instanceof Error ? error.message : String(error);
    return { status: 'sync_failed', message: `the config is saved but its schedule could not be updated (${reason}); it is repaired at the next start-up, or retry the request` };
  }

  private async scheduleView(config: ProcessConfig): Promise<ScheduleView> {
    if (!isScheduled(config)) return { status: 'not_scheduled' };
    let state: ProcessScheduleState | undefined;
    try {
      state = await this.schedules.describe(config.tenantId, config.id);
    } catch (error) {
      return { status: 'unavailable', message: error instanceof Error ? error.message : String(error) };
    }
    if (!state) return { status: 'missing' };
    const zone = config.cadence?.timeZone ?? 'UTC';
    return {
      status: state.paused ? 'paused' : 'active',
      pausedMatchesConfig: state.paused === config.paused,
      scheduleId: state.scheduleId,
      paused: state.paused,
      runningWorkflowIds: state.runningWorkflowIds,
      nextActionTimes: state.nextActionTimes.map((at) => inZone(at, zone)),
      recentActions: state.recentActions.map((action) => ({ scheduledAt: inZone(action.scheduledAt, zone), takenAt: inZone(action.takenAt, zone), workflowId: action.workflowId })),
    };
  }

  /** The full record, validated by its schema and then by the rules that need the account and the calendar. */
  private async validated(account: Account, candidate: Record<string, unknown>): Promise<ProcessConfig> {
    const config = parseOrThrow(ProcessConfig, candidate, 'process config');
    const siblings = await this.store.records.list('processConfig', { tenantId: config.tenantId, accountId: account.id });
    const issues = [...participantIssues(config, account), ...nameIssues(config, siblings.map((found) => found.record)), ...calendarIssues(config, this.now())];
    if (issues.length > 0) throw new ValidationError('invalid process config', issues);
    return config;
  }

  /** A config the viewer may see (walls answer exactly like a missing config), with its account. */
  private async visible(viewer: RoleViewer, configId: string): Promise<ConfigWithEtag & { account: Account }> {
    const found = await visibleRecord(this.store, viewer, 'processConfig', configId, 'process config');
    return { config: found.record, etag: found.etag, account: found.account.record };
  }

  /** Reads are for admins and the account's leaders. */
  private async readable(viewer: RoleViewer, configId: string) {
    const visible = await this.visible(viewer, configId);
    if (!isAdmin(viewer) && !isLeaderOf(visible.account, viewer.personId)) throw new ForbiddenError('only admins and the account’s leadership team can see its process configs');
    return visible;
  }

  private async readableAccount(viewer: RoleViewer, accountId: string): Promise<Account> {
    const { record: account } = await visibleAccount(this.store, viewer, accountId);
    if (!isAdmin(viewer) && !isLeaderOf(account, viewer.personId)) throw new ForbiddenError('only admins and the account’s leadership team can see its processes');
    return account;
  }
}

function participantIssues(config: ProcessConfig, account: Account): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const [index, personId] of config.participantIds.entries()) {
    if (seen.has(personId)) issues.push({ path: `participantIds.${index}`, message: `${personId} is listed twice` });
    else if (!isLeaderOf(account, personId)) issues.push({ path: `participantIds.${index}`, message: `${personId} is not on the leadership team of ${account.name}` });
    seen.add(personId);
  }
  return issues;
}

function nameIssues(config: ProcessConfig, siblings: ProcessConfig[]): FieldIssue[] {
  const key = (name: string) => name.trim().toLocaleLowerCase();
  const clash = siblings.find((sibling) => sibling.id !== config.id && key(sibling.name) === key(config.name));
  return clash ? [{ path: 'name', message: `another process config on this account (${clash.id}) is already called “${clash.name}”` }] : [];
}

/** Lead time and answer window must fit between two runs, or one cycle would still be open when the next begins. */
function calendarIssues(config: ProcessConfig, now: Date): FieldIssue[] {
  if (!config.cadence) return [];
  if (nextRuns(config.cadence, now, 1).length === 0) {
    return [{ path: 'cadence', message: 'never runs: no day in the next eight years matches its daysOfWeek, daysOfMonth and months together' }];
  }
  const gap = shortestGap(config.cadence, now);
  if (!gap) return [];
  const zone = config.cadence.timeZone;
  const described = `${humanDuration(gap.gapMs)}, ${inZone(gap.between[0], zone)} → ${inZone(gap.between[1], zone)}`;
  const issues: FieldIssue[] = [];
  const day = 24 * 3_600_000;
  if (config.leadTimeDays * day >= gap.gapMs) {
    issues.push({ path: 'leadTimeDays', message: `must be shorter than the shortest gap between two runs (${described})` });
  }
  if (config.answerWindowDays * day >= gap.gapMs) {
    issues.push({ path: 'answerWindowDays', message: `must be shorter than the shortest gap between two runs (${described})` });
  }
  return issues;
}

function humanDuration(ms: number): string {
  const { days, hours, minutes } = Duration.fromMillis(ms).shiftTo('days', 'hours', 'minutes').toObject();
  const unit = (count: number | undefined, name: string) => (count ? `${Math.round(count)} ${name}${Math.round(count) === 1 ? '' : 's'}` : '');
  return [unit(days, 'day'), unit(hours, 'hour'), unit(minutes, 'minute')].filter(Boolean).join(' ') || '0 minutes';
}

const inZone = (at: Date, zone: string) => DateTime.fromJSDate(at).setZone(zone).toISO()!;
