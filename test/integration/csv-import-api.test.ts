import { DEMO_TENANT_ID } from '../../core/demo/demo-firm';
import type { ImportProgress } from '../../core/domain/import-job';
import { eventually } from '../support/eventually';
import { DEMO_PEOPLE as P, startTestSystem, type TestSystem } from '../support/system-for-tests';

/**
 * CSV imports end to end on the whole system: the admin posts a file, the API checks every row and stores
 * the job, the import workflow writes the good rows in batches on a real Temporal server, and the result
 * is visible through the rest of the API.
 */
jest.setTimeout(240_000);

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
  // Grace (the admin) is walled off Globex: to her, importing into Globex is importing into nothing.
  const globex = (await t.system.store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'globex' }))!;
  await t.system.store.records.replace('account', { ...globex.record, walls: ['grace'] }, globex.etag);
});
afterAll(async () => {
  await t?.stop();
});

const ACCOUNTS = [
  'id,name,clientDomains,purpose',
  'initech,Initech,initech.com;initech.eu,Win the audit tender',
  'umbrella,Umbrella Corp,umbrella-corp.com,',
  'personal-mail,Personal Mail Co,gmail.com,',
  'hooli,"Hooli, Inc.",hooli.example,"Cross-sell tax, risk"',
  'initech,Initech again,,',
].join('\n');

const ROSTER = [
  'accountId,email,name,rank,practice,region,timeZone,leader,role,remit,accountable',
  'initech,ines.ortega@hartwell-lowe.example,Ines Ortega,partner,audit,US East,America/New_York,yes,,audit,yes',
  'initech,maya.patel@hartwell-lowe.example,Maya Patel,senior associate,audit,US Central,America/Chicago,no,audit senior,,',
  'initech,raj.iyer@hartwell-lowe.example,Raj Iyer,partner,tax,US East,America/New_York,yes,,tax,yes',
  'nowhere,zoe.adams@hartwell-lowe.example,Zoe Adams,associate,tax,US East,America/New_York,no,tax associate,,',
].join('\r\n');

const CONTACTS = [
  'accountId,email,name,title,timeZone,relationshipOwnerEmail',
  'initech,bill.lumbergh@initech.com,Bill Lumbergh,VP Engineering,America/Chicago,ines.ortega@hartwell-lowe.example',
  'initech,peter.gibbons@initech.com,Peter Gibbons,Engineer,Mars/Base,',
  'nowhere,joe@nowhere.example,Joe Nobody,,UTC,',
  'initech,Bill.Lumbergh+tps@initech.com,Bill L.,,UTC,',
  'initech,milton@initech.com,,Stapler custodian,UTC,',
  'umbrella,alice@umbrella-corp.com,Alice Abernathy,"Head of Security, EMEA",Europe/London,',
  'globex,hank@globex-logistics.com,Hank Scorpio,CEO,America/Los_Angeles,',
].join('\n');

async function importFile(kind: string, csv: string, as: string = P.grace) {
  const reply = await t.call('/api/imports', { as, method: 'POST', body: { kind, csv } });
  return reply;
}

function untilDone(jobId: string, seen: number[] = []): Promise<ImportProgress> {
  return eventually(
    async () => {
      const reply = await t.call(`/api/imports/${jobId}`, { as: P.grace });
      expect(reply.status).toBe(200);
      const progress = reply.body as ImportProgress;
      seen.push(progress.processed);
      return progress.phase === 'done' || progress.phase === 'failed' ? progress : undefined;
    },
    `import ${jobId} to finish`,
    60_000,
    100,
  );
}

async function importAndWait(kind: string, csv: string) {
  const started = await importFile(kind, csv);
  expect(started.status).toBe(202);
  return { started: started.body, done: await untilDone(started.body.jobId) };
}

const errorsByLine = (progress: ImportProgress) => progress.errors.map((error) => [error.line, error.column, error.message]);

