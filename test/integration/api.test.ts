import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { DEMO_TENANT_ID, SECOND_TENANT_ID } from '../../core/demo/demo-firm';
import { LOCAL_AUDIENCE, localIssuerFor } from '../../bot/src/auth/local-issuer';
import { eventually } from '../support/eventually';
import { DEMO_PEOPLE as P, startTestSystem, type TestSystem } from '../support/system-for-tests';

/**
 * The whole system as `npm start` runs it — SQLite store, a real Temporal server, the worker and the
 * HTTP server — driven over HTTP with real tokens.
 */
jest.setTimeout(120_000);

let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem();
});

afterAll(async () => {
  await t?.stop();
});

/** The Authorization header for a token made by hand (forged, expired, another tenant's). */
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function delegationCount(): Promise<number> {
  return (await t.system.store.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).length;
}

describe('health', () => {
  it('reports temporal, store and worker as ok', async () => {
    const { status, body } = await t.call('/healthz');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', temporal: { status: 'ok' }, store: { status: 'ok' }, worker: { status: 'ok' } });
  });
});

describe('the pages’ sign-in configuration', () => {
  it('is public and says local mode', async () => {
    const { status, body } = await t.call('/auth-config.json');
    expect(status).toBe(200);
    expect(body).toEqual({ mode: 'local' });
  });
});

describe('GET /api/context', () => {
  it('returns the demo contact’s full context to a partner', async () => {
    const { status, body } = await t.call('/api/context?email=Sarah.Lindqvist%2Bboard@northwind-mfg.com', { as: P.alejandro });
    expect(status).toBe(200);
    expect(body.contact.name).toBe('Sarah Lindqvist');
    expect(body.account.name).toBe('Northwind Manufacturing');
    expect(body.accountableLead.name).toBe('Alejandro Ruiz');
    expect(body.openDelegations).toHaveLength(3);
    expect(body.nextMeeting.items).toHaveLength(2);
    expect(body.goals[0].latestProgress.value).toBe(6);
  });

  it('answers a walled partner exactly as it answers for an unknown sender', async () => {
    const walled = await t.call('/api/context?email=sarah.lindqvist@northwind-mfg.com', { as: P.marcus });
    const unknown = await t.call('/api/context?email=nobody@unknown-client.example', { as: P.marcus });
    expect(walled.status).toBe(404);
    expect(walled.text).toBe(unknown.text);
    // The same partner sees an account he is not walled from.
    expect((await t.call('/api/context?email=li.wei@globex-logistics.com', { as: P.marcus })).status).toBe(200);
  });

  it('names a malformed or missing email', async () => {
    const as = P.alejandro;
    const malformed = await t.call('/api/context?email=not-an-address', { as });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('email.invalid');
    const missing = await t.call('/api/context', { as });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/email query parameter is required/);
  });
});

describe('authentication', () => {
  const path = '/api/context?email=sarah.lindqvist@northwind-mfg.com';

  it('refuses a request without a token', async () => {
    const { status, body } = await t.call(path);
    expect(status).toBe(401);
    expect(body.error.message).toMatch(/missing Authorization header/);
  });

  it('refuses a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ tid: DEMO_TENANT_ID, oid: randomUUID(), preferred_username: P.alejandro, scp: 'access_as_user' })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
      .setIssuer(localIssuerFor(DEMO_TENANT_ID))
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    const { status, body } = await t.call(path, { headers: bearer(forged) });
    expect(status).toBe(401);
    expect(body.error.message).toMatch(/unknown key|signature/);
  });

  it('refuses an expired token, a wrong audience and a missing scope', async () => {
    const base = { tenantId: DEMO_TENANT_ID, objectId: randomUUID(), email: P.alejandro, name: 'A' };
    expect((await t.call(path, { headers: bearer(await t.system.localIssuer!.issue({ ...base, expiresIn: '-5m' })) })).body.error.message).toMatch(/expired/);
    expect((await t.call(path, { headers: bearer(await t.system.localIssuer!.issue({ ...base, audience: 'api://someone-else' })) })).body.error.message).toMatch(/aud/);
    const noScope = await t.call(path, { headers: bearer(await t.system.localIssuer!.issue({ ...base, scope: 'User.Read' })) });
    expect(noScope.status).toBe(403);
  });

  it('refuses a person who is not in the firm, and another tenant’s identity', async () => {
    expect((await t.call(path, { as: 'stranger@hartwell-lowe.example' })).status).toBe(403);
    expect((await t.call(path, { headers: bearer(await t.tokenFor(P.alejandro, SECOND_TENANT_ID)) })).status).toBe(403);
  });
});

const valid = () => ({ accountId: 'northwind', delegateId: 'tom', objective: 'Prepare the transfer-pricing memo for the CFO', dueDate: '2099-01-31' });

