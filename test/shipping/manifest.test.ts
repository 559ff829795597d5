import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../bot/src/conversation/commands';
import { RIBBON_ICON_SIZES } from '../../infra/package/icons';
import { manifestSchemaPath, PACKAGING_SETTINGS, validateManifest } from '../../infra/package/manifest';
import { pngSize } from '../../infra/package/png';

const REPO_ROOT = join(__dirname, '..', '..');
const LOCAL_URL = 'https://localhost:3978';

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description?: string }[] }[] }[];
  staticTabs: { entityId: string; contentUrl?: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
  extensions: {
    requirements: { scopes: string[]; capabilities: { name: string; minVersion?: string }[] };
    runtimes: { id: string; code: { page: string }; actions: { id: string; type: string; pinnable?: boolean }[]; requirements?: { capabilities: { name: string; minVersion?: string }[] } }[];
    ribbons: { contexts: string[]; tabs: { groups: { icons?: { size: number; url: string }[]; controls: { actionId: string; icons: { size: number; url: string }[] }[] }[] }[] }[];
  }[];
}

const readManifest = () => JSON.parse(readFileSync(join(REPO_ROOT, 'manifest.json'), 'utf8')) as Manifest;
const localId = (name: string) => PACKAGING_SETTINGS.find((setting) => setting.name === name)!.localValue;

/** Every string in the manifest that looks like a URL. */
function urlsIn(node: unknown): string[] {
  if (typeof node === 'string') return /^https?:\/\//i.test(node) ? [node] : [];
  if (Array.isArray(node)) return node.flatMap(urlsIn);
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([key, value]) => (key === '$schema' ? [] : urlsIn(value)));
  return [];
}

