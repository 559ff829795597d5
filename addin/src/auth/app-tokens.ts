import { createNaaTokens, type EntraAuthConfig } from './naa';
import { localTokens, type TokenProvider } from './token';

type AuthConfig = { mode: 'local' } | ({ mode: 'entra' } & EntraAuthConfig);

/**
 * The pages' token provider. A local-mode token handed to the page (tests, `npm run token`) is used at
 * once, with no extra request on the first paint; otherwise the server's /auth-config.json says whether
 * to sign in with Entra ID through NAA (production) or to ask for a local token (local mode).
 */
export function createAppTokens(loadConfig: () => Promise<AuthConfig> = fetchAuthConfig): TokenProvider {
  let entra: Promise<TokenProvider | undefined> | undefined;
  const entraTokens = () => {
    entra ??= loadConfig()
      .then((config) => (config.mode === 'entra' ? createNaaTokens(config) : undefined))
      .catch(() => undefined);
    return entra;
  };
  return {
    async getToken() {
      const local = await localTokens.getToken();
      if (local) return local;
      return (await entraTokens())?.getToken();
    },
    signOut() {
      localTokens.signOut();
      void entraTokens().then((provider) => provider?.signOut());
    },
  };
}

async function fetchAuthConfig(): Promise<AuthConfig> {
  const response = await fetch('/auth-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`auth config: HTTP ${response.status}`);
  return (await response.json()) as AuthConfig;
}

export const appTokens = createAppTokens();
