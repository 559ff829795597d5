import fc from 'fast-check';
import { CARD_PAYLOADS, CARD_VERBS, parseCardAction } from '../../bot/src/cards/verbs';
import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { ValidationError } from '../../core/errors';
import type { RecordKind } from '../../core/domain/record-kinds';
import { eventually } from '../support/eventually';
import { storeSnapshot, waitUntilStill } from '../support/store-snapshot';
import { DEMO_PEOPLE as P, startTestSystem, type TestSystem } from '../support/system-for-tests';

/**
 * Bad input, generated: every write route and every GET route with a query or path parameter gets random
 * JSON, wrong types, unknown fields, huge strings, deep nesting, broken UTF-8, "NaN"/"Infinity", missing
 * bodies and wrong content types. Never a 5xx; a refused request (4xx) changes nothing in the store (count
 * and etag of every record of every kind of the demo tenant) and starts no workflow. parseCardAction either
 * returns a valid action or throws a ValidationError. Prints the number of cases tried.
 */
jest.setTimeout(300_000);

const NUM_RUNS = 60;
let t: TestSystem;
let cases = 0;
const tokens = new Map<string, string>();
let reviewId = '';
let configId = '';

/** Kinds written by the system on its own (the audit trail records refused requests too, by design) or by running workflows. */
const UNWATCHED: RecordKind[] = ['auditEntry', 'outboundMessage', 'conversationReference', 'interaction'];

const snapshot = () => storeSnapshot(t.system.store, { except: UNWATCHED });

async function runningWorkflows(): Promise<number> {
  return (await t.system.client.workflow.count('ExecutionStatus="Running"')).count;
}

interface Sent {
  body?: unknown;
  raw?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

async function send(method: string, path: string, as: string, input: Sent) {
  cases++;
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(as)!}`, ...input.headers };
  let body: string | Uint8Array | undefined = input.raw;
  if (input.body !== undefined) body = JSON.stringify(input.body);
  if (body !== undefined || input.contentType) headers['content-type'] = input.contentType ?? 'application/json';
  const response = await fetch(`${t.system.url}${path}`, { method, headers, ...(body !== undefined ? { body: body as RequestInit['body'] } : {}) });
  return { status: response.status, text: await response.text() };
}

// ---- generators ----
const nasty = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-0', '', ' ', '\u0000', '\uD800', 'a\uDFFFb', '\uFEFF', '../../etc/passwd', '%00', '${x}', '{{x}}', '<script>', 'null', 'true', '__proto__', 'constructor');
const hugeString = fc.integer({ min: 1_000, max: 300_000 }).map((length) => 'x'.repeat(length));
// Nested values JSON.stringify can still write; deeper nesting goes as raw text (see bodies()).
const deep = fc.integer({ min: 20, max: 300 }).chain((depth) =>
  fc.constantFrom('object', 'array').map((shape) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = shape === 'object' ? { a: value } : [value];
    return value;
  }),
);
const deepRaw = fc.tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.boolean()).map(([depth, object]) => (object ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`));
const scalar = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER));
const anyValue = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: hugeString }, { weight: 1, arbitrary: deep }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) });

/** A body built from a valid one: a field wrong, missing or unknown, or the whole body replaced. */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<Sent> {
  const keys = Object.keys(valid);
  const mutated = fc.oneof(
    fc.tuple(fc.constantFrom(...keys), anyValue).map(([key, value]) => ({ body: { ...valid, [key]: value } })),
    fc.constantFrom(...keys).map((key) => ({ body: Object.fromEntries(Object.entries(valid).filter(([name]) => name !== key)) })),
    fc.tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'tenantId', 'walls', 'roles', 'status')), anyValue).map(([key, value]): Sent => ({ raw: `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},${JSON.stringify(valid).slice(1)}` })),
    anyValue.map((body) => ({ body })),
  );
  const raw = fc.oneof(
    fc.constant<Sent>({}),
    fc.constant<Sent>({ raw: '' }),
    fc.constant<Sent>({ raw: 'null' }),
    fc.string({ maxLength: 60 }).map((text): Sent => ({ raw: text })),
    fc.string({ maxLength: 60 }).map((text): Sent => ({ raw: `{"a": ${text}` })),
    fc.constantFrom('{"a":NaN}', '{"a":Infinity}', '[1,2', '{"__proto__":{"admin":true}}').map((text): Sent => ({ raw: text })),
    deepRaw.map((text): Sent => ({ raw: text })),
    fc.tuple(fc.constantFrom(...keys), deepRaw).map(([key, text]): Sent => ({ raw: `{${JSON.stringify(key)}:${text},${JSON.stringify(valid).slice(1)}` })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes): Sent => ({ raw: Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...bytes, 0xc3, 0x28, 0xff, 0x22, 0x7d]) })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1').map((contentType): Sent => ({ raw: JSON.stringify(valid), contentType })),
  );
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: raw });
}

