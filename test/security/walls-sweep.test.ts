import { randomUUID } from 'node:crypto';
import { demoFirm, DEMO_TENANT_ID, SECOND_TENANT_ID, type SeedRecord } from '../../core/demo/demo-firm';
import { seedRecords } from '../../core/store/seed';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system-for-tests';

/**
 * The walls sweep: every read route, for every person of the demo firm and of a second tenant, against
 * every account of the demo firm. A person walled off an account, or from another tenant, must get
 * exactly the answer given for an account (or record) that does not exist, and no trace of the account
 * (its id, name, contacts) anywhere in any body. Prints routes covered, requests made and leaks found.
 */
jest.setTimeout(240_000);

/**
 * Every GET route under /api, from the README's API table and bot/src/api/*.ts. A new GET route fails
 * the completeness test below until it is added here (and so swept).
 */
const READ_ROUTES = [
  '/api/me',
  '/api/context',
  '/api/accounts',
  '/api/accounts/:accountId/agenda',
  '/api/accounts/:accountId/dashboard',
  '/api/accounts/:accountId/process-configs',
  '/api/accounts/:accountId/processes',
  '/api/delegations/:id',
  '/api/feedback-requests/:id',
  '/api/process-configs/:id',
  '/api/process-configs/:id/preview',
  '/api/imports',
  '/api/imports/columns',
  '/api/imports/:id',
  '/api/audit',
] as const;

/** Routes keyed by an account id in the path. */
const ACCOUNT_ROUTES = ['/api/accounts/:accountId/agenda', '/api/accounts/:accountId/dashboard', '/api/accounts/:accountId/process-configs', '/api/accounts/:accountId/processes'];
/** Routes that list or describe the caller's whole tenant: scanned for traces of accounts they may not see. */
const LIST_ROUTES = ['/api/me', '/api/accounts', '/api/imports', '/api/imports/columns', '/api/audit'];

/** The second tenant: the demo firm again, with its accounts and contacts renamed so a trace of the first tenant is recognisable. */
function secondTenant(now: Date): SeedRecord[] {
  const renames: [RegExp, string][] = [
    [/"northwind"/g, '"zephyr"'],
    [/"globex"/g, '"initech"'],
    [/Northwind Manufacturing/g, 'Zephyr Holdings'],
    [/Globex Logistics/g, 'Initech Freight'],
    [/Northwind/g, 'Zephyr'],
    [/Globex/g, 'Initech'],
    [/northwind-mfg\.com/g, 'zephyr-holdings.example'],
    [/northwind\.eu/g, 'zephyr.example'],
    [/globex-logistics\.com/g, 'initech-freight.example'],
    [/Sarah Lindqvist/g, 'Selma Arnarsdottir'],
    [/sarah\.lindqvist/g, 'selma.arnarsdottir'],
    [/James Okafor/g, 'Jonas Ekwueme'],
    [/james\.okafor|j\.okafor/g, 'jonas.ekwueme'],
    [/Li Wei/g, 'Lan Zhou'],
    [/li\.wei/g, 'lan.zhou'],
  ];
  let json = JSON.stringify(demoFirm(now, SECOND_TENANT_ID));
  for (const [pattern, replacement] of renames) json = json.replace(pattern, replacement);
  // Record ids of their own too, so a first-tenant id asked for in the second tenant is one that does not exist there.
  return (JSON.parse(json) as SeedRecord[]).map((seed) => (seed.kind === 'delegation' ? ({ ...seed, record: { ...seed.record, id: `second-${seed.record.id}` } } as SeedRecord) : seed));
}

interface Caller {
  label: string;
  tenantId: string;
  personId: string;
  email: string;
  token: string;
}
interface Target {
  id: string;
  name: string;
  walls: string[];
  contactNames: string[];
  contactEmails: string[];
  delegationIds: string[];
}

