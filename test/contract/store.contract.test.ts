import { demoFirm, DEMO_TENANT_ID, SECOND_TENANT_ID } from '../../core/demo/demo-firm';
import type { RecordOf } from '../../core/domain/record-kinds';
import { AlreadyExistsError, ConcurrencyError, CorruptRecordError, NotFoundError, ValidationError } from '../../core/errors';
import { lookupKeysFor, normalizeEmail, rankResolutions } from '../../core/rules/email-resolution';
import type { Store, StoreChange } from '../../core/store/ports';
import { seedRecords } from '../../core/store/seed';
import { updateRecord } from '../../core/store/update-record';
import { cosmosHarness } from '../support/cosmos-harness';
import { sqliteHarness } from '../support/sqlite-harness';
import type { StoreHarness } from '../support/store-harness';

/**
 * One contract, every adapter: the embedded SQLite store and Azure Cosmos DB (through the real
 * @azure/cosmos SDK against a local cosmosdb-server) must behave identically.
 */
const harnesses: StoreHarness[] = [sqliteHarness(), cosmosHarness()];
const NOW = new Date('2026-11-28T15:00:00Z');

function person(tenantId: string, id: string, name = 'Test Person'): RecordOf<'person'> {
  return {
    tenantId,
    id,
    name,
    email: `${id}@firm.example`,
    rank: 'associate',
    practice: 'audit',
    region: 'US Central',
    timeZone: 'America/Chicago',
    roles: [],
    quietHours: [],
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
}

describe.each(harnesses)('the $name store', (harness) => {
  let store: Store;

  beforeAll(async () => {
    store = await harness.open();
  });
  afterAll(async () => {
    await store?.close();
    await harness.dispose();
  });

  describe('records', () => {
    it('creates, reads, replaces and deletes a tenant-scoped record', async () => {
      const created = await store.records.create('person', person('t-crud', 'ana', 'Ana'));
      expect(created.etag).toEqual(expect.any(String));
      const read = await store.records.get('person', { tenantId: 't-crud', id: 'ana' });
      expect(read?.record.name).toBe('Ana');
      const replaced = await store.records.replace('person', { ...read!.record, name: 'Ana María' }, read!.etag);
      expect(replaced.etag).not.toBe(read!.etag);
      expect((await store.records.get('person', { tenantId: 't-crud', id: 'ana' }))?.record.name).toBe('Ana María');
      await store.records.delete('person', { tenantId: 't-crud', id: 'ana' }, replaced.etag);
      expect(await store.records.get('person', { tenantId: 't-crud', id: 'ana' })).toBeUndefined();
    });

    it('creates, reads, lists and deletes account-scoped records with and without the account id', async () => {
      const [account] = demoFirm(NOW, 't-scoped').filter((seed) => seed.kind === 'account');
      await store.records.create('account', account!.record as RecordOf<'account'>);
      const delegation = demoFirm(NOW, 't-scoped').find((seed) => seed.kind === 'delegation')!.record as RecordOf<'delegation'>;
      await store.records.create('delegation', delegation);
      expect((await store.records.get('delegation', { tenantId: 't-scoped', id: delegation.id }))?.record.objective).toBe(delegation.objective);
      expect(await store.records.get('delegation', { tenantId: 't-scoped', id: delegation.id, accountId: delegation.accountId })).toBeDefined();
      expect(await store.records.get('delegation', { tenantId: 't-scoped', id: delegation.id, accountId: 'some-other-account' })).toBeUndefined();
      expect((await store.records.list('delegation', { tenantId: 't-scoped', accountId: delegation.accountId })).map((found) => found.record.id)).toEqual([delegation.id]);
      expect((await store.records.list('account', { tenantId: 't-scoped' })).map((found) => found.record.id)).toEqual([account!.record.id]);
      await store.records.delete('delegation', { tenantId: 't-scoped', id: delegation.id });
      expect(await store.records.get('delegation', { tenantId: 't-scoped', id: delegation.id })).toBeUndefined();
    });

    it('refuses to create a record whose id is taken in the same tenant', async () => {
      await store.records.create('person', person('t-dup', 'ben'));
      await expect(store.records.create('person', person('t-dup', 'ben', 'Impostor'))).rejects.toBeInstanceOf(AlreadyExistsError);
      expect((await store.records.get('person', { tenantId: 't-dup', id: 'ben' }))?.record.name).toBe('Test Person');
    });

    it('refuses an invalid record and writes nothing', async () => {
      const invalid = { ...person('t-invalid', 'cal'), email: 'not-an-email', rank: 'emperor' } as unknown as RecordOf<'person'>;
      const failure = store.records.create('person', invalid);
      await expect(failure).rejects.toBeInstanceOf(ValidationError);
      await expect(failure).rejects.toThrow(/email/);
      expect(await store.records.get('person', { tenantId: 't-invalid', id: 'cal' })).toBeUndefined();
    });

    it('reports a missing record as not found on read, replace and delete', async () => {
      expect(await store.records.get('person', { tenantId: 't-missing', id: 'nobody' })).toBeUndefined();
      await expect(store.records.replace('person', person('t-missing', 'nobody'), 'any-etag')).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.records.delete('person', { tenantId: 't-missing', id: 'nobody' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('surfaces a concurrent update as a typed concurrency error and keeps the winner', async () => {
      const created = await store.records.create('person', person('t-race', 'dee', 'Dee'));
      const first = store.records.replace('person', { ...created.record, name: 'Dee (first)' }, created.etag);
      const second = store.records.replace('person', { ...created.record, name: 'Dee (second)' }, created.etag);
      const outcomes = await Promise.allSettled([first, second]);
      const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(ConcurrencyError);
      const winner = (fulfilled[0] as PromiseFulfilledResult<{ record: { name: string } }>).value.record.name;
      expect((await store.records.get('person', { tenantId: 't-race', id: 'dee' }))?.record.name).toBe(winner);
      await expect(store.records.delete('person', { tenantId: 't-race', id: 'dee' }, created.etag)).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('validates documents on read and refuses to return a corrupt one', async () => {
      await store.records.create('person', person('t-corrupt', 'eve'));
      await harness.corrupt(store, 'person', { tenantId: 't-corrupt', id: 'eve' });
      await expect(store.records.get('person', { tenantId: 't-corrupt', id: 'eve' })).rejects.toBeInstanceOf(CorruptRecordError);
    });

    it('creates several records at once, each on its own: a duplicate or invalid one fails alone', async () => {
      await store.records.create('person', person('t-each', 'taken', 'Already here'));
      const changes: StoreChange[] = [];
      const unsubscribe = store.changes.subscribe((change) => changes.push(change));
      const invalid = { ...person('t-each', 'bad'), email: 'not-an-email' } as unknown as RecordOf<'person'>;
      const outcomes = await store.records.createEach('person', [person('t-each', 'one'), person('t-each', 'taken', 'Impostor'), invalid, person('t-each', 'two')]);
      unsubscribe();
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(AlreadyExistsError);
      expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
      expect((outcomes[0] as PromiseFulfilledResult<{ etag: string }>).value.etag).toEqual(expect.any(String));
      expect((await store.records.list('person', { tenantId: 't-each' })).map((found) => [found.record.id, found.record.name]).sort()).toEqual([
        ['one', 'Test Person'],
        ['taken', 'Already here'],
        ['two', 'Test Person'],
      ]);
      expect(changes.map((change) => change.id).sort()).toEqual(['one', 'two']);
      expect(await store.records.createEach('person', [])).toEqual([]);
    });

    it('fetches several records by id in one call, skipping the missing ones', async () => {
      await store.records.create('person', person('t-many', 'f1'));
      await store.records.create('person', person('t-many', 'f2'));
      const found = await store.records.getMany('person', 't-many', ['f1', 'f2', 'f3', 'f1']);
      expect(found.map((item) => item.record.id).sort()).toEqual(['f1', 'f2']);
    });
  });

  describe('change announcements', () => {
    it('announces every committed create, replace and delete with its tenant, kind and account, and nothing for a failed write', async () => {
      const changes: StoreChange[] = [];
      const unsubscribe = store.changes.subscribe((change) => changes.push(change));
      try {
        const seeds = demoFirm(NOW, 't-changes');
        const account = seeds.find((seed) => seed.kind === 'account')!.record as RecordOf<'account'>;
        const delegation = seeds.find((seed) => seed.kind === 'delegation')!.record as RecordOf<'delegation'>;
        await store.records.create('account', account);
        const created = await store.records.create('delegation', delegation);
        const ann = await store.records.create('person', person('t-changes', 'ann'));
        await expect(store.records.create('person', person('t-changes', 'ann'))).rejects.toBeInstanceOf(AlreadyExistsError);
        await expect(store.records.replace('delegation', { ...delegation, objective: 'Stale write' }, 'stale-etag')).rejects.toBeInstanceOf(ConcurrencyError);
        await store.records.replace('delegation', { ...delegation, objective: 'Changed objective' }, created.etag);
        await store.records.delete('delegation', { tenantId: 't-changes', id: delegation.id });
        await store.records.delete('person', { tenantId: 't-changes', id: 'ann' }, ann.etag);
        expect(changes).toEqual([
          { tenantId: 't-changes', kind: 'account', id: account.id, accountId: account.id },
          { tenantId: 't-changes', kind: 'delegation', id: delegation.id, accountId: account.id },
          { tenantId: 't-changes', kind: 'person', id: 'ann' },
          { tenantId: 't-changes', kind: 'delegation', id: delegation.id, accountId: account.id },
          { tenantId: 't-changes', kind: 'delegation', id: delegation.id, accountId: account.id },
          { tenantId: 't-changes', kind: 'person', id: 'ann' },
        ]);
      } finally {
        unsubscribe();
      }
      await store.records.create('person', person('t-changes', 'after'));
      expect(changes).toHaveLength(6);
    });
  });

  describe('tenant isolation', () => {
    it('never lets one tenant read, list, overwrite or delete another tenant’s records', async () => {
      const mine = await store.records.create('person', person('tenant-a', 'gus', 'Gus of A'));
      expect(await store.records.get('person', { tenantId: 'tenant-b', id: 'gus' })).toBeUndefined();
      expect(await store.records.list('person', { tenantId: 'tenant-b' })).toEqual([]);
      await expect(store.records.replace('person', { ...mine.record, tenantId: 'tenant-b', name: 'Hijacked' }, mine.etag)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.records.delete('person', { tenantId: 'tenant-b', id: 'gus' })).rejects.toBeInstanceOf(NotFoundError);
      // The same id in another tenant is another record.
      await store.records.create('person', person('tenant-b', 'gus', 'Gus of B'));
      expect((await store.records.get('person', { tenantId: 'tenant-a', id: 'gus' }))?.record.name).toBe('Gus of A');
      expect((await store.records.get('person', { tenantId: 'tenant-b', id: 'gus' }))?.record.name).toBe('Gus of B');
      expect(await store.records.getMany('person', 'tenant-b', ['gus'])).toHaveLength(1);
    });

    it('lists the tenants that have accounts', async () => {
      await seedRecords(store, demoFirm(NOW, 'tenant-listed'));
      const tenants = await store.tenants.list();
      expect(tenants).toContain('tenant-listed');
      expect(tenants).not.toContain('tenant-a'); // has people but no account
    });

    it('keeps the email directory per tenant', async () => {
      await seedRecords(store, demoFirm(NOW, DEMO_TENANT_ID));
      const keys = lookupKeysFor(normalizeEmail('sarah.lindqvist@northwind-mfg.com'));
      expect(await store.directory.lookup(SECOND_TENANT_ID, keys)).toEqual([]);
      expect(await store.bundles.loadBundle(SECOND_TENANT_ID, 'northwind', 'sarah-lindqvist', NOW)).toBeUndefined();
    });
  });

  describe('context lookup by email', () => {
    beforeAll(async () => {
      await seedRecords(store, demoFirm(NOW, DEMO_TENANT_ID));
    });

    const resolve = async (email: string) => {
      const keys = lookupKeysFor(normalizeEmail(email));
      return rankResolutions(keys, await store.directory.lookup(DEMO_TENANT_ID, keys));
    };

    it('finds a contact by exact address, ignoring case and plus-addressing', async () => {
      expect(await resolve('Sarah.Lindqvist+board@Northwind-MFG.com')).toEqual([
        { accountId: 'northwind', contactId: 'sarah-lindqvist', matchedBy: 'email', matchedKey: 'email:sarah.lindqvist@northwind-mfg.com' },
      ]);
    });

    it('finds a contact by any of their addresses', async () => {
      expect((await resolve('j.okafor@northwind.eu'))[0]).toMatchObject({ contactId: 'james-okafor', matchedBy: 'email' });
    });

    it('finds the account of an unknown sender from a client sub-domain', async () => {
      expect(await resolve('new.person@plant2.northwind-mfg.com')).toEqual([
        { accountId: 'northwind', matchedBy: 'domain', matchedKey: 'domain:northwind-mfg.com' },
      ]);
    });

    it('finds nothing for an unknown domain', async () => {
      expect(await resolve('someone@unknown-client.com')).toEqual([]);
    });

    it('loads the account bundle with people, open delegations, next meeting and progress', async () => {
      const bundle = await store.bundles.loadBundle(DEMO_TENANT_ID, 'northwind', 'sarah-lindqvist', NOW);
      expect(bundle?.account.name).toBe('Northwind Manufacturing');
      expect(bundle?.contact?.name).toBe('Sarah Lindqvist');
      expect(bundle?.people.map((found) => found.id).sort()).toEqual(['alejandro', 'dana', 'maya', 'peter', 'priya', 'stephanie', 'tom']);
      expect(bundle?.delegations).toHaveLength(3);
      expect(bundle?.meetings.map((meeting) => meeting.id)).toEqual(['leadership-next']);
      expect(bundle?.agendaItems).toHaveLength(2);
      expect(bundle?.progress).toHaveLength(2);
    });

    it('does not load a contact through another account', async () => {
      const bundle = await store.bundles.loadBundle(DEMO_TENANT_ID, 'globex', 'sarah-lindqvist', NOW);
      expect(bundle?.account.id).toBe('globex');
      expect(bundle?.contact).toBeUndefined();
    });

    it('keeps instants in UTC and finds the next meeting by its instant, whatever offset it was written with', async () => {
      const tenantId = 't-offsets';
      const [account] = demoFirm(NOW, tenantId).filter((seed) => seed.kind === 'account');
      await store.records.create('account', account!.record as RecordOf<'account'>);
      const meeting = (id: string, scheduledAt: string): RecordOf<'meeting'> => ({
        tenantId,
        accountId: account!.record.id as string,
        id,
        title: `Meeting ${id}`,
        scheduledAt,
        durationMinutes: 60,
        status: 'collecting',
        agenda: [],
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      });
      // NOW is 15:00Z. 09:30 in Chicago is 15:30Z, still to come, though its text sorts before NOW's;
      // 16:30 in Helsinki is 14:30Z, already begun, though its text sorts after.
      const chicago = await store.records.create('meeting', meeting('chicago', '2026-11-28T09:30:00-06:00'));
      await store.records.create('meeting', meeting('helsinki', '2026-11-28T16:30:00+02:00'));
      expect(chicago.record.scheduledAt).toBe('2026-11-28T15:30:00.000Z');
      expect((await store.records.get('meeting', { tenantId, id: 'helsinki' }))?.record.scheduledAt).toBe('2026-11-28T14:30:00.000Z');
      const bundle = await store.bundles.loadBundle(tenantId, account!.record.id as string, undefined, NOW);
      expect(bundle?.meetings.map((found) => found.id)).toEqual(['chicago']);
    });

    it('follows a contact’s changed address and forgets the old one', async () => {
      const current = await store.records.get('contact', { tenantId: DEMO_TENANT_ID, id: 'li-wei', accountId: 'globex' });
      await store.records.replace('contact', { ...current!.record, emails: ['wei.li@globex-logistics.com'] }, current!.etag);
      expect((await resolve('wei.li@globex-logistics.com'))[0]).toMatchObject({ contactId: 'li-wei' });
      expect((await resolve('li.wei@globex-logistics.com'))[0]).toMatchObject({ matchedBy: 'domain' });
    });
  });

  describe('read, change and write with updateRecord', () => {
    const LATER = new Date('2026-11-29T09:30:00Z');
    const now = () => LATER;
    const written = async (fn: () => Promise<unknown>): Promise<StoreChange[]> => {
      const changes: StoreChange[] = [];
      const unsubscribe = store.changes.subscribe((change) => changes.push(change));
      try {
        await fn();
      } finally {
        unsubscribe();
      }
      return changes;
    };

    it('applies a change to a copy, stamps updatedAt and writes it with the read’s etag', async () => {
      const created = await store.records.create('person', person('t-update', 'gil', 'Gil'));
      let updated: RecordOf<'person'> | undefined;
      const changes = await written(async () => {
        updated = await updateRecord(
          store.records,
          'person',
          { tenantId: 't-update', id: 'gil' },
          (record) => {
            record.name = 'Gil Moreno';
            return true;
          },
          { now },
        );
      });
      expect(updated).toMatchObject({ name: 'Gil Moreno', updatedAt: LATER.toISOString() });
      const stored = await store.records.get('person', { tenantId: 't-update', id: 'gil' });
      expect(stored?.record).toMatchObject({ name: 'Gil Moreno', updatedAt: LATER.toISOString(), createdAt: NOW.toISOString() });
      expect(stored?.etag).not.toBe(created.etag);
      expect(changes.map((change) => change.id)).toEqual(['gil']);
    });

    it('applies a change to an account-scoped record found by its account', async () => {
      const [account] = demoFirm(NOW, 't-update-scoped').filter((seed) => seed.kind === 'account');
      await store.records.create('account', account!.record as RecordOf<'account'>);
      const delegation = demoFirm(NOW, 't-update-scoped').find((seed) => seed.kind === 'delegation')!.record as RecordOf<'delegation'>;
      await store.records.create('delegation', delegation);
      const ref = { tenantId: 't-update-scoped', id: delegation.id, accountId: delegation.accountId };
      const updated = await updateRecord(
        store.records,
        'delegation',
        ref,
        (record) => {
          record.objective = 'Objective, reworded';
          return true;
        },
        { now },
      );
      expect(updated.objective).toBe('Objective, reworded');
      expect((await store.records.get('delegation', ref))?.record).toMatchObject({ objective: 'Objective, reworded', updatedAt: LATER.toISOString() });
    });

    it('starts from a stale `current`, meets the concurrent write, re-reads and keeps both changes', async () => {
      const created = await store.records.create('person', person('t-update', 'hal', 'Hal'));
      // Someone else writes after the caller read the record.
      await store.records.replace('person', { ...created.record, name: 'Hal (renamed elsewhere)' }, created.etag);
      const seen: string[] = [];
      let updated: RecordOf<'person'> | undefined;
      const changes = await written(async () => {
        updated = await updateRecord(
          store.records,
          'person',
          { tenantId: 't-update', id: 'hal' },
          (record) => {
            seen.push(record.name);
            record.roles = ['admin'];
            return true;
          },
          { current: created, now },
        );
      });
      // First from the stale copy (no read), then again from the re-read record.
      expect(seen).toEqual(['Hal', 'Hal (renamed elsewhere)']);
      expect(updated).toMatchObject({ name: 'Hal (renamed elsewhere)', roles: ['admin'] });
      expect((await store.records.get('person', { tenantId: 't-update', id: 'hal' }))?.record).toMatchObject({ name: 'Hal (renamed elsewhere)', roles: ['admin'], updatedAt: LATER.toISOString() });
      expect(changes.map((change) => change.id)).toEqual(['hal']);
    });

    it('gives up with the concurrency error once the conflict retries are spent, writing nothing', async () => {
      const created = await store.records.create('person', person('t-update', 'ida', 'Ida'));
      const renamed = await store.records.replace('person', { ...created.record, name: 'Ida (renamed elsewhere)' }, created.etag);
      let calls = 0;
      const attempt = updateRecord(
        store.records,
        'person',
        { tenantId: 't-update', id: 'ida' },
        (record) => {
          calls++;
          record.roles = ['admin'];
          return true;
        },
        { current: created, maxConflictRetries: 0, now },
      );
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      expect(calls).toBe(1);
      const stored = await store.records.get('person', { tenantId: 't-update', id: 'ida' });
      expect(stored?.etag).toBe(renamed.etag);
      expect(stored?.record.roles).toEqual([]);
    });

    it('writes nothing when the change returns false, and returns the record as read', async () => {
      const created = await store.records.create('person', person('t-update', 'jo', 'Jo'));
      let returned: RecordOf<'person'> | undefined;
      const changes = await written(async () => {
        returned = await updateRecord(
          store.records,
          'person',
          { tenantId: 't-update', id: 'jo' },
          (record) => {
            record.name = 'edited on the copy only';
            return false;
          },
          { now },
        );
      });
      expect(returned).toEqual(created.record);
      expect(changes).toEqual([]);
      const stored = await store.records.get('person', { tenantId: 't-update', id: 'jo' });
      expect(stored?.etag).toBe(created.etag);
      expect(stored?.record).toEqual(created.record);
    });

    it('writes nothing when the re-read after a conflict shows the change was made already', async () => {
      const created = await store.records.create('person', person('t-update', 'kit', 'Kit'));
      // The concurrent write made the very change this caller is about to make (a retried step, say).
      const elsewhere = await store.records.replace('person', { ...created.record, roles: ['admin'] }, created.etag);
      let returned: RecordOf<'person'> | undefined;
      const changes = await written(async () => {
        returned = await updateRecord(
          store.records,
          'person',
          { tenantId: 't-update', id: 'kit' },
          (record) => {
            if (record.roles.includes('admin')) return false;
            record.roles.push('admin');
            return true;
          },
          { current: created, now },
        );
      });
      expect(returned).toEqual(elsewhere.record);
      expect(changes).toEqual([]);
      expect((await store.records.get('person', { tenantId: 't-update', id: 'kit' }))?.etag).toBe(elsewhere.etag);
    });

    it('reports a missing record as not found by default, or with the caller’s error, without calling the change', async () => {
      const change = jest.fn(() => true);
      const ref = { tenantId: 't-update', id: 'nobody' };
      await expect(updateRecord(store.records, 'person', ref, change)).rejects.toBeInstanceOf(NotFoundError);
      const custom = updateRecord(store.records, 'person', ref, change, { missing: () => new ValidationError('person nobody is gone') });
      await expect(custom).rejects.toBeInstanceOf(ValidationError);
      await expect(custom).rejects.toThrow('person nobody is gone');
      expect(change).not.toHaveBeenCalled();
      expect(await store.records.get('person', ref)).toBeUndefined();
    });
  });
});
