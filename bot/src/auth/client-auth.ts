import type { AppConfig } from '../config';
import { ENTRA_SCOPE } from './entra';

/** What the pages need to sign in (served as /auth-config.json): public values only, no secrets. */
export type ClientAuthConfig = { mode: 'local' } | { mode: 'entra'; clientId: string; authority: string; scopes: string[] };

/**
 * Local mode: the pages use local-issuer tokens. Production: Nested App Authentication with the API's
 * app registration, asking for `api://<public host>/<client id>/access_as_user` — the scope the server
 * requires (bot/src/auth/entra.ts) and the manifest's webApplicationInfo resource declares.
 */
export function clientAuthConfig(config: Pick<AppConfig, 'mode' | 'publicUrl' | 'identity'>): ClientAuthConfig {
  if (config.mode === 'local' || !config.identity.entraClientId) return { mode: 'local' };
  const clientId = config.identity.entraClientId;
  return { mode: 'entra', clientId, authority: 'https://login.microsoftonline.com/common', scopes: [`api://${new URL(config.publicUrl).host}/${clientId}/${ENTRA_SCOPE}`] };
}
