import type { Person } from '../../../core/domain/person';
import { ForbiddenError } from '../../../core/errors';
import type { Store } from '../../../core/store/ports';
import type { VerifiedClaims } from './token-verifier';
import type { Principal } from './principal';

const REFRESH_AFTER_MS = 60_000;
const MISS_REFRESH_AFTER_MS = 2_000;

interface TenantPeople {
  loadedAt: number;
  byObjectId: Map<string, Person>;
  byEmail: Map<string, Person>;
}

/**
 * Maps a verified identity to a person of its firm: by Entra object id, else by sign-in address. The
 * firm's people are cached per tenant for a minute (a miss refreshes sooner) — a cache of the store,
 * never a source of truth.
 */
export class PrincipalResolver {
  private readonly tenants = new Map<string, TenantPeople>();
  private readonly loading = new Map<string, Promise<TenantPeople>>();

  constructor(private readonly store: Store) {}

  async resolve(claims: VerifiedClaims): Promise<Principal> {
    let people = await this.peopleOf(claims.tenantId, REFRESH_AFTER_MS);
    let person = find(people, claims);
    if (!person) {
      people = await this.peopleOf(claims.tenantId, MISS_REFRESH_AFTER_MS);
      person = find(people, claims);
    }
    if (!person) throw new ForbiddenError('you are not a member of this firm’s account teams');
    return {
      tenantId: claims.tenantId,
      personId: person.id,
      email: person.email,
      name: person.name,
      roles: person.roles.includes('admin') ? ['member', 'admin'] : ['member'],
    };
  }

  private async peopleOf(tenantId: string, maxAgeMs: number): Promise<TenantPeople> {
    const cached = this.tenants.get(tenantId);
    if (cached && Date.now() - cached.loadedAt < maxAgeMs) return cached;
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const load = (async () => {
      const people = (await this.store.records.list('person', { tenantId })).map((found) => found.record);
      const loaded: TenantPeople = {
        loadedAt: Date.now(),
        byObjectId: new Map(people.filter((person) => person.aadObjectId).map((person) => [person.aadObjectId!, person])),
        byEmail: new Map(people.map((person) => [person.email, person])),
      };
      this.tenants.set(tenantId, loaded);
      return loaded;
    })().finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, load);
    return load;
  }
}

function find(people: TenantPeople, claims: VerifiedClaims): Person | undefined {
  return people.byObjectId.get(claims.objectId) ?? (claims.email ? people.byEmail.get(claims.email) : undefined);
}