async function etags(): Promise<Record<string, string>> {
  const store = t.system.store;
  const tags: Record<string, string> = {};
  for (const found of await store.records.list('person', { tenantId: DEMO_TENANT_ID })) tags[`person/${found.record.id}`] = found.etag;
  for (const account of await store.records.list('account', { tenantId: DEMO_TENANT_ID })) {
    tags[`account/${account.record.id}`] = account.etag;
    for (const found of await store.records.list('contact', { tenantId: DEMO_TENANT_ID, accountId: account.record.id })) tags[`contact/${found.record.id}`] = found.etag;
  }
  return tags;
}

describe('importing accounts, a roster and contacts', () => {
  let accountsDone: ImportProgress;
  let rosterDone: ImportProgress;
  let contactsDone: ImportProgress;

  beforeAll(async () => {
    const accounts = await importAndWait('accounts', ACCOUNTS);
    expect(accounts.started).toMatchObject({ valid: 3, invalid: 2, progress: { phase: 'queued', total: 5, processed: 0 } });
    accountsDone = accounts.done;
    rosterDone = (await importAndWait('roster', ROSTER)).done;
    contactsDone = (await importAndWait('contacts', CONTACTS)).done;
  });

  it('imports the good account rows and reports the bad ones by line and column', async () => {
    expect(accountsDone).toMatchObject({ phase: 'done', total: 5, processed: 5, created: 3, updated: 0, unchanged: 0, failed: 2 });
    expect(errorsByLine(accountsDone)).toEqual([
      [4, 'clientDomains', 'gmail.com is a personal or registry domain and cannot identify a client'],
      [6, 'id', 'duplicates line 2 (account id initech)'],
    ]);
    const hooli = await t.system.store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'hooli' });
    expect(hooli?.record).toMatchObject({ name: 'Hooli, Inc.', clientDomains: ['hooli.example'], purpose: 'Cross-sell tax, risk' });
    expect(await t.system.store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'personal-mail' })).toBeUndefined();
  });

  it('puts roster people on the account team, creating the ones the firm does not know', async () => {
    expect(rosterDone).toMatchObject({ total: 4, processed: 4, created: 2, failed: 2 });
    expect(errorsByLine(rosterDone)).toEqual([
      [4, 'accountable', 'account initech already has an accountable lead (Ines Ortega); an account has at most one'],
      [5, 'accountId', 'no account nowhere in this firm'],
    ]);
    const initech = (await t.system.store.records.get('account', { tenantId: DEMO_TENANT_ID, id: 'initech' }))!.record;
    const people = await t.system.store.records.list('person', { tenantId: DEMO_TENANT_ID });
    const ines = people.find((found) => found.record.email === 'ines.ortega@hartwell-lowe.example')!.record;
    expect(ines).toMatchObject({ name: 'Ines Ortega', rank: 'partner', timeZone: 'America/New_York', roles: [] });
    expect(initech.leadershipTeam).toEqual([{ personId: ines.id, remit: 'audit', accountable: true }]);
    expect(initech.accountTeam).toEqual([{ personId: 'maya', role: 'audit senior' }]);
    expect(people.filter((found) => found.record.email === 'maya.patel@hartwell-lowe.example')).toHaveLength(1);
  });

  it('imports good contacts, refusing a bad zone, an unknown or walled account, a duplicate address and a missing value', async () => {
    expect(contactsDone).toMatchObject({ total: 7, processed: 7, created: 2, failed: 5 });
    expect(errorsByLine(contactsDone)).toEqual([
      [3, 'timeZone', 'must be an IANA time zone such as Europe/London'],
      [4, 'accountId', 'no account nowhere in this firm'],
      [5, 'email', 'duplicates line 2 (contact email bill.lumbergh@initech.com)'],
      [6, 'name', 'is required'],
      [8, 'accountId', 'no account globex in this firm'],
    ]);
  });

  it('makes an imported contact visible in the Outlook context', async () => {
    const reply = await t.call('/api/context?email=bill.lumbergh@initech.com', { as: P.alejandro });
    expect(reply.status).toBe(200);
    expect(reply.body.account).toMatchObject({ id: 'initech', name: 'Initech' });
    expect(reply.body.contact).toMatchObject({ name: 'Bill Lumbergh', title: 'VP Engineering', relationshipOwner: { name: 'Ines Ortega' } });
    expect(reply.body.leadershipTeam).toEqual([expect.objectContaining({ remit: 'audit', accountable: true, person: expect.objectContaining({ name: 'Ines Ortega' }) })]);
    const byDomain = await t.call('/api/context?email=someone@initech.eu', { as: P.alejandro });
    expect(byDomain.body.account.id).toBe('initech');
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await etags();
    const accounts = (await importAndWait('accounts', ACCOUNTS)).done;
    const roster = (await importAndWait('roster', ROSTER)).done;
    const contacts = (await importAndWait('contacts', CONTACTS)).done;
    expect(accounts).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 2 });
    expect(roster).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 2 });
    expect(contacts).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 5 });
    expect(await etags()).toEqual(before);
  });

  it('updates only what a changed row changes', async () => {
    const before = await etags();
    const edited = CONTACTS.replace('Bill Lumbergh,VP Engineering', 'Bill Lumbergh,Division VP');
    const done = (await importAndWait('contacts', edited)).done;
    expect(done).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 5 });
    const after = await etags();
    const changed = Object.keys(after).filter((key) => after[key] !== before[key]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^contact\//);
  });

  it('lists the admin’s imports, newest first', async () => {
    const reply = await t.call('/api/imports', { as: P.grace });
    expect(reply.status).toBe(200);
    expect(reply.body.items.length).toBeGreaterThanOrEqual(7);
    expect(reply.body.items[0]).toMatchObject({ kind: 'contacts', phase: 'done', errorCount: 5 });
  });
});

