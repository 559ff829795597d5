import { createHash } from 'node:crypto';
import type { Account, LeadershipMember, TeamMember } from '../domain/account';
import { Contact } from '../domain/contact';
import type { AccountImportRow, ContactImportRow, ImportRow, RosterImportRow, RowError } from '../domain/import-job';
import type { Person } from '../domain/person';
import { AlreadyExistsError, ConcurrencyError, NotFoundError, ValidationError } from '../errors';
import { domainKey, emailKey, normalizeEmail } from '../rules/email-resolution';
import { isWalledOff } from '../rules/ethical-wall';
import { sameContent } from '../rules/same-content';
import { isOnAccount } from '../services/account-access';
import type { Store, Versioned } from '../store/ports';
import { contactAddress } from './csv-rows';

/**
 * How an imported row becomes records, shared by the API (which checks every row against the store
 * before the import starts) and the import workflow's activities (which check each batch again and write
 * it). Rows are keyed by their natural keys — an account by its id, a contact by its normalised email, a
 * person by their email — and a record is written only when the row changes it, so importing the same
 * file twice changes nothing the second time.
 */

export type RowOutcome = 'created' | 'updated' | 'unchanged';
export type RowProblem = Omit<RowError, 'line'>;

type Write =
  | { kind: 'account'; mode: 'create' | 'replace'; record: Account; etag?: string }
  | { kind: 'person'; mode: 'create' | 'replace'; record: Person; etag?: string }
  | { kind: 'contact'; mode: 'create' | 'replace'; record: Contact; etag?: string };

export type RowPlan = { outcome: RowOutcome; writes: Write[] } | { errors: RowProblem[] };

/** The same words whether the account does not exist or the importing admin is walled off it. */
export const unknownAccount = (accountId: string) => `no account ${accountId} in this firm`;

const SIMULATED = 'simulated';
const MAX_LEADERS = 12;
const MAX_TEAM = 500;
const LOOKUP_CHUNK = 100;

const shortHash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 10);
const slug = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'x';

/** Deterministic ids from natural keys: a retried or repeated import creates the same record, never a second one. */
export const personIdFor = (email: string) => `person-${slug(email.split('@')[0]!)}-${shortHash(email.toLowerCase())}`;
export const contactIdFor = (address: string) => `contact-${slug(address.split('@')[0]!)}-${shortHash(address)}`;

/** Deep equality of two records, ignoring when they were last written. */
export const sameRecord = (a: object, b: object): boolean => sameContent(a, b, ['updatedAt']);

const withoutUndefined = <T extends object>(record: T): T => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;

/**
 * The records a set of rows touches, loaded once and kept up to date as rows are planned (in a dry run)
 * or written, so that later rows see what earlier rows did (a second accountable lead, a domain given
 * twice).
 */
export class ImportWorld {
  private readonly accounts = new Map<string, Versioned<Account> | null>();
  private readonly peopleByEmail = new Map<string, Versioned<Person>>();
  private readonly peopleById = new Map<string, Versioned<Person>>();
  private readonly contactsByAddress = new Map<string, Versioned<Contact>>();
  private readonly contactIds = new Set<string>();
  /** client domain → the account it identifies, and the line of this file that gave it (if one did). */
  private readonly domainOwners = new Map<string, { accountId: string; line?: number }>();

  private constructor(
    readonly tenantId: string,
    /** The admin importing: an account they are walled off is, to them, an account that does not exist. */
    readonly actorId: string,
  ) {}

  static async load(store: Store, tenantId: string, actorId: string, rows: readonly ImportRow[]): Promise<ImportWorld> {
    const world = new ImportWorld(tenantId, actorId);
    await world.loadFor(store, rows);
    return world;
  }