describe('the Microsoft 365 app manifest (manifest.json)', () => {
  it('is valid, as committed, against the JSON schema of its manifest version shipped in @microsoft/app-manifest', () => {
    const manifest = readManifest();
    expect(existsSync(manifestSchemaPath(manifest.manifestVersion))).toBe(true);
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('uses a GA manifest version of at least 1.17, whose schema has the Outlook extensions node', () => {
    const manifest = readManifest();
    expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(17);
    const schema = JSON.parse(readFileSync(manifestSchemaPath(manifest.manifestVersion), 'utf8')) as { properties: Record<string, unknown> };
    expect(schema.properties).toHaveProperty('extensions');
  });

  it('is checked for real: the validator reports what the schema forbids', () => {
    const manifest = readManifest() as unknown as Record<string, unknown> & Manifest;
    manifest.bots[0]!.botId = 'not-a-guid';
    manifest.extensions[0]!.runtimes[0]!.code.page = 'http://insecure.example.com/taskpane.html';
    (manifest as Record<string, unknown>).unknownProperty = true;
    const problems = validateManifest(manifest);
    expect(problems.some((problem) => problem.startsWith('/bots/0/botId'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('/extensions/0/runtimes/0/code/page'))).toBe(true);
    expect(problems.some((problem) => problem.includes('unknownProperty'))).toBe(true);
    expect(validateManifest({ ...readManifest(), $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json' })).toEqual([
      expect.stringContaining('/$schema must be'),
    ]);
  });

  it('declares the bot in team, group chat and personal scopes with exactly the bot’s commands and their descriptions', () => {
    const [bot, ...others] = readManifest().bots;
    expect(others).toHaveLength(0);
    expect(bot!.botId).toBe(localId('MICROSOFT_APP_ID'));
    expect(bot!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const listed = bot!.commandLists.flatMap((list) => list.commands);
    for (const command of listed) {
      const known = COMMANDS.find((candidate) => candidate.name === command.title);
      expect(known).toBeDefined();
      expect(command.description).toBe(known!.does);
    }
    expect(new Set(listed.map((command) => command.title))).toEqual(new Set(COMMANDS.map((command) => command.name)));
    expect(bot!.commandLists.flatMap((list) => list.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('has the leadership dashboard and the admin console as personal tabs, and the dashboard as a team and group chat tab', () => {
    const manifest = readManifest();
    const personal = Object.fromEntries(manifest.staticTabs.map((tab) => [tab.entityId, tab]));
    expect(personal.dashboard).toMatchObject({ contentUrl: `${LOCAL_URL}/tab.html`, scopes: ['personal'] });
    expect(personal.admin).toMatchObject({ contentUrl: `${LOCAL_URL}/admin.html`, scopes: ['personal'] });
    expect(manifest.configurableTabs).toHaveLength(1);
    expect(manifest.configurableTabs[0]!.configurationUrl.startsWith(`${LOCAL_URL}/tab.html`)).toBe(true);
    expect(manifest.configurableTabs[0]!.scopes.sort()).toEqual(['groupChat', 'team']);
  });

  it('opens the taskpane in Outlook read and compose, with the Mailbox requirement set and item-read permission', () => {
    const manifest = readManifest();
    expect(manifest.extensions).toHaveLength(1);
    const extension = manifest.extensions[0]!;
    expect(extension.requirements.scopes).toEqual(['mail']);
    expect(extension.requirements.capabilities).toEqual([{ name: 'Mailbox', minVersion: expect.stringMatching(/^1\.\d+$/) }]);
    const actions = new Map(extension.runtimes.flatMap((runtime) => runtime.actions.map((action) => [action.id, { runtime, action }] as const)));
    for (const runtime of extension.runtimes) expect(runtime.code.page).toBe(`${LOCAL_URL}/taskpane.html`);
    expect(extension.ribbons.flatMap((ribbon) => ribbon.contexts).sort()).toEqual(['mailCompose', 'mailRead']);
    for (const ribbon of extension.ribbons) {
      const controls = ribbon.tabs.flatMap((tab) => tab.groups.flatMap((group) => group.controls));
      expect(controls.length).toBeGreaterThan(0);
      for (const control of controls) {
        const target = actions.get(control.actionId);
        expect(target?.action.type).toBe('openPage');
        // Pinning keeps the pane on while the reader moves between messages; Outlook pins in read mode only.
        expect(target?.action.pinnable ?? false).toBe(ribbon.contexts.includes('mailRead'));
      }
    }
    expect(manifest.authorization.permissions.resourceSpecific).toContainEqual({ name: 'MailboxItem.Read.User', type: 'Delegated' });
  });

  it('names the API app registration for SSO, as api://<host>/<client id>', () => {
    const { webApplicationInfo } = readManifest();
    expect(webApplicationInfo.id).toBe(localId('ENTRA_CLIENT_ID'));
    expect(webApplicationInfo.resource).toBe(`api://localhost:3978/${localId('ENTRA_CLIENT_ID')}`);
  });

  it('loads everything from the one public host that validDomains lists, over https', () => {
    const manifest = readManifest();
    expect(manifest.id).toBe(localId('TEAMS_APP_ID'));
    expect(manifest.validDomains).toEqual(['localhost:3978']);
    const urls = urlsIn(manifest);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url.startsWith(`${LOCAL_URL}/`)).toBe(true);
  });

  it('points the ribbon at icons that exist in assets/icons with the size each entry claims', () => {
    const icons = readManifest().extensions[0]!.ribbons.flatMap((ribbon) =>
      ribbon.tabs.flatMap((tab) => tab.groups.flatMap((group) => [...(group.icons ?? []), ...group.controls.flatMap((control) => control.icons)])),
    );
    expect(new Set(icons.map((icon) => icon.size))).toEqual(new Set(RIBBON_ICON_SIZES));
    for (const icon of icons) {
      const name = icon.url.slice(`${LOCAL_URL}/icons/`.length);
      expect(pngSize(readFileSync(join(REPO_ROOT, 'assets', 'icons', name)))).toEqual({ width: icon.size, height: icon.size });
    }
  });
});