describe('the columns of each kind of file', () => {
  it('are documented for the admin console', async () => {
    const reply = await t.call('/api/imports/columns', { as: P.grace });
    expect(reply.status).toBe(200);
    expect(reply.body.columns.roster.map((column: { name: string }) => column.name)).toEqual(['accountId', 'email', 'name', 'rank', 'practice', 'region', 'timeZone', 'leader', 'role', 'remit', 'accountable']);
    expect(reply.body.columns.accounts[2]).toMatchObject({ name: 'clientDomains', inHeader: 'optional' });
  });
});

describe('progress', () => {
  it('goes from 0 to the total as the batches are imported', async () => {
    const rows = Array.from({ length: 120 }, (_, index) => `umbrella,employee.${index}@umbrella-corp.com,Employee ${index},,Europe/London,`);
    const started = await importFile('contacts', ['accountId,email,name,title,timeZone,relationshipOwnerEmail', ...rows].join('\n'));
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/imports/${started.body.jobId}`);
    expect(started.body.progress).toMatchObject({ total: 120, processed: 0, phase: 'queued' });
    const seen: number[] = [0];
    const done = await untilDone(started.body.jobId, seen);
    expect(done).toMatchObject({ phase: 'done', total: 120, processed: 120, created: 120, failed: 0, errors: [] });
    expect(seen[seen.length - 1]).toBe(120);
    expect(seen.every((value, index) => index === 0 || value >= seen[index - 1]!)).toBe(true);
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
  });
});

describe('refused imports', () => {
  it('is for admins only', async () => {
    const reply = await importFile('accounts', ACCOUNTS, P.alejandro);
    expect(reply.status).toBe(403);
    expect((await t.call('/api/imports', { as: P.alejandro })).status).toBe(403);
  });

  it('refuses a file with an unterminated quote, naming the line', async () => {
    const reply = await importFile('accounts', 'id,name\nacme,Acme\n\nbroken,"Broken Corp\nlast,Last\n');
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/line 4/);
    expect(reply.body.error.issues).toEqual([{ path: 'csv', message: expect.stringMatching(/^line 4: a quoted field starts here/) }]);
  });

  it('refuses a header without a required column, an unknown kind and an empty body', async () => {
    const header = await importFile('contacts', 'accountId,email,name\ninitech,a@initech.com,A\n');
    expect(header.status).toBe(400);
    expect(header.body.error.message).toMatch(/no “timeZone” column/);
    expect((await importFile('invoices', 'id\n1\n')).status).toBe(400);
    expect((await t.call('/api/imports', { as: P.grace, method: 'POST' })).status).toBe(400);
  });

  it('does not show one admin’s import to anyone else', async () => {
    expect((await t.call('/api/imports/no-such-import', { as: P.grace })).status).toBe(404);
  });
});
