import type { TokenProvider } from './token';

export interface EntraAuthConfig {
  clientId: string;
  authority: string;
  scopes: string[];
}

/**
 * Nested App Authentication: inside Outlook and Teams, MSAL borrows the host's sign-in
 * (createNestablePublicClientApplication), so partners never see a login page. MSAL is a separate
 * chunk, loaded only in production mode. Outside a NAA-capable host MSAL falls back to a popup.
 */
export function createNaaTokens(config: EntraAuthConfig): TokenProvider {
  let client: Promise<import('@azure/msal-browser').IPublicClientApplication> | undefined;
  const msal = () => {
    client ??= import('@azure/msal-browser').then(({ createNestablePublicClientApplication }) =>
      createNestablePublicClientApplication({ auth: { clientId: config.clientId, authority: config.authority }, cache: { cacheLocation: 'localStorage' } }),
    );
    return client;
  };
  return {
    async getToken() {
      const app = await msal();
      const account = app.getActiveAccount() ?? app.getAllAccounts()[0];
      try {
        const result = await app.acquireTokenSilent({ scopes: config.scopes, ...(account ? { account } : {}) });
        app.setActiveAccount(result.account);
        return result.accessToken;
      } catch {
        // No cached or silent token (first use, consent needed): ask the host, then a popup.
        const result = await app.acquireTokenPopup({ scopes: config.scopes });
        app.setActiveAccount(result.account);
        return result.accessToken;
      }
    },
    signOut() {
      void msal().then((app) => app.clearCache());
    },
  };
}
