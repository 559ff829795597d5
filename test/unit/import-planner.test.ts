import { demoFirm, DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { ImportRow } from '../../core/domain/import-job';
import { ImportWorld, writeRow } from '../../core/import/import-planner';
import { seedRecords } from '../../core/store/seed';
import { SqliteStore } from '../../core/store/sqlite/sqlite-store';

/** How rows become records, against the demo firm in an in-memory store. */
const tenantId = DEMO_TENANT_ID;
const NOW = '2026-03-02T15:00:00.000Z';
let store: SqliteStore;

beforeEach(async () => {
  store = new SqliteStore(':memory:');
  await seedRecords(store, demoFirm(new Date(NOW)));
});
afterEach(async () => {
  await store.close();
});

const roster = (overrides: Partial<Extract<ImportRow, { kind: 'roster' }>>): ImportRow => ({
  kind: 'roster',
  accountId: 'northwind',
  email: 'alejandro.ruiz@hartwell-lowe.example',
  name: 'Alejandro Ruiz',
  rank: 'partner',
  practice: 'audit',
  region: 'US Central',
  timeZone: 'America/Chicago',
  leader: true,
  remit: 'audit; client Board relationship',
  ...overrides,
});

async function simulate(actorId: string, rows: ImportRow[]) {
  const world = await ImportWorld.load(store, tenantId, actorId, rows);
  return rows.map((row, index) => world.simulate(row, index + 2, NOW));
}

describe('roster rows', () => {
  it('leaves a leader as they are when the row says what the store says, keeping the accountable flag the file leaves out', async () => {
    expect(await simulate('grace', [roster({})])).toEqual([{ outcome: 'unchanged' }]);
  });

  it('moves a leader to the account team when the row says leader = no', async () => {
    const row = roster({ leader: false, role: 'audit partner', remit: undefined });
    const world = await ImportWorld.load(store, tenantId, 'grace', [row]);
    expect(await writeRow(store, world, row, 2, NOW)).toEqual({ outcome: 'updated' });
    const northwind = (await store.records.get('account', { tenantId, id: 'northwind' }))!.record;
    expect(northwind.leadershipTeam.map((member) => member.personId)).toEqual(['stephanie', 'peter']);
    expect(northwind.accountTeam).toContainEqual({ personId: 'alejandro', role: 'audit partner' });
  });

  it('refuses a second accountable lead, and a walled person on the team', async () => {
    const [second] = await simulate('grace', [roster({ email: 'peter.novak@hartwell-lowe.example', name: 'Peter Novak', practice: 'risk advisory', region: 'US East', timeZone: 'America/New_York', remit: 'risk', accountable: true })]);
    expect(second).toEqual({ errors: [{ column: 'accountable', message: 'account northwind already has an accountable lead (Alejandro Ruiz); an account has at most one' }] });
    const [walled] = await simulate('grace', [roster({ email: 'marcus.hale@hartwell-lowe.example', name: 'Marcus Hale', practice: 'tax', region: 'US West', timeZone: 'America/Los_Angeles', leader: false, role: 'tax' })]);
    expect(walled).toEqual({ errors: [{ column: 'email', message: 'marcus.hale@hartwell-lowe.example is walled off account northwind and cannot join its team' }] });
  });

  it('lets a later row hand over the accountable lead only after an earlier row gives it up', async () => {
    const results = await simulate('grace', [
      roster({ accountable: false }),
      roster({ email: 'peter.novak@hartwell-lowe.example', name: 'Peter Novak', practice: 'risk advisory', region: 'US East', timeZone: 'America/New_York', remit: 'risk advisory', accountable: true }),
    ]);
    expect(results).toEqual([{ outcome: 'updated' }, { outcome: 'updated' }]);
  });

  it('treats an admin walled off the account as if it did not exist', async () => {
    expect(await simulate('marcus', [roster({})])).toEqual([{ errors: [{ column: 'accountId', message: 'no account northwind in this firm' }] }]);
  });
});

describe('contact rows', () => {
  it('finds a contact by its normalised address and refuses one that belongs to another account', async () => {
    const results = await simulate('grace', [
      { kind: 'contacts', accountId: 'northwind', email: 'sarah.lindqvist+board@northwind-mfg.com', name: 'Sarah Lindqvist', timeZone: 'America/Chicago' },
      { kind: 'contacts', accountId: 'northwind', email: 'li.wei@globex-logistics.com', name: 'Li Wei', timeZone: 'America/Los_Angeles' },
      { kind: 'contacts', accountId: 'northwind', email: 'new.person@northwind-mfg.com', name: 'New Person', timeZone: 'UTC', relationshipOwnerEmail: 'marcus.hale@hartwell-lowe.example' },
    ]);
    expect(results).toEqual([
      { outcome: 'unchanged' },
      { errors: [{ column: 'email', message: 'li.wei@globex-logistics.com already belongs to a contact on another account' }] },
      { errors: [{ column: 'relationshipOwnerEmail', message: 'marcus.hale@hartwell-lowe.example is not on the team of account northwind' }] },
    ]);
  });
});

describe('account rows', () => {
  it('refuses a client domain another account already has, or one given twice in the file', async () => {
    const results = await simulate('grace', [
      { kind: 'accounts', id: 'acme', name: 'Acme', clientDomains: ['northwind.eu'] },
      { kind: 'accounts', id: 'acme-2', name: 'Acme Two', clientDomains: ['acme.com'] },
      { kind: 'accounts', id: 'acme-3', name: 'Acme Three', clientDomains: ['acme.com'] },
    ]);
    expect(results).toEqual([
      { errors: [{ column: 'clientDomains', message: 'northwind.eu already identifies another account' }] },
      { outcome: 'created' },
      { errors: [{ column: 'clientDomains', message: 'acme.com is already given to account acme-2 on line 3' }] },
    ]);
  });

  it('updates only the columns the file has, and refuses an account the admin is walled off', async () => {
    expect(await simulate('grace', [{ kind: 'accounts', id: 'northwind', name: 'Northwind Manufacturing' }])).toEqual([{ outcome: 'unchanged' }]);
    expect(await simulate('grace', [{ kind: 'accounts', id: 'northwind', name: 'Northwind Manufacturing', purpose: '' }])).toEqual([{ outcome: 'updated' }]);
    expect(await simulate('marcus', [{ kind: 'accounts', id: 'northwind', name: 'Mine now' }])).toEqual([{ errors: [{ column: 'id', message: 'account id northwind is already taken' }] }]);
  });
});