  /** (Re-)reads what `rows` touch from the store, replacing what the world held for them. */
  async loadFor(store: Store, rows: readonly ImportRow[]): Promise<void> {
    const tenantId = this.tenantId;
    const accountIds = [...new Set(rows.map((row) => (row.kind === 'accounts' ? row.id : row.accountId)))];
    const accounts = await store.records.getMany('account', tenantId, accountIds);
    for (const id of accountIds) this.accounts.set(id, accounts.find((found) => found.record.id === id) ?? null);

    if (rows.some((row) => row.kind !== 'accounts')) {
      this.peopleByEmail.clear();
      this.peopleById.clear();
      for (const found of await store.records.list('person', { tenantId })) {
        this.peopleByEmail.set(found.record.email.toLowerCase(), found);
        this.peopleById.set(found.record.id, found);
      }
    }

    const addresses = [...new Set(rows.filter((row): row is ContactImportRow => row.kind === 'contacts').map((row) => contactAddress(row.email)))];
    if (addresses.length > 0) {
      addresses.forEach((address) => this.contactsByAddress.delete(address));
      const entries = await lookupAll(store, tenantId, addresses.map(emailKey));
      const ids = [...new Set(entries.flatMap((entry) => (entry.contactId ? [entry.contactId] : [])))];
      const candidates = [...ids, ...addresses.map(contactIdFor)];
      for (const found of await store.records.getMany('contact', tenantId, candidates)) {
        this.contactIds.add(found.record.id);
        for (const email of found.record.emails) {
          const address = normalizeEmail(email).address;
          if (addresses.includes(address)) this.contactsByAddress.set(address, found);
        }
      }
    }

    const domains = [...new Set(rows.flatMap((row) => (row.kind === 'accounts' ? (row.clientDomains ?? []) : [])))];
    if (domains.length > 0) {
      domains.forEach((domain) => this.domainOwners.delete(domain));
      for (const entry of await lookupAll(store, tenantId, domains.map(domainKey))) {
        if (!entry.contactId) this.domainOwners.set(entry.key.slice('domain:'.length), { accountId: entry.accountId });
      }
    }
  }

  /** What importing `row` would write, or why it cannot be imported; changes nothing. */
  plan(row: ImportRow, now: string): RowPlan {
    switch (row.kind) {
      case 'accounts':
        return this.planAccount(row, now);
      case 'contacts':
        return this.planContact(row, now);
      case 'roster':
        return this.planRoster(row, now);
    }
  }

  /** Takes a written (or, in a dry run, simulated) record into the world so later rows see it. */
  commit(write: Write, etag: string, line: number): void {
    switch (write.kind) {
      case 'account': {
        const previous = this.accounts.get(write.record.id);
        for (const domain of previous?.record.clientDomains ?? []) {
          if (this.domainOwners.get(domain)?.accountId === write.record.id) this.domainOwners.delete(domain);
        }
        for (const domain of write.record.clientDomains) this.domainOwners.set(domain, { accountId: write.record.id, line });
        this.accounts.set(write.record.id, { record: write.record, etag });
        return;
      }
      case 'person':
        this.peopleByEmail.set(write.record.email.toLowerCase(), { record: write.record, etag });
        this.peopleById.set(write.record.id, { record: write.record, etag });
        return;
      case 'contact':
        this.contactIds.add(write.record.id);
        for (const email of write.record.emails) this.contactsByAddress.set(normalizeEmail(email).address, { record: write.record, etag });
        return;
    }
  }

  /** A dry run: plans the row and, when it can be imported, takes its changes into the world. */
  simulate(row: ImportRow, line: number, now: string): { outcome: RowOutcome } | { errors: RowProblem[] } {
    const plan = this.plan(row, now);
    if ('errors' in plan) return plan;
    for (const write of plan.writes) this.commit(write, SIMULATED, line);
    return { outcome: plan.outcome };
  }

  private visibleAccount(accountId: string): Versioned<Account> | undefined {
    const found = this.accounts.get(accountId);
    if (!found || isWalledOff(found.record, this.actorId)) return undefined;
    return found;
  }

  private planAccount(row: AccountImportRow, now: string): RowPlan {
    const existing = this.accounts.get(row.id);
    if (existing && isWalledOff(existing.record, this.actorId)) return { errors: [{ column: 'id', message: `account id ${row.id} is already taken` }] };
    const errors: RowProblem[] = [];
    for (const domain of row.clientDomains ?? []) {
      const owner = this.domainOwners.get(domain);
      if (owner && owner.accountId !== row.id) {
        errors.push({ column: 'clientDomains', message: owner.line !== undefined ? `${domain} is already given to account ${owner.accountId} on line ${owner.line}` : `${domain} already identifies another account` });
      }
    }
    if (errors.length > 0) return { errors };
    if (!existing) {
      const record = withoutUndefined({
        tenantId: this.tenantId,
        id: row.id,
        name: row.name,
        clientDomains: row.clientDomains ?? [],
        purpose: row.purpose ?? '',
        goals: [],
        leadershipTeam: [],
        accountTeam: [],
        responsibilities: [],
        standards: [],
        walls: [],
        createdAt: now,
        updatedAt: now,
      }) as Account;
      return { outcome: 'created', writes: [{ kind: 'account', mode: 'create', record }] };
    }
    const record: Account = { ...existing.record, name: row.name, ...(row.clientDomains !== undefined ? { clientDomains: row.clientDomains } : {}), ...(row.purpose !== undefined ? { purpose: row.purpose } : {}), updatedAt: now };
    if (sameRecord(existing.record, record)) return { outcome: 'unchanged', writes: [] };
    return { outcome: 'updated', writes: [{ kind: 'account', mode: 'replace', record, etag: existing.etag }] };
  }

