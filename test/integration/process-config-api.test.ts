import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { scheduleIdFor } from '../../workflows/src/processes';
import { eventually } from '../support/eventually';
import { DEMO_PEOPLE as P, startTestSystem, type TestSystem } from '../support/system-for-tests';
import { fortnightlyAgenda as sharedAgenda, quarterlyReview as sharedReview, type ConfigOverrides } from '../support/process-configs';

/**
 * The process-config admin API through HTTP with the whole system (SQLite store, a real Temporal server,
 * the worker): what an admin can do, what everyone else cannot, and that bad input changes nothing —
 * neither the store nor the schedules.
 */
jest.setTimeout(120_000);

let t: TestSystem;

const GRACE = P.grace; // the firm's admin
const WANDA = 'wanda.ortiz@hartwell-lowe.example'; // an admin walled off Northwind (added below)
const ALEJANDRO = P.alejandro; // a leader of Northwind, not an admin
const TOM = P.tom; // on Northwind's account team, not a leader
const MARCUS = P.marcus; // walled off Northwind

beforeAll(async () => {
  t = await startTestSystem();
  // An admin who is walled off Northwind, written before the first request so the principal cache sees her.
  const now = new Date().toISOString();
  await t.system.store.records.create('person', {
    tenantId: DEMO_TENANT_ID,
    id: 'wanda',
    name: 'Wanda Ortiz',
    email: WANDA,
    rank: 'director',
    practice: 'firm operations',
    region: 'US West',
    timeZone: 'America/Los_Angeles',
    roles: ['admin'],
    createdAt: now,
    updatedAt: now,
  });
  const northwind = (await t.system.store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'northwind' }))!;
  await t.system.store.records.replace('account', { ...northwind.record, walls: [...northwind.record.walls, 'wanda'], updatedAt: now }, northwind.etag);
});

afterAll(async () => {
  await t?.stop();
});

// Names made unique per call: several tests create configs on the same account.
const fortnightlyAgenda = (overrides: ConfigOverrides = {}) => sharedAgenda({ name: `Leadership agenda ${randomUUID().slice(0, 8)}`, ...overrides });
const quarterlyReview = (overrides: ConfigOverrides = {}) => sharedReview({ name: `Quarterly standards review ${randomUUID().slice(0, 8)}`, ...overrides });

/** The same agenda two hours later in the day: a valid change. */
const atEleven = (body: ReturnType<typeof fortnightlyAgenda>) => ({ ...body, cadence: { ...body.cadence, hour: 11 } });

const editable = (body: Record<string, unknown>) => {
  const { accountId: _account, id: _id, paused: _paused, ...rest } = body;
  return rest;
};

const describeSchedule = (configId: string) => t.system.client.schedule.getHandle(scheduleIdFor(DEMO_TENANT_ID, configId)).describe();

async function scheduleExists(configId: string): Promise<boolean> {
  try {
    await describeSchedule(configId);
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}

/** What must not change when a request is refused: the configs in the store and their schedules. */
async function snapshot() {
  const configs = await t.system.store.records.list('processConfig', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' });
  const schedules = await Promise.all(
    configs.map(async ({ record }) => {
      const described = await describeSchedule(record.id).catch(() => undefined);
      return described && { id: record.id, spec: described.spec, paused: described.state.paused, action: { ...described.action, typedSearchAttributes: undefined } };
    }),
  );
  return canonicalJson({ configs: configs.map(({ record, etag }) => ({ record, etag })), schedules });
}

/** JSON with object keys sorted: the server returns memo and search attribute maps in no fixed order. */
function canonicalJson(value: unknown): string {
  const canonical = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(canonical)
      : item && typeof item === 'object' && !(item instanceof Date)
        ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)).map(([key, field]) => [key, canonical(field)]))
        : item;
  return JSON.stringify(canonical(value));
}

async function create(body: Record<string, unknown>) {
  const created = await t.call('/api/process-configs', { method: 'POST', as: GRACE, body });
  expect(created.status).toBe(201);
  return created;
}

