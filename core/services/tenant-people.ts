import type { Person } from '../domain/person';
import type { Store } from '../store/ports';

/** One load of a tenant's people, indexed the ways the bot and the API look them up. */
export interface PeopleSnapshot {
  /** Every person, in the store's order; the same array until the next load. */
  people: readonly Person[];
  /** By Entra object id, lower-cased: object ids are GUIDs, whose case carries no meaning. */
  byObjectId: ReadonlyMap<string, Person>;
  /** By email address, lower-cased. */
  byEmail: ReadonlyMap<string, Person>;
}

export interface TenantPeopleOptions {
  /** How long a load is used before the next look-up reloads it. */
  maxAgeMs?: number;
  /** How old a load may be when a look-up misses before it is reloaded (someone just added). */
  missMaxAgeMs?: number;
  now?: () => number;
}

const MAX_AGE_MS = 30_000;
const MISS_MAX_AGE_MS = 2_000;

interface Loaded extends PeopleSnapshot {
  loadedAt: number;
}

/**
 * The firm's people per tenant, for the principal resolver (who is calling the API) and the bot (who is
 * speaking, names on cards): a short cache of the store, never a source of truth. A look-up that misses
 * reloads sooner, so a person just added is found within seconds; concurrent loads of one tenant are
 * one read of the store. One instance is shared by everything in the process (runtime/system.ts).
 */
export class TenantPeople {
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Loaded>>();
  /** Bumped by invalidate(): a load started before it does not overwrite what comes after. */
  private readonly generations = new Map<string, number>();
  private readonly maxAgeMs: number;
  private readonly missMaxAgeMs: number;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    options: TenantPeopleOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? MAX_AGE_MS;
    this.missMaxAgeMs = options.missMaxAgeMs ?? MISS_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
    // Writes through this process's store are seen at once; the age limits cover writers it cannot see.
    this.unsubscribe = store.changes.subscribe((change) => {
      if (change.kind === 'person') this.invalidate(change.tenantId);
    });
  }

  /** Stops following the store's writes. */
  close(): void {
    this.unsubscribe();
  }

  /** The tenant's people, from a load at most `maxAgeMs` old. */
  async snapshot(tenantId: string, maxAgeMs = this.maxAgeMs): Promise<PeopleSnapshot> {
    const cached = this.loaded.get(tenantId);
    if (cached && this.now() - cached.loadedAt < maxAgeMs) return cached;
    return this.load(tenantId);
  }

  /** The first person `match` finds: in the current load, else in a fresh one if that is older than the miss age. */
  async find(tenantId: string, match: (people: PeopleSnapshot) => Person | undefined): Promise<Person | undefined> {
    return match(await this.snapshot(tenantId)) ?? match(await this.snapshot(tenantId, this.missMaxAgeMs));
  }

  /** The person with this Entra object id, compared case-insensitively. */
  async byObjectId(tenantId: string, objectId: string): Promise<Person | undefined> {
    return this.byIdentity(tenantId, { objectId });
  }

  /** The person with one of these addresses (the first that matches), compared case-insensitively. */
  async byEmail(tenantId: string, emails: readonly string[]): Promise<Person | undefined> {
    return this.byIdentity(tenantId, { emails });
  }

  /** A person whose Entra object id is `objectId`, else whose address is one of `emails`. */
  async byIdentity(tenantId: string, identity: { objectId?: string; emails?: readonly string[] }): Promise<Person | undefined> {
    const objectId = identity.objectId?.toLowerCase();
    const emails = (identity.emails ?? []).map((email) => email.trim().toLowerCase()).filter(Boolean);
    return this.find(tenantId, (people) => (objectId ? people.byObjectId.get(objectId) : undefined) ?? emails.map((email) => people.byEmail.get(email)).find(Boolean));
  }

  /** A person changed in the store: the next look-up reloads (called for every person write the store announces). */
  invalidate(tenantId: string): void {
    this.loaded.delete(tenantId);
    this.loading.delete(tenantId);
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
  }

  private load(tenantId: string): Promise<Loaded> {
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const generation = this.generations.get(tenantId) ?? 0;
    const load = (async () => {
      const loadedAt = this.now();
      const people = (await this.store.records.list('person', { tenantId })).map((found) => found.record);
      const byObjectId = new Map<string, Person>();
      const byEmail = new Map<string, Person>();
      for (const person of people) {
        // The first person on record wins a (never expected) duplicate, as a scan of the list would.
        if (person.aadObjectId && !byObjectId.has(person.aadObjectId.toLowerCase())) byObjectId.set(person.aadObjectId.toLowerCase(), person);
        if (!byEmail.has(person.email.toLowerCase())) byEmail.set(person.email.toLowerCase(), person);
      }
      const loaded: Loaded = { loadedAt, people, byObjectId, byEmail };
      if ((this.generations.get(tenantId) ?? 0) === generation) this.loaded.set(tenantId, loaded);
      return loaded;
    })().finally(() => {
      if (this.loading.get(tenantId) === load) this.loading.delete(tenantId);
    });
    this.loading.set(tenantId, load);
    return load;
  }
}
