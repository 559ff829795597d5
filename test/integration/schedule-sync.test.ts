import { randomUUID } from 'node:crypto';
import { Client, Connection, ScheduleNotFoundError, type ScheduleDescription } from '@temporalio/client';
import { demoFirm } from '../../core/demo/demo-firm';
import { ProcessConfigService, ProcessRunInProgressError } from '../../core/services/process-config-service';
import type { RoleViewer } from '../../core/services/viewer';
import type { ProcessScheduleGateway } from '../../core/services/process-schedule-gateway';
import type { Store } from '../../core/store/ports';
import { seedRecords } from '../../core/store/seed';
import { scheduleIdFor } from '../../workflows/src/processes';
import { ACCOUNT_ID, PROCESS_KIND, TENANT_ID } from '../../workflows/src/search-attributes';
import { CATCHUP_WINDOW_MS, TemporalProcessSchedules } from '../../workflows/src/schedules/schedule-sync';
import { sqliteHarness } from '../support/sqlite-harness';
import { startTestTemporal, type TestTemporal } from '../support/temporal-for-tests';
import { eventually } from '../support/eventually';
import { fortnightlyAgenda, quarterlyReview } from '../support/process-configs';

/**
 * Process configs against a real Temporal dev server (no worker: the schedules start workflows that
 * simply wait for one). Each test works in its own tenant, so the schedules of one never meet another's.
 */
jest.setTimeout(120_000);

let temporal: TestTemporal;
let connection: Connection;
let client: Client;
let store: Store;
const harness = sqliteHarness();
const taskQueue = `schedule-sync-${randomUUID()}`;
let schedules: TemporalProcessSchedules;

beforeAll(async () => {
  temporal = await startTestTemporal();
  connection = await Connection.connect(temporal.connectionOptions);
  client = new Client({ connection, namespace: temporal.namespace });
  store = await harness.open();
  schedules = new TemporalProcessSchedules(client, taskQueue);
});

afterAll(async () => {
  await store?.close();
  await connection?.close();
  await temporal?.stop();
  await harness.dispose();
});

/** A fresh copy of the demo firm in a tenant of its own; Grace is its admin. */
async function freshTenant(): Promise<{ tenantId: string; admin: RoleViewer }> {
  const tenantId = `t-${randomUUID()}`;
  await seedRecords(store, demoFirm(new Date(), tenantId));
  return { tenantId, admin: { tenantId, personId: 'grace', roles: ['member', 'admin'] } };
}

