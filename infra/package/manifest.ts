import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * The app manifest and the settings it is filled from.
 *
 * The committed manifest.json is the local-mode manifest: it validates as it stands, and its local
 * values are the placeholders. Packaging replaces every occurrence of each local value (in every string
 * of the manifest, so a field added later is covered without touching this file) with the value from the
 * environment:
 *
 * | local value in manifest.json                | replaced by                           |
 * |---------------------------------------------|---------------------------------------|
 * | 00000000-0000-0000-0000-000000000001         | TEAMS_APP_ID (the app's own id)       |
 * | 00000000-0000-0000-0000-000000000002         | MICROSOFT_APP_ID (the bot)            |
 * | 00000000-0000-0000-0000-000000000003         | ENTRA_CLIENT_ID (the API, SSO)        |
 * | https://localhost:3978, then localhost:3978 | PUBLIC_URL, then its host             |
 * | "version"                                   | APP_VERSION, else package.json's      |
 *
 * The names are the server's own (bot/src/config.ts), so one environment file serves both. Local mode
 * falls back to the local values for anything unset; production mode refuses to package while any of
 * them is missing or still local, and names each one.
 */

export type PackagingMode = 'local' | 'production';

export interface PackagingSetting {
  name: 'TEAMS_APP_ID' | 'MICROSOFT_APP_ID' | 'ENTRA_CLIENT_ID' | 'PUBLIC_URL';
  localValue: string;
  meaning: string;
}

export const PACKAGING_SETTINGS: readonly PackagingSetting[] = [
  { name: 'TEAMS_APP_ID', localValue: '00000000-0000-0000-0000-000000000001', meaning: 'the app’s own id: a GUID you generate once and keep for the life of the app' },
  { name: 'MICROSOFT_APP_ID', localValue: '00000000-0000-0000-0000-000000000002', meaning: 'the Azure Bot’s Microsoft App ID (its app registration or managed identity client id)' },
  { name: 'ENTRA_CLIENT_ID', localValue: '00000000-0000-0000-0000-000000000003', meaning: 'the API app registration’s client id, for SSO (webApplicationInfo)' },
  { name: 'PUBLIC_URL', localValue: 'https://localhost:3978', meaning: 'the web app’s public https:// base URL, e.g. https://teams.example.com' },
];

const LOCAL_HOST = 'localhost:3978';
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export interface PackagingValues {
  mode: PackagingMode;
  teamsAppId: string;
  botId: string;
  apiClientId: string;
  /** No trailing slash. */
  publicUrl: string;
  /** host[:port] of publicUrl: validDomains and the SSO resource. */
  publicHost: string;
  version: string;
  /** Settings that were unset and took their local value (local mode only). */
  defaulted: PackagingSetting['name'][];
}

/** A package that must not be built; `problems` name each setting at fault. */
export class PackagingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot build the app package:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee infra/DEPLOY.md (Package the app).`);
  }
}

const isLocalHost = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname) || hostname === '0.0.0.0';

/** Reads and checks the packaging settings; throws PackagingError naming every problem at once. */
export function packagingValues(env: Record<string, string | undefined>, defaultVersion: string): PackagingValues {
  const problems: string[] = [];
  const rawMode = env.APP_MODE?.trim() || 'local';
  if (rawMode !== 'local' && rawMode !== 'production') problems.push(`APP_MODE must be local or production (got “${rawMode}”)`);
  const mode: PackagingMode = rawMode === 'production' ? 'production' : 'local';
  const defaulted: PackagingSetting['name'][] = [];
  const values = {} as Record<PackagingSetting['name'], string>;

  for (const setting of PACKAGING_SETTINGS) {
    const value = env[setting.name]?.trim();
    if (!value) {
      if (mode === 'production') problems.push(`${setting.name} is required for a production package: ${setting.meaning}`);
      else defaulted.push(setting.name);
      values[setting.name] = setting.localValue;
      continue;
    }
    values[setting.name] = value;
    if (setting.name === 'PUBLIC_URL') continue;
    if (!GUID.test(value)) problems.push(`${setting.name} must be a GUID such as 1b4e28ba-2fa1-4d2b-883f-0016d3cca427 (got “${value}”): ${setting.meaning}`);
    else if (mode === 'production' && PACKAGING_SETTINGS.some((other) => other.localValue === value.toLowerCase())) problems.push(`${setting.name} is still a local placeholder (${value}); a production package needs the real id`);
  }

  let publicUrl = values.PUBLIC_URL.replace(/\/+$/, '');
  let publicHost = LOCAL_HOST;
  try {
    const url = new URL(publicUrl);
    publicHost = url.host;
    if (url.protocol !== 'https:') problems.push(`PUBLIC_URL must be an https:// URL (got “${values.PUBLIC_URL}”): Teams and Outlook load tabs and add-ins over HTTPS only; locally, use a tunnel`);
    if (url.search || url.hash || url.username || url.password) problems.push(`PUBLIC_URL must be a plain base URL without query, fragment or credentials (got “${values.PUBLIC_URL}”)`);
    if (mode === 'production' && isLocalHost(url.hostname)) problems.push(`PUBLIC_URL must be the public address in production, not ${url.host}`);
    publicUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    problems.push(`PUBLIC_URL must be an absolute https:// URL such as https://teams.example.com (got “${values.PUBLIC_URL}”)`);
  }

  const version = env.APP_VERSION?.trim() || defaultVersion;
  if (!SEMVER.test(version)) problems.push(`APP_VERSION must be a semantic version such as 1.4.0 (got “${version}”)`);

  if (problems.length > 0) throw new PackagingError(problems);
  return { mode, teamsAppId: values.TEAMS_APP_ID, botId: values.MICROSOFT_APP_ID, apiClientId: values.ENTRA_CLIENT_ID, publicUrl, publicHost, version, defaulted };
}