/** Creates a fortnightly agenda config and returns its id and ETag. */
async function createAgenda(): Promise<{ id: string; etag: string }> {
  const created = await create(fortnightlyAgenda());
  return { id: created.body.config.id, etag: created.headers.get('etag')! };
}

describe('an admin manages a process config through the API', () => {
  it('creates, reads, edits, pauses, previews, runs and deletes it, with its schedule following along', async () => {
    const body = fortnightlyAgenda();
    const created = await create(body);
    const id = created.body.config.id as string;
    expect(created.headers.get('etag')).toBe(`"${created.body.etag}"`);
    expect(created.headers.get('location')).toBe(`/api/process-configs/${id}`);
    expect(created.body.config).toMatchObject({ tenantId: DEMO_TENANT_ID, accountId: 'northwind', kind: 'facilitated_agenda', paused: false });
    expect(created.body.schedule).toEqual({ status: 'in_sync', outcome: 'created' });
    expect((await describeSchedule(id)).spec.timezone).toBe('Europe/London');

    const read = await t.call(`/api/process-configs/${id}`, { as: GRACE });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(created.headers.get('etag'));
    expect(read.body.schedule).toMatchObject({ status: 'active', paused: false, pausedMatchesConfig: true });

    // A leader of the account reads it too, and sees it in the account's list.
    const listed = await t.call('/api/accounts/northwind/process-configs', { as: ALEJANDRO });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { config: { id: string } }) => item.config.id)).toContain(id);

    const preview = await t.call(`/api/process-configs/${id}/preview`, { as: GRACE });
    expect(preview.status).toBe(200);
    expect(preview.body.timeZone).toBe('Europe/London');
    expect(preview.body.nextRuns).toHaveLength(5);
    for (const run of preview.body.nextRuns as string[]) expect(run).toMatch(/^\d{4}-\d\d-\d\dT09:00:00\.000\+0[01]:00$/);
    // Consecutive runs are a fortnight apart on the wall clock.
    const [first, second] = (preview.body.nextRuns as string[]).map((run) => Date.parse(run.slice(0, 10)));
    expect((second! - first!) / 86_400_000).toBe(14);
    // The schedule itself fires every Thursday; every other one is an off-week the workflow skips.
    const actionTimes = preview.body.schedule.nextActionTimes as string[];
    expect(actionTimes.length).toBeGreaterThan(2);
    expect(preview.body.offWeekActionTimes.length).toBeGreaterThan(0);
    expect(actionTimes.filter((at) => !preview.body.offWeekActionTimes.includes(at)).slice(0, 2)).toEqual(preview.body.nextRuns.slice(0, 2));

    const edited = await t.call(`/api/process-configs/${id}`, {
      method: 'PUT',
      as: GRACE,
      headers: { 'if-match': read.headers.get('etag')! },
      body: editable(fortnightlyAgenda({ name: body.name, cadence: { timeZone: 'Europe/London', hour: 10, minute: 15, daysOfWeek: [2] } })),
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).not.toBe(read.headers.get('etag'));
    expect(edited.body.schedule).toEqual({ status: 'in_sync', outcome: 'updated' });
    expect((await describeSchedule(id)).spec.calendars?.[0]).toMatchObject({ hour: [{ start: 10 }], minute: [{ start: 15 }], dayOfWeek: [{ start: 'TUESDAY' }] });

    const paused = await t.call(`/api/process-configs/${id}/pause`, { method: 'POST', as: GRACE });
    expect(paused.status).toBe(200);
    expect(paused.body.config.paused).toBe(true);
    expect((await describeSchedule(id)).state.paused).toBe(true);
    // An edit does not unpause.
    const editedWhilePaused = await t.call(`/api/process-configs/${id}`, {
      method: 'PUT',
      as: GRACE,
      headers: { 'if-match': paused.headers.get('etag')! },
      body: editable(fortnightlyAgenda({ name: body.name, leadTimeDays: 4 })),
    });
    expect(editedWhilePaused.status).toBe(200);
    expect(editedWhilePaused.body.config).toMatchObject({ paused: true, leadTimeDays: 4 });
    expect((await describeSchedule(id)).state.paused).toBe(true);
    const resumed = await t.call(`/api/process-configs/${id}/resume`, { method: 'POST', as: GRACE });
    expect(resumed.body.config.paused).toBe(false);
    expect((await describeSchedule(id)).state.paused).toBe(false);

    const deleted = await t.call(`/api/process-configs/${id}`, { method: 'DELETE', as: GRACE, headers: { 'if-match': resumed.headers.get('etag')! } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: id, schedule: { status: 'in_sync', outcome: 'deleted' } });
    expect(await scheduleExists(id)).toBe(false);
    expect((await t.call(`/api/process-configs/${id}`, { as: GRACE })).status).toBe(404);
  });

  it('runs a scheduled process now and lists the account’s running processes', async () => {
    const created = await create(quarterlyReview());
    const id = created.body.config.id as string;
    const run = await t.call(`/api/process-configs/${id}/run`, { method: 'POST', as: GRACE });
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ configId: id, accountId: 'northwind', scheduleId: scheduleIdFor(DEMO_TENANT_ID, id) });
    expect(run.headers.get('location')).toBe('/api/accounts/northwind/processes');

    // The schedule records the run it started, under its own id plus the time.
    const recent = await eventually(async () => {
      const actions: { workflowId: string }[] = (await t.call(`/api/process-configs/${id}`, { as: GRACE })).body.schedule.recentActions;
      return actions.length > 0 ? actions : undefined;
    }, `a recent action on the schedule of ${id}`, 20_000, 250);
    expect(recent[0]?.workflowId.startsWith(`${scheduleIdFor(DEMO_TENANT_ID, id)}-`)).toBe(true);
    const described = await t.system.client.workflow.getHandle(recent[0]!.workflowId).describe();
    expect(described.type).toBe('standardsReview');

    // The demo's open delegations are being followed up: they are among Northwind's running processes.
    const processes = await t.call('/api/accounts/northwind/processes', { as: ALEJANDRO });
    expect(processes.status).toBe(200);
    expect(processes.body.processes.some((process: { kind: string }) => process.kind === 'delegation_follow_up')).toBe(true);
    expect((await t.call('/api/accounts/northwind/processes', { as: TOM })).status).toBe(403);

    const followUpPolicy = await create({ accountId: 'northwind', kind: 'delegation_follow_up', name: `Follow-up policy ${randomUUID().slice(0, 8)}`, participantIds: ['alejandro'] });
    const refused = await t.call(`/api/process-configs/${followUpPolicy.body.config.id}/run`, { method: 'POST', as: GRACE });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/started by events/);
  });

  it('creates nothing twice when a client retries a create with the same id', async () => {
    const body = quarterlyReview({ id: `review-${randomUUID()}` });
    expect((await t.call('/api/process-configs', { method: 'POST', as: GRACE, body })).status).toBe(201);
    const before = await snapshot();
    const retried = await t.call('/api/process-configs', { method: 'POST', as: GRACE, body });
    expect(retried.status).toBe(200);
    expect(retried.body.schedule).toEqual({ status: 'in_sync', outcome: 'unchanged' });
    expect(await snapshot()).toBe(before);
    const different = await t.call('/api/process-configs', { method: 'POST', as: GRACE, body: { ...body, leadTimeDays: 5 } });
    expect(different.status).toBe(409);
  });
});

