import type { FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../../../core/errors';
import type { Principal } from '../auth/principal';
import type { PrincipalResolver } from '../auth/principal-resolver';
import type { TokenVerifier } from '../auth/token-verifier';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The one place a request becomes a principal: a bearer token, verified, mapped to a person of the firm. */
export function createAuthenticator(verify: TokenVerifier, resolver: PrincipalResolver) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    if (!header) throw new UnauthenticatedError('missing Authorization header with a bearer token');
    const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
    request.principal = await resolver.resolve(await verify(match[1]!));
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError('not authenticated');
  return request.principal;
}
