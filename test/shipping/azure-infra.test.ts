import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINER_DEFINITIONS, INDEXING_POLICY } from '../../core/store/cosmos/cosmos-layout';

/**
 * No Bicep compiler runs here (it is not installable on these machines), so these are drift checks on the
 * text: the deployment must create what the code expects — the Cosmos DB layout of cosmos-layout.ts, every
 * setting production mode requires (bot/src/config.ts), secrets only from Key Vault, one image in two roles.
 */
const AZURE = join(__dirname, '..', '..', 'infra', 'azure');
const read = (path: string) => readFileSync(join(AZURE, path), 'utf8');
const main = read('main.bicep');
const config = readFileSync(join(__dirname, '..', '..', 'bot', 'src', 'config.ts'), 'utf8');

/** Environment variables main.bicep gives the apps: `name: 'X'` followed by `value:` or `secretRef:`. */
function appSettings(bicep: string): Map<string, { value?: string; secretRef?: string }> {
  const settings = new Map<string, { value?: string; secretRef?: string }>();
  for (const match of bicep.matchAll(/name: '([A-Z][A-Z0-9_]+)'\s*\n\s*(value|secretRef): ([^\n]+)/g)) {
    settings.set(match[1]!, { [match[2]!]: match[3]!.trim() });
  }
  return settings;
}

describe('the Azure deployment (infra/azure)', () => {
  it('creates the Cosmos DB containers of cosmos-layout.ts with the same partition keys and indexing policy', () => {
    const cosmos = read('modules/cosmos.bicep');
    for (const definition of CONTAINER_DEFINITIONS) {
      expect(cosmos).toMatch(new RegExp(`name: '${definition.id}'\\s*\\n\\s*partitionKeyPath: '${definition.partitionKey!.paths[0]}'`));
    }
    expect(cosmos.match(/partitionKeyPath: '/g)).toHaveLength(CONTAINER_DEFINITIONS.length);
    expect(cosmos).toContain(`indexingMode: '${INDEXING_POLICY.indexingMode}'`);
    expect(cosmos).toContain(`automatic: ${String(INDEXING_POLICY.automatic)}`);
    for (const { path } of INDEXING_POLICY.includedPaths!) expect(cosmos).toContain(`path: '${path}'`);
    for (const { path } of INDEXING_POLICY.excludedPaths!) expect(cosmos).toContain(`path: '${path}'`);
  });

  it('gives the apps every setting production mode requires, with the secrets from Key Vault', () => {
    const settings = appSettings(main);
    for (const name of ['PUBLIC_URL', 'COSMOS_ENDPOINT', 'COSMOS_KEY', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'ENTRA_CLIENT_ID', 'ENTRA_ALLOWED_TENANTS', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD']) {
      expect(settings.has(name)).toBe(true);
    }
    expect(settings.get('APP_MODE')).toEqual({ value: "'production'" });
    for (const secret of ['COSMOS_KEY', 'MICROSOFT_APP_PASSWORD', 'TEMPORAL_API_KEY']) expect(settings.get(secret)?.secretRef).toBeDefined();
    for (const name of ['COSMOS-KEY', 'MICROSOFT-APP-PASSWORD', 'TEMPORAL-API-KEY', 'TEMPORAL-TLS-CERT', 'TEMPORAL-TLS-KEY']) {
      expect(main).toContain(`}${name}'`); // '${vaultSecretUrl}<NAME>'
      expect(read('modules/keyvault.bicep')).toContain(`name: '${name}'`);
    }
  });

  it('sets only variables the server reads (bot/src/config.ts), so a typo cannot go unnoticed', () => {
    const unknown = [...appSettings(main).keys()].filter((name) => name !== 'APPLICATIONINSIGHTS_CONNECTION_STRING' && !config.includes(`${name}:`));
    expect(unknown).toEqual([]);
  });

  it('runs the web server and the worker as two container apps from one image, RUN_WORKER telling them apart', () => {
    expect(main).toMatch(/module server 'modules\/container-app.bicep'[\s\S]*?external: true[\s\S]*?name: 'RUN_WORKER'\s*\n\s*value: 'false'/);
    expect(main).toMatch(/module worker 'modules\/container-app.bicep'[\s\S]*?external: false[\s\S]*?name: 'RUN_WORKER'\s*\n\s*value: 'true'/);
    expect(main).toContain("messagingEndpoint: '${publicUrl}/api/messages'");
    expect(read('modules/bot.bicep')).toContain("name: 'MsTeamsChannel'");
  });

  it('keeps secrets out of the example parameters file', () => {
    const example = JSON.parse(read('main.parameters.example.json')) as { parameters: Record<string, unknown> };
    const secureParams = [...main.matchAll(/@secure\(\)\s*\n(?:@description\([^\n]*\)\s*\n)?param (\w+)/g)].map((match) => match[1]!);
    expect(secureParams.sort()).toEqual(['microsoftAppPassword', 'temporalApiKey', 'temporalTlsCert', 'temporalTlsKey']);
    for (const name of secureParams) expect(example.parameters).not.toHaveProperty(name);
    const declared = new Set([...main.matchAll(/^param (\w+)/gm)].map((match) => match[1]!));
    for (const name of Object.keys(example.parameters)) expect(declared.has(name)).toBe(true);
  });

  it('has a module file for every module main.bicep uses', () => {
    const used = [...main.matchAll(/^module \w+ '([^']+)'/gm)].map((match) => match[1]!);
    const present = readdirSync(join(AZURE, 'modules')).map((file) => `modules/${file}`);
    for (const path of used) expect(present).toContain(path);
  });

  it('builds an image that runs the server with tsx and serves the add-in pages and ribbon icons', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toContain('CMD ["node", "--import", "tsx", "bot/src/main.ts"]');
    for (const dir of ['core', 'workflows', 'bot', 'infra/local', 'addin/dist']) expect(dockerfile).toContain(`COPY --from=build /app/${dir} ./${dir}`);
    // The icons reach addin/dist/icons/ through the add-in build (a Vite plugin), so they must be in the build stage first.
    const iconsCopied = dockerfile.indexOf('COPY assets/icons ./assets/icons');
    expect(iconsCopied).toBeGreaterThan(-1);
    expect(iconsCopied).toBeLessThan(dockerfile.indexOf('RUN node addin/scripts/build-if-stale.mjs'));
    expect(readFileSync(join(__dirname, '..', '..', 'addin', 'vite.config.mts'), 'utf8')).toMatch(/emitFile\(\{ type: 'asset', fileName: `icons\/\$\{file\}`/);
  });
});