  private planContact(row: ContactImportRow, now: string): RowPlan {
    const account = this.visibleAccount(row.accountId);
    if (!account) return { errors: [{ column: 'accountId', message: unknownAccount(row.accountId) }] };
    const address = contactAddress(row.email);
    const existing = this.contactsByAddress.get(address);
    if (existing && existing.record.accountId !== account.record.id) return { errors: [{ column: 'email', message: `${row.email} already belongs to a contact on another account` }] };

    let relationshipOwnerId = existing?.record.relationshipOwnerId;
    if (row.relationshipOwnerEmail !== undefined) {
      if (row.relationshipOwnerEmail === '') relationshipOwnerId = undefined;
      else {
        const owner = this.peopleByEmail.get(row.relationshipOwnerEmail);
        if (!owner) return { errors: [{ column: 'relationshipOwnerEmail', message: `no person with email ${row.relationshipOwnerEmail} in this firm` }] };
        if (!isOnAccount(account.record, owner.record.id)) return { errors: [{ column: 'relationshipOwnerEmail', message: `${row.relationshipOwnerEmail} is not on the team of account ${row.accountId}` }] };
        relationshipOwnerId = owner.record.id;
      }
    }

    if (!existing) {
      const id = contactIdFor(address);
      if (this.contactIds.has(id)) return { errors: [{ column: 'email', message: `cannot create a contact for ${row.email}: its id ${id} is in use` }] };
      // The schema fills in everything a new contact starts without (preferences, priorities, …).
      const parsed = Contact.safeParse(
        withoutUndefined({ tenantId: this.tenantId, accountId: account.record.id, id, emails: [row.email], name: row.name, title: row.title, timeZone: row.timeZone, relationshipOwnerId, createdAt: now, updatedAt: now }),
      );
      // What the store would answer for the same record (rows are checked column by column before they get here).
      if (!parsed.success) return { errors: [{ message: 'invalid contact' }] };
      return { outcome: 'created', writes: [{ kind: 'contact', mode: 'create', record: parsed.data }] };
    }
    const { relationshipOwnerId: _previousOwner, ...rest } = existing.record;
    const record = withoutUndefined<Contact>({ ...rest, name: row.name, timeZone: row.timeZone, ...(row.title !== undefined ? { title: row.title } : {}), relationshipOwnerId, updatedAt: now });
    if (sameRecord(existing.record, record)) return { outcome: 'unchanged', writes: [] };
    return { outcome: 'updated', writes: [{ kind: 'contact', mode: 'replace', record, etag: existing.etag }] };
  }