const segment = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), nasty.filter((value) => value.length > 0), fc.integer({ min: 129, max: 300 }).map((length) => 'i'.repeat(length)));
/** Percent-encodes a path segment; a lone surrogate becomes the invalid UTF-8 byte %FF. */
const enc = (value: string) =>
  Array.from(value)
    .map((char) => (/^[\uD800-\uDFFF]$/.test(char) ? '%FF' : encodeURIComponent(char)))
    .join('');

const tally = { refused: 0, accepted: 0 };

/**
 * Sends each generated request; never a 5xx, and a refusal changes no record and, on a route that starts
 * or signals workflows, leaves as many running as before it.
 */
async function property<T>(name: string, arbitrary: fc.Arbitrary<T>, request: (value: T) => Promise<{ status: number; text: string }>, workflowBacked = false) {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const before = await snapshot();
      const workflowsBefore = workflowBacked ? await runningWorkflows() : 0;
      const reply = await request(value);
      if (reply.status >= 500) throw new Error(`${name}: ${reply.status} ${reply.text.slice(0, 300)}`);
      if (reply.status >= 400) {
        tally.refused++;
        const after = await snapshot();
        if (after !== before) {
          const changed = after.split('\n').filter((line) => !before.split('\n').includes(line));
          throw new Error(`${name}: refused with ${reply.status} (${reply.text.slice(0, 200)}) yet the store changed: ${changed.join(' | ').slice(0, 600)}`);
        }
        if (workflowBacked) {
          const workflowsAfter = await runningWorkflows();
          if (workflowsAfter !== workflowsBefore) throw new Error(`${name}: refused with ${reply.status} (${reply.text.slice(0, 200)}) yet ${workflowsAfter} workflows run, ${workflowsBefore} before it`);
        }
      } else {
        tally.accepted++;
        await settle(); // what an accepted request started (a workflow writing back) must not show up as the next refusal's change
      }
    }),
    { numRuns: NUM_RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
  );
}