let t: TestSystem;
const callers: Caller[] = [];
const targets: Target[] = [];
const fixtures = { feedbackIds: [] as string[], configIds: [] as string[], importIds: [] as string[], reviewIds: [] as string[] };
const stats = { requests: 0, routes: new Set<string>(), leaks: [] as string[] };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function get(path: string, token: string, route: string, init: { method?: string; body?: unknown } = {}) {
  stats.requests++;
  stats.routes.add(`${init.method ?? 'GET'} ${route}`);
  const { status, text } = await t.call(path, { method: init.method ?? 'GET', headers: bearer(token), ...(init.body !== undefined ? { body: init.body } : {}) });
  return { status, text };
}

const canSee = (caller: Caller, target: Target) => caller.tenantId === DEMO_TENANT_ID && !target.walls.includes(caller.personId);

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normalise = (text: string, id: string) => [id, id.trim(), id.trim().toLowerCase()].reduce((normalised, variant) => normalised.split(variant).join('<ID>'), text);

/** Traces of the target in a body: its name, its contacts' names and addresses, its id as a JSON value or path segment. */
function traces(text: string, target: Target, { ids = true, emails = true } = {}): string[] {
  const found = [target.name, ...target.contactNames].filter((needle) => text.includes(needle));
  if (emails) found.push(...target.contactEmails.filter((needle) => text.toLowerCase().includes(needle.toLowerCase())));
  if (ids && new RegExp(`"${escape(target.id)}"|/${escape(target.id)}[/"]`).test(text)) found.push(`id ${target.id}`);
  return found;
}

function leak(what: string) {
  stats.leaks.push(what);
}

/** Compares the answer for a hidden record with the answer for one that does not exist. */
function compare(caller: Caller, what: string, real: { status: number; text: string }, realId: string, baseline: { status: number; text: string }, baselineId: string, target: Target) {
  if (real.status >= 500) leak(`${caller.label} ${what}: ${real.status}`);
  if (real.status !== baseline.status) leak(`${caller.label} ${what}: status ${real.status}, not-found gives ${baseline.status}`);
  else if (normalise(real.text, realId) !== normalise(baseline.text, baselineId)) leak(`${caller.label} ${what}: body ${real.text.slice(0, 200)} differs from ${baseline.text.slice(0, 200)}`);
  const found = traces(normalise(real.text, realId), target);
  if (found.length > 0) leak(`${caller.label} ${what}: body names ${found.join(', ')}`);
}

beforeAll(async () => {
  t = await startTestSystem();
  const store = t.system.store;
  await seedRecords(store, secondTenant(new Date()));

  for (const tenantId of [DEMO_TENANT_ID, SECOND_TENANT_ID]) {
    for (const { record: person } of await store.records.list('person', { tenantId })) {
      const token = await t.system.localIssuer!.issue({ tenantId, objectId: randomUUID(), email: person.email, name: person.name });
      callers.push({ label: `${tenantId === DEMO_TENANT_ID ? 'demo' : 'second'}:${person.id}`, tenantId, personId: person.id, email: person.email, token });
    }
  }
  for (const { record: account } of await store.records.list('account', { tenantId: DEMO_TENANT_ID })) {
    const contacts = (await store.records.list('contact', { tenantId: DEMO_TENANT_ID, accountId: account.id })).map(({ record }) => record);
    const delegations = (await store.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: account.id })).map(({ record }) => record.id);
    targets.push({ id: account.id, name: account.name, walls: account.walls, contactNames: contacts.map((contact) => contact.name), contactEmails: contacts.flatMap((contact) => contact.emails), delegationIds: delegations });
  }

  // Records behind the id routes, all on Northwind (the walled account), made by those entitled to.
  const as = (personId: string) => callers.find((caller) => caller.tenantId === DEMO_TENANT_ID && caller.personId === personId)!.token;
  const post = (path: string, personId: string, body?: unknown) => t.call(path, { method: 'POST', headers: bearer(as(personId)), ...(body !== undefined ? { body } : {}) });
  const eventAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const feedback = await post('/api/feedback-requests', 'alejandro', { id: 'sweep-feedback', accountId: 'northwind', peerIds: ['stephanie', 'peter'], event: 'Audit Committee pitch', eventAt });
  expect(feedback.status).toBe(201);
  fixtures.feedbackIds.push('sweep-feedback');
  const config = await post('/api/process-configs', 'grace', {
    accountId: 'northwind',
    kind: 'standards_review',
    name: 'Sweep standards review',
    cadence: { timeZone: 'America/Chicago', hour: 8, daysOfMonth: [1], months: [1, 4, 7, 10] },
    participantIds: ['alejandro', 'stephanie', 'peter'],
  });
  expect(config.status).toBe(201);
  const configId: string = config.body.config.id;
  fixtures.configIds.push(configId);
  expect((await post(`/api/process-configs/${configId}/run`, 'grace')).status).toBeLessThan(300);
  const review = await eventually(async () => {
    const reviews = await store.records.list('standardsReview', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' });
    return reviews.find((found) => found.record.configId === configId)?.record;
  }, `the standards review of config ${configId} to open`, 30_000, 250);
  fixtures.reviewIds.push(review.id);
  const imported = await post('/api/imports', 'grace', { kind: 'contacts', csv: 'accountId,email,name,timeZone\nnorthwind,imported.person@northwind-mfg.com,Imported Person,Europe/London\n' });
  expect({ status: imported.status, jobId: typeof imported.body?.jobId }).toEqual({ status: 202, jobId: 'string' });
  fixtures.importIds.push(imported.body.jobId);
});

