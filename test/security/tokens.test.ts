import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { LOCAL_AUDIENCE, localIssuerFor } from '../../bot/src/auth/local-issuer';
import { demoFirm, DEMO_TENANT_ID, SECOND_TENANT_ID } from '../../core/demo/demo-firm';
import type { RecordKind } from '../../core/domain/record-kinds';
import { seedRecords } from '../../core/store/seed';
import { storeSnapshot, waitUntilStill } from '../support/store-snapshot';
import { DEMO_PEOPLE as P, startTestSystem, type TestSystem } from '../support/system-for-tests';

/**
 * Tokens that must not get in, on a system that allows the demo tenant only (ENTRA_ALLOWED_TENANTS): a
 * wrong signature, audience, issuer or algorithm, an expired one, a missing scope, and a real person of
 * another (seeded) tenant. Each is refused with a 401/403 on reads and writes alike, and nothing is read
 * or written: the store — audit log included — and the running workflows are exactly as before.
 * (test/integration/api.test.ts checks the messages of most of these; this checks the allow-list and that
 * a refusal leaves no trace.)
 */
jest.setTimeout(120_000);

let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem({ env: { ENTRA_ALLOWED_TENANTS: DEMO_TENANT_ID } });
  // The other tenant exists, with the same people: only the allow-list keeps it out.
  await seedRecords(t.system.store, demoFirm(new Date(), SECOND_TENANT_ID));
  // The seeded delegations' follow-ups write back on their own (an overdue check-in escalates within
  // seconds of start): cancel them, then wait until the store is still.
  const closeAs = { 'briefing-revenue-recognition': P.alejandro, 'rd-credit-map': P.stephanie, 'cyber-controls-gap': P.peter };
  for (const [id, who] of Object.entries(closeAs)) {
    const closed = await t.call(`/api/delegations/${id}/close`, { as: who, method: 'POST', body: { outcome: 'cancelled' } });
    expect(closed.status).toBe(200);
  }
  await waitUntilStill(snapshot, { intervalMs: 500, stillChecks: 4, maxChecks: 60 });
});

afterAll(async () => {
  await t?.stop();
});

/** Messages the seeded delegations' follow-up workflows send on their own, whatever the requests do. */
const BACKGROUND: RecordKind[] = ['outboundMessage'];

const snapshot = () => storeSnapshot(t.system.store, { tenantIds: [DEMO_TENANT_ID, SECOND_TENANT_ID], except: BACKGROUND });

const running = async () => (await t.system.client.workflow.count('ExecutionStatus="Running"')).count;

const REQUESTS: { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/context?email=sarah.lindqvist@northwind-mfg.com' },
  { method: 'GET', path: '/api/accounts' },
  { method: 'GET', path: '/api/accounts/northwind/dashboard' },
  { method: 'GET', path: '/api/delegations/rd-credit-map' },
  { method: 'GET', path: '/api/audit' },
  { method: 'POST', path: '/api/delegations', body: { accountId: 'northwind', delegateId: 'maya', objective: 'Must not be created', dueDate: '2099-01-31', id: 'token-test-delegation' } },
  { method: 'POST', path: '/api/accounts/northwind/progress', body: { summary: 'Must not be logged', id: 'token-test-progress' } },
  { method: 'POST', path: '/api/accounts/northwind/agenda-items', body: { title: 'Must not be raised', kind: 'update', id: 'token-test-item' } },
];

const call = (token: string | undefined, request: (typeof REQUESTS)[number]) =>
  t.call(request.path, { method: request.method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, ...(request.body !== undefined ? { body: request.body } : {}) });

describe('tokens that must not get in', () => {
  const base = () => ({ tenantId: DEMO_TENANT_ID, objectId: randomUUID(), email: P.alejandro, name: 'Alejandro Ruiz' });

  it('a good token of the allowed tenant gets in (the control)', async () => {
    const token = await t.system.localIssuer!.issue(base());
    expect((await call(token, REQUESTS[0]!)).status).toBe(200);
    expect((await call(token, REQUESTS[1]!)).status).toBe(200);
  });

  const cases: [string, () => Promise<string | undefined>, number[]][] = [
    ['no token', async () => undefined, [401]],
    ['a malformed token', async () => 'not.a-token', [401]],
    [
      'a token signed by another key (same kid)',
      async () => {
        const genuine = await t.system.localIssuer!.issue(base());
        const kid = (JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString()) as { kid?: string }).kid ?? 'local';
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT({ tid: DEMO_TENANT_ID, oid: randomUUID(), preferred_username: P.alejandro, scp: 'access_as_user' })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer(localIssuerFor(DEMO_TENANT_ID))
          .setAudience(LOCAL_AUDIENCE)
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      [401],
    ],
    [
      'a genuine token with its payload altered',
      async () => {
        const [header, payload, signature] = (await t.system.localIssuer!.issue(base())).split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
        return [header, Buffer.from(JSON.stringify({ ...claims, preferred_username: 'grace.kim@hartwell-lowe.example' })).toString('base64url'), signature].join('.');
      },
      [401],
    ],
    [
      'an unsigned token (alg none)',
      async () => {
        const claims = { tid: DEMO_TENANT_ID, oid: randomUUID(), preferred_username: P.alejandro, scp: 'access_as_user', iss: localIssuerFor(DEMO_TENANT_ID), aud: LOCAL_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 };
        return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.x`;
      },
      [401],
    ],
    ['a token for another audience', async () => t.system.localIssuer!.issue({ ...base(), audience: 'api://someone-else' }), [401]],
    ['an expired token', async () => t.system.localIssuer!.issue({ ...base(), expiresIn: '-5m' }), [401]],
    ['a token from another issuer', async () => t.system.localIssuer!.issue({ ...base(), issuer: 'https://login.example/evil/v2.0' }), [401]],
    ['a token without the API scope', async () => t.system.localIssuer!.issue({ ...base(), scope: 'User.Read' }), [403]],
    ['a real person of a tenant not on the allow-list', async () => t.system.localIssuer!.issue({ ...base(), tenantId: SECOND_TENANT_ID }), [401, 403]],
    ['a token claiming the other tenant with the allowed tenant’s issuer', async () => t.system.localIssuer!.issue({ ...base(), tenantId: SECOND_TENANT_ID, issuer: localIssuerFor(DEMO_TENANT_ID) }), [401, 403]],
    ['a person not in the firm', async () => t.system.localIssuer!.issue({ ...base(), email: 'stranger@hartwell-lowe.example' }), [403]],
  ];

  it.each(cases)('refuses %s on every route, and reads and writes nothing', async (_what, token, statuses) => {
    const before = await snapshot();
    const workflows = await running();
    const issued = await token();
    for (const request of REQUESTS) {
      const reply = await call(issued, request);
      expect({ route: `${request.method} ${request.path}`, status: statuses.includes(reply.status) ? 'refused' : reply.status }).toEqual({ route: `${request.method} ${request.path}`, status: 'refused' });
      expect(reply.text).not.toMatch(/Northwind Manufacturing|Sarah Lindqvist|Alejandro Ruiz/);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await snapshot()).toBe(before);
    expect(await running()).toBe(workflows);
  });
});
