import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ForbiddenError, UnauthenticatedError } from '../../../core/errors';

/** The claims we rely on, as Entra ID v2 access tokens carry them. */
export interface VerifiedClaims {
  tenantId: string;
  objectId: string;
  email: string;
  name: string;
  scopes: string[];
}

export interface TokenVerifierOptions {
  keys: JWTVerifyGetKey;
  /** The issuer a token of tenant `tid` must carry (Entra: https://login.microsoftonline.com/{tid}/v2.0). */
  issuerFor: (tenantId: string) => string;
  audience: string;
  /** Tenants allowed to call; empty allows any tenant (local mode only). */
  allowedTenants: readonly string[];
  requiredScope: string;
  clockToleranceSeconds?: number;
}

/**
 * One verification path for production (Entra ID's JWKS) and local mode (a local key), so local runs
 * exercise exactly the checks production relies on: signature, audience, issuer per tenant, tenant
 * allow-list, scope and expiry.
 */
export function createTokenVerifier(options: TokenVerifierOptions) {
  const cache = new VerifiedTokenCache();
  return async function verify(token: string): Promise<VerifiedClaims> {
    const cached = cache.get(token);
    if (cached) return cached;
    const claims = await verifyOnce(token);
    cache.set(token, claims);
    return claims;
  };

  async function verifyOnce(token: string): Promise<VerifiedClaims & { expiresAt: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        audience: options.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iss', 'tid'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(describeJoseError(error));
    }
    const tenantId = stringClaim(payload, 'tid');
    if (payload.iss !== options.issuerFor(tenantId)) throw new UnauthenticatedError('token issuer does not match its tenant');
    if (options.allowedTenants.length > 0 && !options.allowedTenants.includes(tenantId)) {
      throw new ForbiddenError('this tenant is not allowed to use this app');
    }
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(options.requiredScope)) throw new ForbiddenError(`token lacks the ${options.requiredScope} scope`);
    return {
      expiresAt: (payload.exp ?? 0) * 1000,
      tenantId,
      objectId: stringClaim(payload, 'oid'),
      email: (typeof payload.preferred_username === 'string' ? payload.preferred_username : '').toLowerCase(),
      name: typeof payload.name === 'string' ? payload.name : '',
      scopes,
    };
  }
}

/**
 * Clients send the same bearer token on every call for up to an hour, and an ES256/RS256 signature
 * check costs more than the rest of a context lookup. A token that verified is remembered until it
 * expires, and never longer than five minutes (so a key rotation or allow-list change applies soon).
 * Only successes are cached, keyed by the whole token string.
 */
class VerifiedTokenCache {
  private static readonly MAX_AGE_MS = 5 * 60 * 1000;
  private static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, { claims: VerifiedClaims; until: number }>();

  get(token: string): VerifiedClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Date.now() >= entry.until) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  set(token: string, claims: VerifiedClaims & { expiresAt: number }): void {
    const { expiresAt, ...rest } = claims;
    if (this.entries.size >= VerifiedTokenCache.MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims: rest, until: Math.min(expiresAt, Date.now() + VerifiedTokenCache.MAX_AGE_MS) });
  }
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

function stringClaim(payload: JWTPayload, name: string): string {
  const value = payload[name];
  if (typeof value !== 'string' || value.length === 0) throw new UnauthenticatedError(`token lacks the ${name} claim`);
  return value;
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim ${error.claim} is invalid: ${error.reason}`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'token was signed by an unknown key';
  if (error instanceof joseErrors.JOSEError) return `token is invalid (${error.code})`;
  return 'token is invalid';
}
