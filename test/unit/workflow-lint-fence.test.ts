import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('the lint fence around workflow code', () => {
  // The real eslint CLI with the project's config (its ESM config cannot load inside jest's VM).
  const lint = async (code: string, file: string): Promise<string[]> => {
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: ROOT, input: code, encoding: 'utf8' });
    const [result] = JSON.parse(run.stdout) as { messages: { message: string }[] }[];
    return result!.messages.map((message) => message.message);
  };

  it('rejects Node built-ins, Azure SDKs, botbuilder, store adapters and raw timers in workflows', async () => {
    const messages = await lint(
      [
        "import { readFileSync } from 'node:fs';",
        "import { CosmosClient } from '@azure/cosmos';",
        "import { TurnContext } from 'botbuilder';",
        "import { SqliteStore } from '../../../core/store/sqlite/sqlite-store';",
        'export const probe = [readFileSync, CosmosClient, TurnContext, SqliteStore, setTimeout];',
      ].join('\n'),
      'workflows/src/workflows/probe.ts',
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Node built-ins/),
        expect.stringMatching(/must not do I\/O/),
        expect.stringMatching(/only through activities/),
        expect.stringMatching(/sleep\(\) or condition\(\)/),
      ]),
    );
    expect(messages.length).toBeGreaterThanOrEqual(5);
  });

  it('allows the same imports outside workflow code', async () => {
    expect(await lint("import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n", 'workflows/src/activities/probe.ts')).toEqual([]);
  });

  it('keeps botbuilder inside the bot adapter', async () => {
    expect(await lint("import { type TurnContext } from 'botbuilder';\nexport type Probe = TurnContext;\n", 'bot/src/conversation/probe.ts')).toEqual([expect.stringMatching(/Only bot\/src\/adapter/)]);
    expect(await lint("import { type TurnContext } from 'botbuilder';\nexport type Probe = TurnContext;\n", 'bot/src/adapter/probe.ts')).toEqual([]);
  });
});