afterAll(async () => {
  await t?.stop();
});

describe('the walls sweep', () => {
  it('covers every GET route the server has under /api', () => {
    const tree = t.system.app.printRoutes({ method: 'GET', commonPrefix: false });
    // Rebuild full paths from the printed tree: indentation (in steps of 4) gives the depth.
    const served: string[] = [];
    const stack: string[] = [];
    for (const line of tree.split('\n')) {
      const match = /^([│ ]*)(?:[├└]── )?(\S+)(?: \((.*)\))?/.exec(line);
      if (!match || !match[2]) continue;
      const depth = Math.floor(match[1]!.length / 4);
      stack.length = depth;
      stack.push(match[2]);
      if (match[3] && /\bGET\b/.test(match[3])) served.push(stack.join(''));
    }
    for (const route of READ_ROUTES) expect(t.system.app.hasRoute({ method: 'GET', url: route })).toBe(true);
    const unswept = served.filter((route) => route.startsWith('/api') && !(READ_ROUTES as readonly string[]).includes(route));
    expect(served.length).toBeGreaterThanOrEqual(READ_ROUTES.length);
    console.log(`walls sweep: the server has ${served.filter((route) => route.startsWith('/api')).length} GET routes under /api, ${READ_ROUTES.length} in the sweep's table`);
    expect(unswept).toEqual([]);
  });

  it('finds no leak for any person, tenant and account', async () => {
    expect(targets.map((target) => target.id).sort()).toEqual(['globex', 'northwind']);
    expect(fixtures.reviewIds).toHaveLength(1); // the review-answer route is swept against a real review, not only the not-found
    expect(callers.filter((caller) => caller.tenantId === SECOND_TENANT_ID).length).toBeGreaterThan(0);
    let hiddenPairs = 0;

    for (const caller of callers) {
      // Tenant-wide reads: no trace of an account the caller may not see.
      for (const route of LIST_ROUTES) {
        const reply = await get(route, caller.token, route);
        if (reply.status >= 500) leak(`${caller.label} GET ${route}: ${reply.status}`);
        for (const target of targets.filter((candidate) => !canSee(caller, candidate))) {
          // The audit log echoes addresses and ids the caller's own tenant asked about: only names count there.
          const found = traces(reply.text, target, route === '/api/audit' ? { ids: false, emails: false } : {});
          if (found.length > 0) leak(`${caller.label} GET ${route}: names ${found.join(', ')}`);
        }
      }
      // Tenant-wide ids: another tenant's import job is a plain not-found.
      const missingImport = await get('/api/imports/no-such-import-0000', caller.token, '/api/imports/:id');
      for (const id of fixtures.importIds) {
        const reply = await get(`/api/imports/${id}`, caller.token, '/api/imports/:id');
        if (caller.tenantId !== DEMO_TENANT_ID) compare(caller, `GET /api/imports/${id}`, reply, id, missingImport, 'no-such-import-0000', targets.find((target) => target.id === 'northwind')!);
        else if (reply.status >= 500) leak(`${caller.label} GET /api/imports/${id}: ${reply.status}`);
      }

      const missingAccount = 'no-such-account-0000';
      const baselines = new Map<string, { status: number; text: string }>();
      for (const route of ACCOUNT_ROUTES) baselines.set(route, await get(route.replace(':accountId', missingAccount), caller.token, route));
      const unknownEmail = 'nobody.at.all@unknown-domain-0000.example';
      const contextBaseline = await get(`/api/context?email=${encodeURIComponent(unknownEmail)}`, caller.token, '/api/context');
      const idBaselines = new Map<string, { status: number; text: string; id: string }>();
      const missingId = 'no-such-record-0000';
      for (const route of ['/api/delegations/:id', '/api/feedback-requests/:id', '/api/process-configs/:id', '/api/process-configs/:id/preview']) {
        idBaselines.set(route, { ...(await get(route.replace(':id', missingId), caller.token, route)), id: missingId });
      }
      const reviewBody = { answerId: 'sweep-answer', ratings: { 'tensions-on-agenda': 3 }, roleClarity: 3 };
      const reviewBaseline = await get(`/api/reviews/${missingId}/answers`, caller.token, '/api/reviews/:id/answers', { method: 'POST', body: reviewBody });

      for (const target of targets) {
        const hidden = !canSee(caller, target);
        if (hidden) hiddenPairs++;
        const check = (what: string, reply: { status: number; text: string }, realId: string, baseline: { status: number; text: string }, baselineId: string) => {
          if (hidden) compare(caller, what, reply, realId, baseline, baselineId, target);
          else if (reply.status >= 500) leak(`${caller.label} ${what}: ${reply.status}`);
        };
        for (const route of ACCOUNT_ROUTES) {
          const path = route.replace(':accountId', target.id);
          check(`GET ${path}`, await get(path, caller.token, route), target.id, baselines.get(route)!, missingAccount);
        }
        for (const email of target.contactEmails) {
          for (const variant of [email, email.toUpperCase(), ` ${email} `]) {
            const reply = await get(`/api/context?email=${encodeURIComponent(variant)}`, caller.token, '/api/context');
            check(`GET /api/context?email=${variant}`, reply, variant, contextBaseline, unknownEmail);
          }
        }
        if (target.id !== 'northwind') continue;
        const byId: [string, string[]][] = [
          ['/api/delegations/:id', target.delegationIds],
          ['/api/feedback-requests/:id', fixtures.feedbackIds],
          ['/api/process-configs/:id', fixtures.configIds],
          ['/api/process-configs/:id/preview', fixtures.configIds],
        ];
        for (const [route, ids] of byId) {
          for (const id of ids) {
            const baseline = idBaselines.get(route)!;
            check(`GET ${route.replace(':id', id)}`, await get(route.replace(':id', id), caller.token, route), id, baseline, baseline.id);
          }
        }
        // Reviews have no GET: a hidden caller's answer must be refused exactly like one to a missing review.
        if (hidden) {
          for (const id of fixtures.reviewIds) {
            compare(caller, `POST /api/reviews/${id}/answers`, await get(`/api/reviews/${id}/answers`, caller.token, '/api/reviews/:id/answers', { method: 'POST', body: reviewBody }), id, reviewBaseline, missingId, target);
          }
        }
      }
    }

    const summary = `walls sweep: ${stats.routes.size} routes covered, ${callers.length} people (2 tenants) × ${targets.length} accounts (${hiddenPairs} hidden pairs), ${stats.requests} requests made, ${stats.leaks.length} leaks found`;
    console.log([summary, ...stats.leaks.slice(0, 50)].join('\n'));
    expect(hiddenPairs).toBeGreaterThan(callers.length);
    expect(stats.leaks).toEqual([]);
  });
});
