import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import { TenantPeople } from '../../core/services/tenant-people';
import { openDemoStore, type DemoStore } from '../support/demo-store';

/** The per-tenant people cache on a real SQLite store: fresh after every write, one read for many callers. */
let demo: DemoStore;
let listings: number;
let people: TenantPeople;
const HOUR = 3_600_000;

beforeEach(async () => {
  demo = await openDemoStore(new Date('2026-11-28T15:00:00Z'));
  listings = 0;
  const records = demo.store.records;
  const list = records.list.bind(records);
  records.list = (kind, scope) => {
    if (kind === 'person') listings++;
    return list(kind, scope);
  };
  // Ages long enough that only the store's announcements can explain a reload within a test.
  people = new TenantPeople(demo.store, { maxAgeMs: HOUR, missMaxAgeMs: HOUR });
});

afterEach(async () => {
  people.close();
  await demo.dispose();
});

describe('the firm’s people, cached per tenant', () => {
  it('reads the store once for concurrent look-ups, and finds people by address and by object id whatever their case', async () => {
    const alejandro = (await demo.store.records.get('person', { tenantId: DEMO_TENANT_ID, id: 'alejandro' }))!;
    await demo.store.records.replace('person', { ...alejandro.record, aadObjectId: '0F3C9A2E-1B2C-4D5E-8F90-A1B2C3D4E5F6' }, alejandro.etag);
    const [byEmail, byObjectId] = await Promise.all([
      people.byEmail(DEMO_TENANT_ID, ['  Alejandro.Ruiz@Hartwell-Lowe.example ']),
      people.byObjectId(DEMO_TENANT_ID, '0f3c9a2e-1b2c-4d5e-8f90-a1b2c3d4e5f6'),
    ]);
    expect([byEmail?.id, byObjectId?.id]).toEqual(['alejandro', 'alejandro']);
    expect(listings).toBe(1);
  });

  it('sees a write through the store at the next look-up, long before the cache would age', async () => {
    expect((await people.byEmail(DEMO_TENANT_ID, ['stephanie.cho@hartwell-lowe.example']))?.name).toBe('Stephanie Cho');
    const stephanie = (await demo.store.records.get('person', { tenantId: DEMO_TENANT_ID, id: 'stephanie' }))!;
    await demo.store.records.replace('person', { ...stephanie.record, name: 'Stephanie Cho-Park' }, stephanie.etag);
    expect((await people.byEmail(DEMO_TENANT_ID, ['stephanie.cho@hartwell-lowe.example']))?.name).toBe('Stephanie Cho-Park');
    expect(listings).toBe(2);
    // Writes of other kinds leave the cache alone.
    const account = (await demo.store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'northwind' }))!;
    await demo.store.records.replace('account', { ...account.record, purpose: `${account.record.purpose} (reviewed)` }, account.etag);
    await people.byEmail(DEMO_TENANT_ID, ['stephanie.cho@hartwell-lowe.example']);
    expect(listings).toBe(2);
  });

  it('stops following the store once closed', async () => {
    await people.byEmail(DEMO_TENANT_ID, ['peter.novak@hartwell-lowe.example']);
    people.close();
    const peter = (await demo.store.records.get('person', { tenantId: DEMO_TENANT_ID, id: 'peter' }))!;
    await demo.store.records.replace('person', { ...peter.record, name: 'Peter Novák' }, peter.etag);
    expect((await people.byEmail(DEMO_TENANT_ID, ['peter.novak@hartwell-lowe.example']))?.name).toBe('Peter Novak');
  });
});