  private planRoster(row: RosterImportRow, now: string): RowPlan {
    const account = this.visibleAccount(row.accountId);
    if (!account) return { errors: [{ column: 'accountId', message: unknownAccount(row.accountId) }] };
    const existingPerson = this.peopleByEmail.get(row.email);
    const personId = existingPerson?.record.id ?? personIdFor(row.email);
    if (!existingPerson && this.peopleById.has(personId)) return { errors: [{ column: 'email', message: `cannot create a person for ${row.email}: the id ${personId} is in use` }] };
    if (isWalledOff(account.record, personId)) return { errors: [{ column: 'email', message: `${row.email} is walled off account ${row.accountId} and cannot join its team` }] };

    const fields = { name: row.name, rank: row.rank, practice: row.practice, region: row.region, timeZone: row.timeZone };
    const person: Person = existingPerson
      ? { ...existingPerson.record, ...fields, updatedAt: now }
      : { tenantId: this.tenantId, id: personId, email: row.email, ...fields, roles: [], quietHours: [], createdAt: now, updatedAt: now };
    const personChanged = !existingPerson || !sameRecord(existingPerson.record, person);

    const current = account.record;
    const wasOnAccount = isOnAccount(current, personId);
    let leadershipTeam: LeadershipMember[] = current.leadershipTeam.map((member) => ({ ...member }));
    let accountTeam: TeamMember[] = current.accountTeam.map((member) => ({ ...member }));
    if (row.leader) {
      const index = leadershipTeam.findIndex((member) => member.personId === personId);
      const accountable = row.accountable ?? (index >= 0 ? leadershipTeam[index]!.accountable : false);
      const entry: LeadershipMember = { personId, remit: row.remit ?? '', accountable };
      if (index >= 0) leadershipTeam[index] = entry;
      else leadershipTeam.push(entry);
      accountTeam = accountTeam.filter((member) => member.personId !== personId);
      const otherLead = leadershipTeam.find((member) => member.accountable && member.personId !== personId);
      if (accountable && otherLead) {
        const name = this.peopleById.get(otherLead.personId)?.record.name ?? otherLead.personId;
        return { errors: [{ column: 'accountable', message: `account ${row.accountId} already has an accountable lead (${name}); an account has at most one` }] };
      }
      if (leadershipTeam.length > MAX_LEADERS) return { errors: [{ column: 'leader', message: `account ${row.accountId} already has ${MAX_LEADERS} leaders, the most a leadership team can have` }] };
    } else {
      const entry: TeamMember = { personId, role: row.role ?? '' };
      const index = accountTeam.findIndex((member) => member.personId === personId);
      if (index >= 0) accountTeam[index] = entry;
      else accountTeam.push(entry);
      leadershipTeam = leadershipTeam.filter((member) => member.personId !== personId);
      if (accountTeam.length > MAX_TEAM) return { errors: [{ column: 'leader', message: `account ${row.accountId} already has ${MAX_TEAM} team members, the most an account team can have` }] };
    }
    const updatedAccount: Account = { ...current, leadershipTeam, accountTeam, updatedAt: now };
    const accountChanged = !sameRecord(current, updatedAccount);

    const writes: Write[] = [];
    if (personChanged) writes.push(existingPerson ? { kind: 'person', mode: 'replace', record: person, etag: existingPerson.etag } : { kind: 'person', mode: 'create', record: person });
    if (accountChanged) writes.push({ kind: 'account', mode: 'replace', record: updatedAccount, etag: account.etag });
    const outcome: RowOutcome = !wasOnAccount ? 'created' : writes.length > 0 ? 'updated' : 'unchanged';
    return { outcome, writes };
  }
}

async function lookupAll(store: Store, tenantId: string, keys: string[]) {
  const entries = [];
  for (let start = 0; start < keys.length; start += LOOKUP_CHUNK) entries.push(...(await store.directory.lookup(tenantId, keys.slice(start, start + LOOKUP_CHUNK))));
  return entries;
}

const MAX_ATTEMPTS = 4;

/**
 * Writes one row: plans it against the world, writes what changed, and — when someone else wrote one of
 * its records in between (or a retried activity finds its own earlier write) — re-reads and plans again.
 * Idempotent: a row already in the store as the file says writes nothing. Expected failures (the row no
 * longer fits, the store refuses the record) come back as problems; anything else is thrown for a retry.
 */
export async function writeRow(store: Store, world: ImportWorld, row: ImportRow, line: number, now: string): Promise<{ outcome: RowOutcome } | { errors: RowProblem[] }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const plan = world.plan(row, now);
    if ('errors' in plan) return plan;
    try {
      for (const write of plan.writes) {
        const written =
          write.mode === 'create'
            ? await store.records.create(write.kind, write.record as never)
            : await store.records.replace(write.kind, write.record as never, write.etag!);
        world.commit(write, written.etag, line);
      }
      return { outcome: plan.outcome };
    } catch (error) {
      if (error instanceof ConcurrencyError || error instanceof AlreadyExistsError || error instanceof NotFoundError) {
        await world.loadFor(store, [row]);
        continue;
      }
      if (error instanceof ValidationError) return { errors: [{ message: error.message }] };
      throw error;
    }
  }
  return { errors: [{ message: 'the records this row changes kept changing while it was imported; import the file again' }] };
}
