import { clientAuthConfig } from '../../bot/src/auth/client-auth';
import { ConfigError, loadConfig } from '../../bot/src/config';

describe('start-up configuration', () => {
  it('defaults to local mode with the embedded store and Temporal', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.mode).toBe('local');
    expect(config.port).toBe(3978);
    expect(config.store).toEqual({ engine: 'sqlite', path: '/srv/app/.data/account-teams.db' });
    expect(config.temporal.address).toBeUndefined();
    expect(config.seedDemo).toBe(true);
  });

  it('refuses production mode without credentials, naming each missing setting', () => {
    try {
      loadConfig({ APP_MODE: 'production' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ['COSMOS_ENDPOINT', 'COSMOS_KEY', 'TEMPORAL_ADDRESS', 'ENTRA_CLIENT_ID', 'ENTRA_ALLOWED_TENANTS', 'MICROSOFT_APP_ID', 'PUBLIC_URL']) {
        expect(message).toContain(name);
      }
    }
  });

  it('names a malformed value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a port number/);
    expect(() => loadConfig({ APP_MODE: 'staging' })).toThrow(/APP_MODE must be local or production/);
    expect(() => loadConfig({ RUN_WORKER: 'maybe' })).toThrow(/RUN_WORKER must be true or false/);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      APP_MODE: 'production',
      COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/',
      COSMOS_KEY: 'k',
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_API_KEY: 'key',
      ENTRA_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      ENTRA_ALLOWED_TENANTS: 'a, b',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'secret',
      PUBLIC_URL: 'https://teams.example.com/',
    });
    expect(config.store.engine).toBe('cosmos');
    expect(config.identity.allowedTenants).toEqual(['a', 'b']);
    expect(config.publicUrl).toBe('https://teams.example.com');
    expect(config.seedDemo).toBe(false);
    expect(clientAuthConfig(config)).toEqual({
      mode: 'entra',
      clientId: '00000000-0000-0000-0000-000000000001',
      authority: 'https://login.microsoftonline.com/common',
      scopes: ['api://teams.example.com/00000000-0000-0000-0000-000000000001/access_as_user'],
    });
  });

  it('tells the pages to use local tokens in local mode', () => {
    expect(clientAuthConfig(loadConfig({}))).toEqual({ mode: 'local' });
  });
});