describe('delegations through the workflow engine', () => {
  it('stores a delegation and starts its follow-up workflow, listable by tenant', async () => {
    const created = await t.call('/api/delegations', { method: 'POST', as: P.stephanie, body: valid() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ delegatorId: 'stephanie', delegateId: 'tom', status: 'active', checkInEveryDays: 7 });

    const read = await t.call(`/api/delegations/${created.body.id}`, { as: P.tom });
    expect(read.status).toBe(200);
    expect(read.body.followUp).toMatchObject({ phase: 'waiting_for_check_in', checkInsReceived: 0, delegationId: created.body.id });

    const listed: string[] = [];
    for await (const execution of t.system.client.workflow.list({ query: `TenantId = "${DEMO_TENANT_ID}" AND ProcessKind = "delegation_follow_up"` })) listed.push(execution.workflowId);
    expect(listed).toContain(created.body.workflowId);
  });

  it('takes a check-in from the delegate and refuses one from anyone else', async () => {
    const created = await t.call('/api/delegations', { method: 'POST', as: P.alejandro, body: { ...valid(), delegateId: 'maya' } });
    const id = created.body.id as string;
    const refused = await t.call(`/api/delegations/${id}/check-ins`, { method: 'POST', as: P.tom, body: { checkInId: 'c1', status: 'active' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/only the delegate/);

    const checkIn = { checkInId: 'week-1', clientUpdates: 'Committee moved to Tuesday', questions: 'Include Q3 numbers?', status: 'at_risk' };
    const accepted = await t.call(`/api/delegations/${id}/check-ins`, { method: 'POST', as: P.maya, body: checkIn });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ checkInsReceived: 1, status: 'at_risk' });
    // A retried check-in with the same id changes nothing.
    expect((await t.call(`/api/delegations/${id}/check-ins`, { method: 'POST', as: P.maya, body: checkIn })).body.checkInsReceived).toBe(1);
    const stored = await t.system.store.records.get('delegation', { tenantId: DEMO_TENANT_ID, id });
    expect(stored?.record.checkIns.map((item) => item.id)).toEqual(['week-1']);
    expect(stored?.record.status).toBe('at_risk');
  });

  it('creates nothing twice when a client retries with the same id', async () => {
    const body = { ...valid(), id: `retry-${randomUUID()}` };
    const as = P.stephanie;
    expect((await t.call('/api/delegations', { method: 'POST', as, body })).status).toBe(201);
    const before = await delegationCount();
    expect((await t.call('/api/delegations', { method: 'POST', as, body })).status).toBe(200);
    expect(await delegationCount()).toBe(before);
  });

  it('escalates a seeded delegation’s overdue check-in once, counting from its latest check-in', async () => {
    // rd-credit-map's last check-in was 13 days ago on a weekly cadence: one check-in is overdue.
    const escalations = async () =>
      (await t.system.store.records.list('outboundMessage', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).filter(
        (found) => found.record.purpose === 'check_in_escalation' && found.record.payload.delegationId === 'rd-credit-map',
      ).length;
    await eventually(async () => ((await escalations()) > 0 ? true : undefined), 'the escalation of rd-credit-map', 20_000, 200);
    // Long enough for a second overdue period to run through prompt, reminder and escalation (~3 s here).
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await escalations()).toBe(1);
  });

  it('hides a delegation on a walled account behind a plain not-found', async () => {
    const { status } = await t.call('/api/delegations/rd-credit-map', { as: P.marcus });
    expect(status).toBe(404);
  });

  describe('refuses bad input with a specific 4xx and writes nothing', () => {
    const cases: [string, { rawBody?: string; body?: unknown; headers?: Record<string, string> }, number, RegExp][] = [
      ['invalid JSON', { rawBody: '{"accountId": "northwind",' }, 400, /not valid JSON/],
      ['an unknown field', { body: { ...valid(), priority: 'urgent' } }, 400, /priority/],
      ['a missing field', { body: { accountId: 'northwind', delegateId: 'tom', dueDate: '2099-01-31' } }, 400, /objective/],
      ['a wrong type', { body: { ...valid(), checkInEveryDays: 'weekly' } }, 400, /checkInEveryDays/],
      ['a date in the past', { body: { ...valid(), dueDate: '2001-01-01' } }, 400, /dueDate must not be in the past/],
      ['a delegate outside the account', { body: { ...valid(), delegateId: 'marcus' } }, 400, /delegateId/],
      ['a body over 1 MB', { body: { ...valid(), objective: 'x'.repeat(1_100_000) } }, 413, /larger than 1 MB/],
      ['an empty body', { rawBody: '' }, 400, /body/],
    ];
    it.each(cases)('%s', async (_name, input, status, message) => {
      const before = await delegationCount();
      const response = await t.call('/api/delegations', { method: 'POST', as: P.stephanie, ...input });
      expect(response.status).toBe(status);
      expect(JSON.stringify(response.body.error)).toMatch(message);
      expect(await delegationCount()).toBe(before);
    });

    it('a walled partner cannot delegate on the account', async () => {
      const before = await delegationCount();
      const response = await t.call('/api/delegations', { method: 'POST', as: P.marcus, body: valid() });
      expect(response.status).toBe(404);
      expect(await delegationCount()).toBe(before);
    });
  });
});