/** The manifest with every local value replaced (see the table above); the template is not modified. */
export function renderManifest(template: unknown, values: PackagingValues): Record<string, unknown> {
  const replacements: [string, string][] = [
    [PACKAGING_SETTINGS[0]!.localValue, values.teamsAppId],
    [PACKAGING_SETTINGS[1]!.localValue, values.botId],
    [PACKAGING_SETTINGS[2]!.localValue, values.apiClientId],
    // The full URL first, so that the bare host below only meets validDomains and the api:// resource.
    [PACKAGING_SETTINGS[3]!.localValue, values.publicUrl],
    [LOCAL_HOST, values.publicHost],
  ];
  const fill = (text: string) => replacements.reduce((result, [from, to]) => result.split(from).join(to), text);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return fill(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
    return node;
  };
  if (!template || typeof template !== 'object' || Array.isArray(template)) throw new Error('manifest.json must hold a JSON object');
  return { ...(walk(template) as Record<string, unknown>), version: values.version };
}

/** Local values that must never reach a production package: a leftover means a field the settings do not cover. */
export function localLeftovers(manifest: unknown): string[] {
  const text = JSON.stringify(manifest);
  return [...PACKAGING_SETTINGS.map((setting) => setting.localValue), LOCAL_HOST].filter((value) => text.includes(value));
}

/** Where @microsoft/app-manifest keeps the JSON schema of one manifest version (offline; nothing is fetched). */
export function manifestSchemaPath(manifestVersion: string): string {
  if (!/^1\.\d+$/.test(manifestVersion)) throw new Error(`manifestVersion must be a GA version such as 1.30 (got “${manifestVersion}”)`);
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(packageDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

const validators = new Map<string, ReturnType<Ajv['compile']>>();

/**
 * Validates a manifest against the JSON schema of its own manifestVersion, offline. The schemas are
 * draft-04 and self-contained (every $ref points into the same file), which is what ajv-draft-04
 * compiles; ajv-formats adds the uri/email/regex formats they use, as @microsoft/app-manifest does.
 * Returns one line per problem; an empty array means valid.
 */
export function validateManifest(manifest: unknown): string[] {
  const manifestVersion = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof manifestVersion !== 'string') return ['/manifestVersion is missing'];
  let validate = validators.get(manifestVersion);
  if (!validate) {
    // Some published schemas carry a "\a" escape that JavaScript regular expressions reject (the same
    // workaround as @microsoft/app-manifest's own fetchSchema).
    const schema = JSON.parse(readFileSync(manifestSchemaPath(manifestVersion), 'utf8').replace(/\\a/g, '\\x07')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema);
    validators.set(manifestVersion, validate);
  }
  const schemaUrl = `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
  const problems: string[] = [];
  if ((manifest as { $schema?: unknown }).$schema !== schemaUrl) problems.push(`/$schema must be ${schemaUrl} to match manifestVersion ${manifestVersion}`);
  if (!validate(manifest)) {
    for (const error of validate.errors ?? []) problems.push(`${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : ''}`);
  }
  return problems;
}
