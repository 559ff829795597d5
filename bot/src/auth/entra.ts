import { createRemoteJWKSet } from 'jose';

/**
 * Entra ID v2 access tokens for our API. Signature keys come from the common JWKS (cached and rotated
 * by jose); the issuer is checked per tenant by the verifier. Sign-in in the clients and the full
 * production hardening are the Identity issue's; this is the server half the verifier needs.
 */
export const ENTRA_SCOPE = 'access_as_user';
export const entraIssuerFor = (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0`;
export const createEntraKeySet = () => createRemoteJWKSet(new URL('https://login.microsoftonline.com/common/discovery/v2.0/keys'), { cooldownDuration: 30_000, cacheMaxAge: 12 * 60 * 60 * 1000 });