describe('who may do what', () => {
  let id: string;
  let etag: string;
  beforeAll(async () => {
    ({ id, etag } = await createAgenda());
  });

  it('refuses every write from a non-admin with 403 and changes nothing', async () => {
    const before = await snapshot();
    const writes: [string, string, Record<string, unknown> | undefined, Record<string, string>][] = [
      ['POST', '/api/process-configs', fortnightlyAgenda(), {}],
      ['PUT', `/api/process-configs/${id}`, editable(atEleven(fortnightlyAgenda())), { 'if-match': etag }],
      ['DELETE', `/api/process-configs/${id}`, undefined, { 'if-match': etag }],
      ['POST', `/api/process-configs/${id}/pause`, undefined, {}],
      ['POST', `/api/process-configs/${id}/run`, undefined, {}],
    ];
    for (const [method, path, body, headers] of writes) {
      const response = await t.call(path, { method, as: ALEJANDRO, headers, ...(body ? { body } : {}) });
      expect([method, path, response.status]).toEqual([method, path, 403]);
      expect(response.body.error.message).toMatch(/only firm admins/);
    }
    expect(await snapshot()).toBe(before);
  });

  it('lets admins and the account’s leaders read, but not other members', async () => {
    expect((await t.call(`/api/process-configs/${id}`, { as: ALEJANDRO })).status).toBe(200);
    expect((await t.call(`/api/process-configs/${id}/preview`, { as: ALEJANDRO })).status).toBe(200);
    expect((await t.call(`/api/process-configs/${id}`, { as: TOM })).status).toBe(403);
    expect((await t.call('/api/accounts/northwind/process-configs', { as: TOM })).status).toBe(403);
  });

  it('answers a walled admin or partner exactly as for a config that does not exist', async () => {
    const before = await snapshot();
    const missing = await t.call('/api/process-configs/no-such-config', { as: WANDA });
    expect(missing.status).toBe(404);
    const walled = await t.call(`/api/process-configs/${id}`, { as: WANDA });
    expect(walled.status).toBe(404);
    expect(walled.text).toBe(missing.text.replace('no-such-config', id));
    expect((await t.call(`/api/process-configs/${id}`, { as: MARCUS })).status).toBe(404);
    expect((await t.call('/api/accounts/northwind/process-configs', { as: WANDA })).status).toBe(404);
    expect((await t.call('/api/accounts/northwind/processes', { as: MARCUS })).status).toBe(404);
    expect((await t.call('/api/process-configs', { method: 'POST', as: WANDA, body: fortnightlyAgenda() })).status).toBe(404);
    expect((await t.call(`/api/process-configs/${id}`, { method: 'PUT', as: WANDA, headers: { 'if-match': etag }, body: editable(fortnightlyAgenda()) })).status).toBe(404);
    expect((await t.call(`/api/process-configs/${id}/pause`, { method: 'POST', as: WANDA })).status).toBe(404);
    expect((await t.call(`/api/process-configs/${id}`, { method: 'DELETE', as: WANDA, headers: { 'if-match': etag } })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});

describe('bad input gets a specific 4xx and changes neither the store nor the schedules', () => {
  const newId = () => `bad-${randomUUID()}`;
  const creates: [string, Record<string, unknown>, number, RegExp][] = [
    ['an unknown field', { ...fortnightlyAgenda(), priority: 'high' }, 400, /Unrecognized key.*priority/],
    ['a zone that does not exist', fortnightlyAgenda({ cadence: { timeZone: 'Mars/Base', hour: 9, daysOfWeek: [4] } }), 400, /cadence\.timeZone must be an IANA time zone/],
    ['a participant who is not on the leadership team', fortnightlyAgenda({ participantIds: ['alejandro', 'tom'] }), 400, /participantIds\.1 tom is not on the leadership team of Northwind Manufacturing/],
    ['escalation before the reminder', fortnightlyAgenda({ reminderAfterHours: 24, escalateAfterHours: 12 }), 400, /escalateAfterHours must be later than reminderAfterHours/],
    ['a standards review without a cadence', quarterlyReview({ cadence: undefined }), 400, /cadence is required for standards_review/],
    ['a cadence on a delegation follow-up', fortnightlyAgenda({ kind: 'delegation_follow_up' }), 400, /delegation_follow_up is started by events.*remove the cadence/],
    ['a lead time as long as the gap between meetings', fortnightlyAgenda({ cadence: { timeZone: 'Europe/London', hour: 9, daysOfWeek: [1, 4] } }), 400, /leadTimeDays must be shorter than the shortest gap between two runs \(3 days/],
    ['an answer window longer than a quarter', quarterlyReview({ answerWindowDays: 30, cadence: { timeZone: 'UTC', hour: 8, daysOfWeek: [1] } }), 400, /answerWindowDays must be shorter/],
    ['a cadence that never runs', quarterlyReview({ cadence: { timeZone: 'UTC', hour: 8, daysOfMonth: [31], months: [2] } }), 400, /cadence never runs/],
    ['an account that does not exist', fortnightlyAgenda({ accountId: 'no-such-account' }), 404, /account no-such-account not found/],
  ];

  it.each(creates)('POST with %s', async (_name, body, status, message) => {
    const before = await snapshot();
    const id = newId();
    const response = await t.call('/api/process-configs', { method: 'POST', as: GRACE, body: { ...body, id } });
    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body.error)).toMatch(message);
    expect(await snapshot()).toBe(before);
    expect(await scheduleExists(id)).toBe(false);
  });

  it('POST with a name already used on the account', async () => {
    const existing = await create(quarterlyReview());
    const before = await snapshot();
    const response = await t.call('/api/process-configs', { method: 'POST', as: GRACE, body: quarterlyReview({ name: existing.body.config.name.toUpperCase() }) });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/name another process config on this account .* is already called/);
    expect(await snapshot()).toBe(before);
  });

  describe('writes to an existing config', () => {
    let id: string;
    let etag: string;
    beforeAll(async () => {
      ({ id, etag } = await createAgenda());
      // Make the stored etag differ from the first one, so a stale one is at hand.
      const paused = await t.call(`/api/process-configs/${id}/pause`, { method: 'POST', as: GRACE });
      const resumed = await t.call(`/api/process-configs/${id}/resume`, { method: 'POST', as: GRACE });
      expect(paused.headers.get('etag')).not.toBe(etag);
      etag = resumed.headers.get('etag')!;
    });
    const stale = '"not-the-current-version"';

    const writes: [string, () => { method: string; headers: Record<string, string>; body?: unknown }, number, RegExp][] = [
      ['PUT without If-Match', () => ({ method: 'PUT', headers: {}, body: editable(atEleven(fortnightlyAgenda())) }), 428, /If-Match header is required/],
      ['DELETE without If-Match', () => ({ method: 'DELETE', headers: {} }), 428, /If-Match header is required/],
      ['PUT with a stale If-Match', () => ({ method: 'PUT', headers: { 'if-match': stale }, body: editable(fortnightlyAgenda()) }), 409, /changed by someone else/],
      ['DELETE with a stale If-Match', () => ({ method: 'DELETE', headers: { 'if-match': stale } }), 409, /changed by someone else/],
      ['PUT with If-Match: *', () => ({ method: 'PUT', headers: { 'if-match': '*' }, body: editable(fortnightlyAgenda()) }), 400, /If-Match must be the one ETag/],
      ['PUT that tries to move the config to another account', () => ({ method: 'PUT', headers: { 'if-match': etag }, body: { ...editable(fortnightlyAgenda()), accountId: 'globex' } }), 400, /Unrecognized key.*accountId/],
      ['PUT that sets the paused flag', () => ({ method: 'PUT', headers: { 'if-match': etag }, body: { ...editable(fortnightlyAgenda()), paused: true } }), 400, /Unrecognized key.*paused/],
      ['PUT with a participant off the team', () => ({ method: 'PUT', headers: { 'if-match': etag }, body: editable(fortnightlyAgenda({ participantIds: ['maya'] })) }), 400, /participantIds\.0 maya is not on the leadership team/],
      ['PUT with a bad zone', () => ({ method: 'PUT', headers: { 'if-match': etag }, body: editable(fortnightlyAgenda({ cadence: { timeZone: 'Mars/Base', hour: 9, daysOfWeek: [4] } })) }), 400, /timeZone/],
      ['PUT with an empty body', () => ({ method: 'PUT', headers: { 'if-match': etag } }), 400, /request body is required/],
    ];

    it.each(writes)('%s', async (_name, request, status, message) => {
      const before = await snapshot();
      const { method, headers, body } = request();
      const response = await t.call(`/api/process-configs/${id}`, { method, as: GRACE, headers, ...(body !== undefined ? { body } : {}) });
      expect(response.status).toBe(status);
      expect(JSON.stringify(response.body.error)).toMatch(message);
      expect(await snapshot()).toBe(before);
    });
  });
});