/** The calendar the schedule assertions below check: every second Thursday at 09:00 London time. */
const LONDON_THURSDAYS = { timeZone: 'Europe/London', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2025-03-13' };

const describe_ = (tenantId: string, configId: string) => client.schedule.getHandle(scheduleIdFor(tenantId, configId)).describe();

async function exists(tenantId: string, configId: string): Promise<boolean> {
  try {
    await describe_(tenantId, configId);
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}


const calendarOf = (description: ScheduleDescription) => description.spec.calendars?.[0];

describe('a process config and its Temporal Schedule', () => {
  it('creates the schedule with the calendar in the config’s zone, the workflow action and the search attributes', async () => {
    const { tenantId, admin } = await freshTenant();
    const service = new ProcessConfigService(store, schedules);
    const { config, schedule } = await service.create(admin, fortnightlyAgenda({ name: 'Leadership meeting agenda', cadence: LONDON_THURSDAYS }));
    expect(schedule).toEqual({ status: 'in_sync', outcome: 'created' });

    const described = await describe_(tenantId, config.id);
    expect(described.scheduleId).toBe(`process/${tenantId}/${config.id}`);
    expect(described.spec.timezone).toBe('Europe/London');
    expect(calendarOf(described)).toMatchObject({
      second: [{ start: 0, end: 0 }],
      minute: [{ start: 0, end: 0 }],
      hour: [{ start: 9, end: 9 }],
      dayOfWeek: [{ start: 'THURSDAY', end: 'THURSDAY' }],
      dayOfMonth: [{ start: 1, end: 31 }],
      month: [{ start: 'JANUARY', end: 'DECEMBER' }],
    });
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'facilitatedAgenda',
      taskQueue,
      workflowId: described.scheduleId,
      args: [{ tenantId, accountId: 'northwind', configId: config.id }],
      memo: { configName: 'Leadership meeting agenda', processKind: 'facilitated_agenda' },
    });
    for (const attributes of [described.typedSearchAttributes, described.action.typedSearchAttributes]) {
      const typed = Array.isArray(attributes) ? attributes : attributes!.getAll();
      expect(typed.map(({ key, value }) => [key.name, value]).sort()).toEqual([
        [ACCOUNT_ID.name, 'northwind'],
        [PROCESS_KIND.name, 'facilitated_agenda'],
        [TENANT_ID.name, tenantId],
      ]);
    }
    expect(described.policies).toEqual({ overlap: 'SKIP', catchupWindow: CATCHUP_WINDOW_MS, pauseOnFailure: false });
    expect(described.state.paused).toBe(false);
    // Every firing is a Thursday at 09:00 on London's wall clock (the workflow skips the off-weeks).
    for (const at of described.info.nextActionTimes) {
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(at)).toBe('Thursday 09:00');
    }
  });

  it('updates the schedule when the cadence is edited, and leaves an unchanged one alone', async () => {
    const { tenantId, admin } = await freshTenant();
    const service = new ProcessConfigService(store, schedules);
    const created = await service.create(admin, fortnightlyAgenda());
    const { accountId: _account, ...editable } = fortnightlyAgenda({ cadence: { timeZone: 'America/Chicago', hour: 7, minute: 30, daysOfWeek: [1] } });
    const edited = await service.update(admin, created.config.id, editable, created.etag);
    expect(edited.schedule).toEqual({ status: 'in_sync', outcome: 'updated' });
    const described = await describe_(tenantId, created.config.id);
    expect(described.spec.timezone).toBe('America/Chicago');
    expect(calendarOf(described)).toMatchObject({ hour: [{ start: 7, end: 7 }], minute: [{ start: 30, end: 30 }], dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY' }] });
    expect(await schedules.upsert(edited.config)).toBe('unchanged');
  });

  it('keeps a paused schedule paused through an edit, and resumes it on request', async () => {
    const { tenantId, admin } = await freshTenant();
    const service = new ProcessConfigService(store, schedules);
    const created = await service.create(admin, fortnightlyAgenda());
    const paused = await service.pause(admin, created.config.id);
    expect(paused.config.paused).toBe(true);
    expect((await describe_(tenantId, created.config.id)).state.paused).toBe(true);

    const { accountId: _account, ...editable } = fortnightlyAgenda({ name: 'Renamed agenda', cadence: { timeZone: 'Europe/London', hour: 10, daysOfWeek: [2] } });
    const edited = await service.update(admin, created.config.id, editable, paused.etag);
    expect(edited.config.paused).toBe(true);
    const described = await describe_(tenantId, created.config.id);
    expect(described.state.paused).toBe(true);
    expect(calendarOf(described)).toMatchObject({ hour: [{ start: 10, end: 10 }], dayOfWeek: [{ start: 'TUESDAY' }] });
    expect(described.action.memo).toEqual({ configName: 'Renamed agenda', processKind: 'facilitated_agenda' });

    await service.resume(admin, created.config.id);
    expect((await describe_(tenantId, created.config.id)).state.paused).toBe(false);
  });

  it('creates a config paused when asked, and deletes the schedule with the config', async () => {
    const { tenantId, admin } = await freshTenant();
    const service = new ProcessConfigService(store, schedules);
    const created = await service.create(admin, fortnightlyAgenda({ paused: true }));
    expect((await describe_(tenantId, created.config.id)).state.paused).toBe(true);
    expect(await service.delete(admin, created.config.id, created.etag)).toEqual({ schedule: { status: 'in_sync', outcome: 'deleted' } });
    expect(await exists(tenantId, created.config.id)).toBe(false);
    expect(await store.records.get('processConfig', { tenantId, id: created.config.id })).toBeUndefined();
  });

  it('gives event-started kinds no schedule, and removes the schedule when a config stops being scheduled', async () => {
    const { tenantId, admin } = await freshTenant();
    const service = new ProcessConfigService(store, schedules);
    const followUps = await service.create(admin, { accountId: 'northwind', kind: 'delegation_follow_up', name: 'Follow-up policy', participantIds: ['alejandro'] });
    expect(followUps.schedule).toEqual({ status: 'in_sync', outcome: 'absent' });
    expect(await exists(tenantId, followUps.config.id)).toBe(false);

    const review = await service.create(admin, quarterlyReview({ name: 'Quarterly review', participantIds: ['alejandro', 'peter'] }));
    expect(await exists(tenantId, review.config.id)).toBe(true);
    const changed = await service.update(admin, review.config.id, { kind: 'peer_feedback', name: 'Quarterly review', participantIds: ['alejandro', 'peter'] }, review.etag);
    expect(changed.schedule).toEqual({ status: 'in_sync', outcome: 'deleted' });
    expect(await exists(tenantId, review.config.id)).toBe(false);
  });

  it('starts a run of the right workflow type on "run now", and refuses a second while it is open', async () => {
    const { tenantId, admin } = await freshTenant();
    const service = new ProcessConfigService(store, schedules);
    const review = await service.create(admin, quarterlyReview({ name: 'Quarterly review', participantIds: ['alejandro', 'peter'], paused: true }));
    const { scheduleId } = await service.runNow(admin, review.config.id);
    expect(scheduleId).toBe(scheduleIdFor(tenantId, review.config.id));

    const started = await eventually(async () => {
      for await (const execution of client.workflow.list({ query: `TenantId = "${tenantId}" AND ProcessKind = "standards_review"` })) return execution;
      return undefined;
    }, 'the triggered workflow to be listed');
    expect(started.type).toBe('standardsReview');
    expect(started.workflowId.startsWith(`${scheduleId}-`)).toBe(true);
    expect(started.taskQueue).toBe(taskQueue);
    expect(started.memo).toEqual({ configName: 'Quarterly review', processKind: 'standards_review' });
    expect(await service.runningProcesses(admin, 'northwind')).toEqual([{ workflowId: started.workflowId, type: 'standardsReview', startTime: started.startTime, kind: 'standards_review' }]);

    await expect(service.runNow(admin, review.config.id)).rejects.toBeInstanceOf(ProcessRunInProgressError);
    // The paused calendar stays paused: run-now is a one-off.
    expect((await describe_(tenantId, review.config.id)).state.paused).toBe(true);
  });

  it('reports a schedule it could not sync, keeps the config, and a reconcile pass repairs it', async () => {
    const { tenantId, admin } = await freshTenant();
    const failures: string[] = [];
    const broken: ProcessScheduleGateway = { ...bound(schedules), upsert: async () => Promise.reject(new Error('temporal unavailable')) };
    const service = new ProcessConfigService(store, broken, { onSyncFailure: (ref) => failures.push(ref) });
    const created = await service.create(admin, fortnightlyAgenda());
    expect(created.schedule).toMatchObject({ status: 'sync_failed', message: expect.stringMatching(/saved.*temporal unavailable.*repaired/) });
    expect(failures).toEqual([`${tenantId}/${created.config.id}`]);
    expect(await store.records.get('processConfig', { tenantId, id: created.config.id })).toBeDefined();
    expect(await exists(tenantId, created.config.id)).toBe(false);
    expect((await new ProcessConfigService(store, schedules).get(admin, created.config.id)).schedule).toEqual({ status: 'missing' });

    const report = await schedules.reconcile(store, { tenantIds: [tenantId] });
    expect(report.created).toEqual([scheduleIdFor(tenantId, created.config.id)]);
    expect(await exists(tenantId, created.config.id)).toBe(true);
  });
});

describe('reconciliation', () => {
  it('re-creates a deleted schedule, deletes an orphan, puts a hand-edited one back and leaves the rest alone', async () => {
    const { tenantId, admin } = await freshTenant();
    const service = new ProcessConfigService(store, schedules);
    const deletedBehindOurBack = await service.create(admin, fortnightlyAgenda({ name: 'Agenda A' }));
    const editedByHand = await service.create(admin, fortnightlyAgenda({ name: 'Agenda B', cadence: LONDON_THURSDAYS }));
    const untouched = await service.create(admin, fortnightlyAgenda({ name: 'Agenda C', paused: true }));

    await client.schedule.getHandle(scheduleIdFor(tenantId, deletedBehindOurBack.config.id)).delete();
    await client.schedule.getHandle(scheduleIdFor(tenantId, editedByHand.config.id)).update((previous) => ({
      ...previous,
      spec: { calendars: [{ hour: 17, dayOfWeek: 'FRIDAY' }], timezone: 'UTC' },
      action: { ...previous.action, taskQueue: 'somewhere-else' },
      state: { paused: true, note: 'paused by hand in the Temporal UI' },
    }));
    const orphanId = scheduleIdFor(tenantId, 'no-such-config');
    await client.schedule.create({
      scheduleId: orphanId,
      spec: { calendars: [{ hour: 9, dayOfWeek: 'MONDAY' }] },
      action: { type: 'startWorkflow', workflowType: 'standardsReview', args: [], taskQueue },
    });
    // Orphans are found through the (eventually consistent) schedule listing.
    await eventually(async () => {
      for await (const schedule of client.schedule.list()) if (schedule.scheduleId === orphanId) return true;
      return undefined;
    }, 'the orphan to be listed');

    const report = await schedules.reconcile(store, { tenantIds: [tenantId] });
    expect(report).toEqual({
      created: [scheduleIdFor(tenantId, deletedBehindOurBack.config.id)],
      updated: [scheduleIdFor(tenantId, editedByHand.config.id)],
      deleted: [orphanId],
      unchanged: [scheduleIdFor(tenantId, untouched.config.id)],
      failed: [],
    });

    expect(await exists(tenantId, deletedBehindOurBack.config.id)).toBe(true);
    const repaired = await describe_(tenantId, editedByHand.config.id);
    expect(repaired.spec.timezone).toBe('Europe/London');
    expect(calendarOf(repaired)).toMatchObject({ hour: [{ start: 9, end: 9 }], dayOfWeek: [{ start: 'THURSDAY' }] });
    expect(repaired.action.taskQueue).toBe(taskQueue);
    expect(repaired.state.paused).toBe(false);
    expect(await exists(tenantId, 'no-such-config')).toBe(false);
    expect((await describe_(tenantId, untouched.config.id)).state.paused).toBe(true);

    // A second pass finds nothing to do.
    const again = await schedules.reconcile(store, { tenantIds: [tenantId] });
    expect({ created: again.created, updated: again.updated, deleted: again.deleted, failed: again.failed }).toEqual({ created: [], updated: [], deleted: [], failed: [] });
    expect(again.unchanged).toHaveLength(3);
  });

  it('leaves schedules of tenants outside its scope alone', async () => {
    const { tenantId } = await freshTenant();
    const other = await freshTenant();
    const orphanId = scheduleIdFor(other.tenantId, 'someone-elses');
    await client.schedule.create({ scheduleId: orphanId, spec: { calendars: [{ hour: 9 }] }, action: { type: 'startWorkflow', workflowType: 'standardsReview', args: [], taskQueue } });
    await eventually(async () => {
      for await (const schedule of client.schedule.list()) if (schedule.scheduleId === orphanId) return true;
      return undefined;
    }, 'the schedule to be listed');
    expect((await schedules.reconcile(store, { tenantIds: [tenantId] })).deleted).toEqual([]);
    expect(await exists(other.tenantId, 'someone-elses')).toBe(true);
  });
});

/** The gateway's methods bound to it, so a test can override one and keep the rest. */
function bound(gateway: TemporalProcessSchedules): ProcessScheduleGateway {
  return {
    upsert: (config) => gateway.upsert(config),
    remove: (tenantId, configId) => gateway.remove(tenantId, configId),
    pause: (tenantId, configId, note) => gateway.pause(tenantId, configId, note),
    resume: (tenantId, configId, note) => gateway.resume(tenantId, configId, note),
    trigger: (tenantId, configId) => gateway.trigger(tenantId, configId),
    describe: (tenantId, configId) => gateway.describe(tenantId, configId),
    listRunningProcesses: (tenantId, accountId) => gateway.listRunningProcesses(tenantId, accountId),
  };
}
