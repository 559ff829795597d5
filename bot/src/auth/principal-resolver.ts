import { ForbiddenError } from '../../../core/errors';
import { TenantPeople } from '../../../core/services/tenant-people';
import type { Store } from '../../../core/store/ports';
import type { VerifiedClaims } from './token-verifier';
import type { Principal } from './principal';

/**
 * Maps a verified identity to a person of its firm: by Entra object id (compared case-insensitively),
 * else by sign-in address. The firm's people come from the process's TenantPeople cache, shared with the
 * bot; one of its own is made when none is given (tools, benches).
 */
export class PrincipalResolver {
  private readonly people: TenantPeople;

  constructor(store: Store, people?: TenantPeople) {
    this.people = people ?? new TenantPeople(store);
  }

  async resolve(claims: VerifiedClaims): Promise<Principal> {
    const person = await this.people.byIdentity(claims.tenantId, { objectId: claims.objectId, emails: claims.email ? [claims.email] : [] });
    if (!person) throw new ForbiddenError('you are not a member of this firm’s account teams');
    return {
      tenantId: claims.tenantId,
      personId: person.id,
      email: person.email,
      name: person.name,
      roles: person.roles.includes('admin') ? ['member', 'admin'] : ['member'],
    };
  }
}