describe('notes from Outlook', () => {
  it('logs progress on a goal, once per client id', async () => {
    const as = P.alejandro;
    const body = { id: 'progress-from-email-1', summary: 'CFO confirmed the R&D credit scope', goalId: 'profit-growth', value: 8, sentiment: 'good', source: { kind: 'email', reference: 'RE: R&D credits' } };
    const created = await t.call('/api/accounts/northwind/progress', { method: 'POST', as, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ authorId: 'alejandro', goalId: 'profit-growth', value: 8 });
    expect((await t.call('/api/accounts/northwind/progress', { method: 'POST', as, body })).status).toBe(200);
    const context = await t.call('/api/context?email=sarah.lindqvist@northwind-mfg.com', { as });
    expect(context.body.goals.find((goal: { id: string }) => goal.id === 'profit-growth').latestProgress.summary).toBe('CFO confirmed the R&D credit scope');
  });

  it('refuses progress on an unknown goal, from someone off the account, or behind a wall', async () => {
    const body = { summary: 'x', goalId: 'no-such-goal' };
    const unknownGoal = await t.call('/api/accounts/northwind/progress', { method: 'POST', as: P.alejandro, body });
    expect(unknownGoal.status).toBe(400);
    expect(unknownGoal.body.error.message).toMatch(/no-such-goal is not a goal/);
    expect((await t.call('/api/accounts/northwind/progress', { method: 'POST', as: P.grace, body: { summary: 'x' } })).status).toBe(403);
    expect((await t.call('/api/accounts/northwind/progress', { method: 'POST', as: P.marcus, body: { summary: 'x' } })).status).toBe(404);
  });

  it('lists the accounts a person may see, walls applied', async () => {
    const mine = await t.call('/api/accounts', { as: P.alejandro });
    expect(mine.body.items.map((account: { id: string }) => account.id)).toEqual(['globex', 'northwind']);
    const walled = await t.call('/api/accounts', { as: P.marcus });
    expect(walled.body.items.map((account: { id: string }) => account.id)).toEqual(['globex']);
  });

  it('links an unknown sender as a contact, who then has context', async () => {
    const as = P.alejandro;
    const linked = await t.call('/api/accounts/northwind/contacts', { method: 'POST', as, body: { email: 'Olga.Berg@Northwind-MFG.com', name: 'Olga Berg', title: 'Head of Internal Audit', timeZone: 'Europe/Stockholm' } });
    expect(linked.status).toBe(201);
    const context = await t.call('/api/context?email=olga.berg@northwind-mfg.com', { as });
    expect(context.body.contact.name).toBe('Olga Berg');
    expect(context.body.matchedBy).toBe('email');
    const again = await t.call('/api/accounts/northwind/contacts', { method: 'POST', as, body: { email: 'olga.berg@northwind-mfg.com', name: 'Olga' } });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/already belongs to a client contact/);
    const badZone = await t.call('/api/accounts/northwind/contacts', { method: 'POST', as, body: { email: 'x@northwind-mfg.com', name: 'X', timeZone: 'Mars/Base' } });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.message).toMatch(/timeZone/);
  });
});

describe('the audit log', () => {
  it('records context reads and writes with who, what and when, for admins to read', async () => {
    await t.call('/api/context?email=james.okafor@northwind-mfg.com', { as: P.alejandro });
    const log = await t.call('/api/audit', { as: P.grace });
    expect(log.status).toBe(200);
    const read = log.body.items.find((entry: { target: { email?: string } }) => entry.target.email === 'james.okafor@northwind-mfg.com');
    expect(read).toMatchObject({ actorId: 'alejandro', action: 'GET /api/context', status: 200 });
    expect(log.body.items.some((entry: { action: string; actorId: string }) => entry.action === 'POST /api/delegations' && entry.actorId === 'stephanie')).toBe(true);
    expect((await t.call('/api/audit', { as: P.alejandro })).status).toBe(403);
    expect((await t.call('/api/audit?since=yesterday', { as: P.grace })).status).toBe(400);
  });
});

describe('the bot endpoint', () => {
  it('answers help', async () => {
    const activity = {
      type: 'message',
      id: randomUUID(),
      text: 'help',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/unused',
      deliveryMode: 'expectReplies',
      from: { id: 'user-1', name: 'Alejandro Ruiz' },
      recipient: { id: 'bot', name: 'Account Teams' },
      conversation: { id: 'conversation-1', conversationType: 'personal' },
    };
    const response = await t.call('/api/messages', { method: 'POST', body: activity });
    expect(response.status).toBe(200);
    const replies = response.body.activities as { text: string }[];
    expect(replies[0]?.text).toMatch(/delegate @person <task> by <date>/);
  });
});

describe('a restart', () => {
  it('keeps delegations and their running follow-ups', async () => {
    const created = await t.call('/api/delegations', { method: 'POST', as: P.alejandro, body: { ...valid(), delegateId: 'priya' } });
    await t.restart();
    const read = await t.call(`/api/delegations/${created.body.id}`, { as: P.alejandro });
    expect(read.status).toBe(200);
    expect(read.body.followUp).toMatchObject({ phase: 'waiting_for_check_in' });
  });
});
