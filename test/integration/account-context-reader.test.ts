import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFirm, DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { RecordOf } from '../../core/domain/record-kinds';
import { NotFoundError } from '../../core/errors';
import { AccountContextReader } from '../../core/services/account-context-reader';
import { lookupAccountContext } from '../../core/services/account-context-service';
import type { Store } from '../../core/store/ports';
import { seedRecords } from '../../core/store/seed';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/**
 * The cached context reader against a real SQLite store: after every kind of change — a write through
 * the store, a write by another connection, time passing — its answer must be exactly what a fresh,
 * uncached lookup gives at that instant.
 */
const NOW = new Date('2026-11-28T15:00:00Z');
const ALEJANDRO = { tenantId: DEMO_TENANT_ID, personId: 'alejandro' };
const MARCUS = { tenantId: DEMO_TENANT_ID, personId: 'marcus' };
const SARAH = 'sarah.lindqvist@northwind-mfg.com';

let dir: string;
let path: string;
let store: SqliteStore;
let bundleLoads: number;
let reader: AccountContextReader;

/** Counts the bundle loads that reach the store, so a test can tell a cached answer from a fresh one. */
function counting(inner: Store, complete = inner.changes.complete): Store {
  return {
    ...inner,
    engine: inner.engine,
    records: inner.records,
    directory: inner.directory,
    tenants: inner.tenants,
    health: inner.health,
    close: () => inner.close(),
    changes: { subscribe: (listener) => inner.changes.subscribe(listener), complete, externalVersion: () => inner.changes.externalVersion() },
    bundles: {
      loadBundle: (...args) => {
        bundleLoads++;
        return inner.bundles.loadBundle(...args);
      },
    },
  };
}

async function fresh(viewer: typeof ALEJANDRO, email: string, now: Date): Promise<unknown> {
  return JSON.parse(JSON.stringify(await lookupAccountContext(store, viewer, email, now)));
}

async function expectCurrent(email: string, now = NOW, viewer = ALEJANDRO) {
  expect(JSON.parse(await reader.readJson(viewer, email, now))).toEqual(await fresh(viewer, email, now));
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'context-reader-'));
  path = join(dir, 'store.db');
  store = new SqliteStore(path);
  await seedRecords(store, demoFirm(NOW));
  bundleLoads = 0;
  reader = new AccountContextReader(counting(store));
});