beforeAll(async () => {
  t = await startTestSystem();
  for (const email of Object.values(P)) tokens.set(email, await t.tokenFor(email));
  const eventAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const feedback = await t.call('/api/feedback-requests', { as: P.alejandro, method: 'POST', body: { id: 'fuzz-feedback', accountId: 'northwind', peerIds: ['stephanie', 'peter'], event: 'Pitch', eventAt } });
  expect(feedback.status).toBe(201);
  const config = await t.call('/api/process-configs', {
    as: P.grace,
    method: 'POST',
    body: { accountId: 'northwind', kind: 'standards_review', name: 'Fuzz review', cadence: { timeZone: 'America/Chicago', hour: 8, daysOfMonth: [1], months: [1, 4, 7, 10] }, participantIds: ['alejandro', 'stephanie', 'peter'] },
  });
  expect(config.status).toBe(201);
  configId = config.body.config.id;
  expect((await t.call(`/api/process-configs/${configId}/run`, { as: P.grace, method: 'POST' })).status).toBeLessThan(300);
  reviewId = await eventually(async () => {
    const reviews = await t.system.store.records.list('standardsReview', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' });
    return reviews.find((review) => review.record.configId === configId)?.record.id;
  }, `the standards review of config ${configId} to open`, 20_000, 250);
  // The seeded delegations' follow-ups write back on their own (an overdue check-in escalates within
  // seconds of start): cancel them, and fuzz check-ins and closing on a fresh delegation instead.
  for (const [id, who] of [['briefing-revenue-recognition', P.alejandro], ['rd-credit-map', P.stephanie], ['cyber-controls-gap', P.peter]] as const) {
    expect((await t.call(`/api/delegations/${id}/close`, { as: who, method: 'POST', body: { outcome: 'cancelled' } })).status).toBe(200);
  }
  const fresh = await t.call('/api/delegations', { as: P.stephanie, method: 'POST', body: { id: 'fuzz-delegation', accountId: 'northwind', delegateId: 'tom', objective: 'Fuzzed', dueDate: day(60), checkInEveryDays: 7 } });
  expect(fresh.status).toBe(201);
  await settle();
});

/**
 * Waits until what an accepted request started is over: every import job finished (an import writes in
 * batches, with pauses between them), then the store and the number of running workflows still.
 */
async function settle() {
  await eventually(async () => ((await t.system.store.records.list('importJob', { tenantId: DEMO_TENANT_ID })).every(({ record }) => record.phase === 'done' || record.phase === 'failed') ? true : undefined), 'every import job to finish', 60_000, 100);
  await waitUntilStill(async () => `${await snapshot()}\nrunning:${await runningWorkflows()}`, { intervalMs: 300, stillChecks: 1, maxChecks: 20 });
}

afterAll(async () => {
  console.log(`bad-input fuzz: ${cases} HTTP cases tried (${tally.refused} refused, ${tally.accepted} accepted), ${cardCases} card payloads parsed — ${cases + cardCases} fuzz cases in all`);
  await t?.stop();
});

const now = () => new Date();
const day = (offset: number) => new Date(now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);

describe('write routes refuse bad bodies with a 4xx and change nothing', () => {
  const writes: [string, string, string, () => Record<string, unknown>, boolean][] = [
    ['POST', '/api/delegations', P.alejandro, () => ({ accountId: 'northwind', delegateId: 'maya', objective: 'Draft the pack', dueDate: day(30), checkInEveryDays: 7, stretchNote: 'x' }), true],
    ['POST', '/api/delegations/fuzz-delegation/check-ins', P.tom, () => ({ checkInId: 'fuzz-check-in', status: 'active', clientUpdates: 'x', questions: 'y' }), true],
    ['POST', '/api/delegations/fuzz-delegation/close', P.stephanie, () => ({ outcome: 'done' }), true],
    ['POST', '/api/accounts/northwind/progress', P.alejandro, () => ({ summary: 'x', goalId: 'profit-growth', value: 1, sentiment: 'win', source: { kind: 'email' } }), false],
    ['POST', '/api/accounts/northwind/contacts', P.alejandro, () => ({ email: 'new.person@northwind-mfg.com', name: 'New Person' }), false],
    ['POST', '/api/accounts/northwind/agenda-items', P.stephanie, () => ({ title: 'x', kind: 'initiative', detail: 'y' }), true],
    ['POST', '/api/accounts/northwind/agenda-items/item-strategy-workshop/impact-answers', P.alejandro, () => ({ answerId: 'fuzz-a', answer: 'x' }), true],
    ['POST', '/api/accounts/northwind/agenda-items/item-board-time/outcome', P.alejandro, () => ({ outcomeId: 'fuzz-o', decision: 'x', actions: ['a'], ownerId: 'peter' }), true],
    ['POST', '/api/feedback-requests', P.alejandro, () => ({ accountId: 'northwind', peerIds: ['stephanie'], event: 'x', eventAt: new Date(now().getTime() + 86_400_000).toISOString() }), true],
    ['POST', '/api/feedback-requests/fuzz-feedback/answers', P.stephanie, () => ({ answerId: 'fuzz-f', mostEffective: 'x', doBetter: 'y' }), true],
    ['POST', '/api/reviews/:review/answers', P.peter, () => ({ answerId: 'fuzz-r', ratings: { 'bad-news-early': 4 }, roleClarity: 4, comment: 'x' }), true],
    ['POST', '/api/process-configs', P.grace, () => ({ accountId: 'northwind', kind: 'facilitated_agenda', name: 'Fuzz agenda', cadence: { timeZone: 'Europe/London', hour: 9, daysOfWeek: [4], everyNWeeks: 2, anchorDate: '2025-03-13' }, participantIds: ['alejandro', 'stephanie'], leadTimeDays: 3 }), true],
    ['PUT', '/api/process-configs/:config', P.grace, () => ({ kind: 'standards_review', name: 'Fuzz review', cadence: { timeZone: 'America/Chicago', hour: 8, daysOfMonth: [1], months: [1, 4, 7, 10] }, participantIds: ['alejandro', 'stephanie', 'peter'] }), true],
    ['POST', '/api/imports', P.grace, () => ({ kind: 'contacts', csv: 'accountId,email,name,timeZone\nnorthwind,fuzz.person@northwind-mfg.com,Fuzz Person,Europe/London\n' }), true],
    // A typing activity: valid, yet it sends nothing back (a reply would go to an unreachable serviceUrl).
    ['POST', '/api/messages', P.grace, () => ({ type: 'typing', from: { id: 'x' }, recipient: { id: 'bot' }, conversation: { id: 'c' }, channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/' }), false],
  ];
  it.each(writes)('%s %s', async (method, route, as, valid, workflowBacked) => {
    const path = () => route.replace(':review', reviewId).replace(':config', configId);
    const etag = async () => (await t.call(`/api/process-configs/${configId}`, { as: P.grace })).headers.get('etag') ?? '"none"';
    await property(`${method} ${route}`, bodies(valid()), async (sent) => send(method, path(), as, method === 'PUT' ? { ...sent, headers: { 'if-match': await etag() } } : sent), workflowBacked);
  });

  it('process-config actions by id refuse bad ids, If-Match and bodies', async () => {
    const actions = fc.tuple(fc.constantFrom('PUT', 'DELETE', 'POST pause', 'POST resume', 'POST run', 'GET preview', 'GET'), segment, fc.option(fc.oneof(fc.constantFrom('*', '"a","b"', '', 'W/"x"'), fc.string({ maxLength: 30 })), { nil: undefined }), bodies({ name: 'x' }));
    await property('process-config actions', actions, async ([action, id, ifMatch, sent]) => {
      const [method, verb] = action.split(' ') as [string, string | undefined];
      const headers: Record<string, string> = ifMatch === undefined ? {} : { 'if-match': ifMatch.replace(/[^\x20-\x7e]/g, '') };
      return send(method, `/api/process-configs/${enc(id)}${verb ? `/${verb}` : ''}`, P.grace, { ...(method === 'GET' ? {} : sent), headers });
    }, true);
  });

  it('path parameters of every write route refuse bad ids', async () => {
    const routes = ['/api/delegations/:id/check-ins', '/api/delegations/:id/close', '/api/accounts/:id/progress', '/api/accounts/:id/contacts', '/api/accounts/:id/agenda-items', '/api/accounts/northwind/agenda-items/:id/impact-answers', '/api/accounts/northwind/agenda-items/:id/outcome', '/api/feedback-requests/:id/answers', '/api/reviews/:id/answers'];
    await property('write path params', fc.tuple(fc.constantFrom(...routes), segment, fc.constantFrom(...Object.values(P)), anyValue), async ([route, id, as, body]) => send('POST', route.replace(':id', enc(id)), as, { body }), true);
  });
});

describe('read routes refuse bad queries and path parameters with a 4xx', () => {
  it('GET routes with params or a query', async () => {
    const routes = ['/api/context?email=:q', '/api/audit?since=:q', '/api/delegations/:p', '/api/feedback-requests/:p', '/api/process-configs/:p', '/api/process-configs/:p/preview', '/api/accounts/:p/agenda', '/api/accounts/:p/dashboard', '/api/accounts/:p/process-configs', '/api/accounts/:p/processes', '/api/imports/:p', '/api/accounts?x=:q', '/api/me?x=:q'];
    const query = fc.oneof(segment, hugeString.map((value) => value.slice(0, 5_000)), fc.constantFrom('a@b', '@', 'a@', '@b', 'x@y.z&email=other@z.q', '2025-13-45T99:00:00Z', 'NaN'));
    await property('GET params', fc.tuple(fc.constantFrom(...routes), query, fc.constantFrom(...Object.values(P)), fc.boolean()), async ([route, value, as, repeat]) => {
      const path = route.replace(':q', enc(value) + (repeat ? `&${route.includes('email') ? 'email' : 'since'}=${enc(value)}` : '')).replace(':p', enc(value));
      return send('GET', path, as, {});
    });
  });
});

let cardCases = 0;
describe('parseCardAction', () => {
  const verbs = Object.values(CARD_VERBS);
  const isValid = (action: unknown) => {
    if (typeof action !== 'object' || action === null) return false;
    const { verb, data } = action as { verb: string; data: unknown };
    return (verbs as string[]).includes(verb) && CARD_PAYLOADS[verb as keyof typeof CARD_PAYLOADS].safeParse(data).success;
  };
  const check = (payload: unknown) => {
    cardCases++;
    let result: unknown;
    try {
      result = parseCardAction(payload);
    } catch (error) {
      if (error instanceof ValidationError) return;
      throw new Error(`parseCardAction threw ${String(error)} for ${JSON.stringify(payload)?.slice(0, 300)}`);
    }
    if (!isValid(result)) throw new Error(`parseCardAction returned an invalid action ${JSON.stringify(result)?.slice(0, 300)}`);
  };

  it('either returns a valid action or throws a ValidationError, for anything', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }), check), { numRuns: 1_000 });
  });

  it('… and for a known verb with arbitrary or near-valid data', () => {
    const data = fc.oneof(
      fc.anything({ withNullPrototype: true, withBigInt: true }),
      fc.dictionary(fc.constantFrom('accountId', 'itemId', 'reviewId', 'delegationId', 'feedbackId', 'kind', 'title', 'detail', 'answer', 'decision', 'actions', 'ownerId', 'status', 'outcome', 'mostEffective', 'doBetter', 'clientUpdates', 'questions', 'messageId', 'roleClarity', '__proto__'), anyValue, { maxKeys: 8 }),
    );
    fc.assert(fc.property(fc.constantFrom(...verbs), data, (verb, payload) => check({ verb, data: payload })), { numRuns: 1_000 });
  });
});