afterEach(async () => {
  reader.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the cached account context reader', () => {
  it('answers exactly as the uncached lookup for contacts, other addresses and domain-only senders, and serves repeats from memory', async () => {
    const senders = [SARAH, 'SARAH.LINDQVIST+fw@northwind-mfg.com', 'j.okafor@northwind.eu', 'someone.new@plant.northwind-mfg.com', 'li.wei@globex-logistics.com'];
    for (const email of senders) await expectCurrent(email);
    const loads = bundleLoads;
    for (const email of senders) await expectCurrent(email, new Date(NOW.getTime() + 30_000));
    expect(bundleLoads).toBe(loads);
    expect(reader.caching).toBe(true);
  });

  it('answers a walled person and an unknown sender with the same not-found, even when the context is cached for someone else', async () => {
    await expectCurrent(SARAH);
    await expect(reader.readJson(MARCUS, SARAH, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reader.readJson(ALEJANDRO, 'nobody@unknown-client.example', NOW)).rejects.toThrow(/no account context/);
    await expect(reader.readJson({ tenantId: 'another-firm', personId: 'alejandro' }, SARAH, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reader.readJson(ALEJANDRO, 'not an address', NOW)).rejects.toThrow(/email/);
  });

  it('shows every kind of write through the store on the next read', async () => {
    await expectCurrent(SARAH);
    const delegation = (await store.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' }))[0]!;
    await store.records.replace('delegation', { ...delegation.record, objective: 'A changed objective' }, delegation.etag);
    await expectCurrent(SARAH);

    const person = (await store.records.get('person', { tenantId: DEMO_TENANT_ID, id: 'stephanie' }))!;
    await store.records.replace('person', { ...person.record, name: 'Stephanie Cho-Park' }, person.etag);
    await expectCurrent(SARAH);

    // Lifting Marcus's wall lets him see the account; putting it back hides it again.
    const account = (await store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'northwind' }))!;
    await expect(reader.readJson(MARCUS, SARAH, NOW)).rejects.toBeInstanceOf(NotFoundError);
    const lifted = await store.records.replace('account', { ...account.record, walls: [] }, account.etag);
    await expectCurrent(SARAH, NOW, MARCUS);
    await store.records.replace('account', { ...lifted.record, walls: ['marcus'] }, lifted.etag);
    await expect(reader.readJson(MARCUS, SARAH, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expectCurrent(SARAH);

    const sarah = (await store.records.get('contact', { tenantId: DEMO_TENANT_ID, id: 'sarah-lindqvist' }))!;
    await store.records.replace('contact', { ...sarah.record, emails: ['sarah@lindqvist-advisory.com'] }, sarah.etag);
    await expectCurrent(SARAH); // now only a domain match
    await expectCurrent('sarah@lindqvist-advisory.com');

    await store.records.delete('delegation', { tenantId: DEMO_TENANT_ID, id: delegation.record.id });
    await expectCurrent('sarah@lindqvist-advisory.com');
  });

  it('shows a write made by another connection to the same file', async () => {
    await expectCurrent(SARAH);
    const other = new SqliteStore(path);
    try {
      const delegation = (await other.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' }))[0]!;
      await other.records.replace('delegation', { ...delegation.record, objective: 'Changed by another process' }, delegation.etag);
    } finally {
      await other.close();
    }
    const context = JSON.parse(await reader.readJson(ALEJANDRO, SARAH, NOW)) as { openDelegations: { objective: string }[] };
    expect(context.openDelegations.map((item) => item.objective)).toContain('Changed by another process');
    await expectCurrent(SARAH);
  });

  it('sees a write by another connection from the next turn of the event loop on, even one made between two reads of the same turn', async () => {
    await expectCurrent(SARAH);
    const other = new SqliteStore(path);
    try {
      // No await between the read and the write: both happen in this turn, after its one version check.
      const delegation = (await other.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' }))[0]!;
      await reader.readJson(ALEJANDRO, SARAH, NOW);
      await other.records.replace('delegation', { ...delegation.record, objective: 'Changed within one turn' }, delegation.etag);
      await new Promise((resolve) => setImmediate(resolve));
      const context = JSON.parse(await reader.readJson(ALEJANDRO, SARAH, NOW)) as { openDelegations: { objective: string }[] };
      expect(context.openDelegations.map((item) => item.objective)).toContain('Changed within one turn');
    } finally {
      await other.close();
    }
    await expectCurrent(SARAH);
  });

  it('follows time: the contact’s clock each minute, check-ins falling due, the meeting starting, the date turning', async () => {
    const meeting = (await store.records.get('meeting', { tenantId: DEMO_TENANT_ID, id: 'leadership-next' }))!.record;
    const delegations = (await store.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' })).map((found) => found.record);
    const instants = [NOW.getTime(), NOW.getTime() + 61_000, Date.parse(meeting.scheduledAt), Date.parse(meeting.scheduledAt) + 1, Date.UTC(2026, 10, 29, 0, 0, 0)];
    for (const delegation of delegations) {
      const last = [delegation.createdAt, ...delegation.checkIns.map((checkIn) => checkIn.at)].map(Date.parse).reduce((a, b) => Math.max(a, b));
      const due = last + delegation.checkInEveryDays * 86_400_000;
      if (due > NOW.getTime()) instants.push(due - 1, due, due + 1);
    }
    for (const at of instants.sort((a, b) => a - b)) await expectCurrent(SARAH, new Date(at));
  });

  it('never keeps what was read while a write landed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    const slow: Store = {
      ...counting(store),
      bundles: {
        loadBundle: async (...args) => {
          const bundle = await store.bundles.loadBundle(...args);
          if (++loads === 1) await gate; // the first fill read the old records and stalls before caching them
          return bundle;
        },
      },
    };
    const racing = new AccountContextReader(slow);
    try {
      const stale = racing.readJson(ALEJANDRO, SARAH, NOW);
      await new Promise((resolve) => setImmediate(resolve));
      const delegation = (await store.records.list('delegation', { tenantId: DEMO_TENANT_ID, accountId: 'northwind' }))[0]!;
      await store.records.replace('delegation', { ...delegation.record, objective: 'Written during the read' }, delegation.etag);
      release();
      await stale;
      const after = JSON.parse(await racing.readJson(ALEJANDRO, SARAH, NOW)) as { openDelegations: { objective: string }[] };
      expect(after.openDelegations.map((item) => item.objective)).toContain('Written during the read');
    } finally {
      racing.close();
    }
  });

  it('caches nothing for a store other servers write to, and nothing when given no memory', async () => {
    for (const uncached of [new AccountContextReader(counting(store, false)), new AccountContextReader(counting(store), { cacheBytes: 0 })]) {
      expect(uncached.caching).toBe(false);
      const before = bundleLoads;
      for (let read = 0; read < 3; read++) expect(JSON.parse(await uncached.readJson(ALEJANDRO, SARAH, NOW))).toEqual(await fresh(ALEJANDRO, SARAH, NOW));
      expect(bundleLoads - before).toBe(3);
      uncached.close();
    }
  });

  it('answers right from a cache too small to hold what it is asked for', async () => {
    const small = new AccountContextReader(counting(store), { cacheBytes: 4_000 });
    try {
      for (let round = 0; round < 3; round++) {
        for (const email of [SARAH, 'j.okafor@northwind.eu', 'li.wei@globex-logistics.com', 'someone@northwind-mfg.com']) {
          expect(JSON.parse(await small.readJson(ALEJANDRO, email, NOW))).toEqual(await fresh(ALEJANDRO, email, NOW));
        }
      }
    } finally {
      small.close();
    }
  });

  it('keeps answers right when the records themselves contain the text of the clock’s slot', async () => {
    const sarah = (await store.records.get('contact', { tenantId: DEMO_TENANT_ID, id: 'sarah-lindqvist' }))!;
    const tricky: RecordOf<'contact'> = { ...sarah.record, fears: [...sarah.record.fears, '\u0000clock\u0000'] };
    await store.records.replace('contact', tricky, sarah.etag);
    await expectCurrent(SARAH);
    await expectCurrent(SARAH, new Date(NOW.getTime() + 90_000));
  });
});
