/**
 * `npm run provision` (also used by .ci/run): make sure a Temporal CLI is available, building it into .tools
 * with Go when needed, and print its path on stdout. Progress goes to stderr so the path can be captured.
 * Exits 1 when no CLI could be found or built.
 *
 * It also provisions the time-skipping test server (infra/local/time-skipping-server.ts; Java + Maven). Its
 * path is not printed on stdout (that stays the CLI path alone): it is reported on stderr as
 * `TEMPORAL_TEST_SERVER_PATH=<path>`, and both paths are written to `<toolsDir>/provisioned.env`
 * (`KEY='value'` lines, for `set -a; . .tools/provisioned.env; set +a`). A missing test server is a warning,
 * not a failure: test/support/time-skipping-env.ts then falls back to the SDK's download.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from './provisioning-utils';
import { DEFAULT_TOOLS_DIR, findOrProvisionTemporalCli } from './temporal-cli';
import { findOrProvisionTimeSkippingServer, TimeSkippingServerUnavailableError } from './time-skipping-server';

async function main(): Promise<void> {
  const toolsDir = process.env.TOOLS_DIR ?? DEFAULT_TOOLS_DIR;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const envFile = join(toolsDir, 'provisioned.env');
  rmSync(envFile, { force: true });

  const path = await findOrProvisionTemporalCli({ toolsDir, log });
  if (!path) {
    log('No Temporal CLI available: install Go (to build it), put `temporal` on PATH, or set TEMPORAL_CLI_PATH.');
    process.exitCode = 1;
    return;
  }

  let testServer: string | undefined;
  try {
    testServer = await findOrProvisionTimeSkippingServer({ toolsDir, log });
    log(`TEMPORAL_TEST_SERVER_PATH=${testServer}`);
  } catch (error) {
    if (!(error instanceof TimeSkippingServerUnavailableError)) throw error;
    log(`Warning: no time-skipping test server: ${error.message}`);
    log("Time-skipping tests will try the SDK's download instead (needs internet access).");
  }

  const entries: [string, string][] = [['TEMPORAL_CLI_PATH', path]];
  if (testServer) entries.push(['TEMPORAL_TEST_SERVER_PATH', testServer]);
  mkdirSync(toolsDir, { recursive: true });
  writeFileSync(envFile, entries.map(([key, value]) => `${key}=${shellQuote(value)}\n`).join(''));
  process.stdout.write(`${path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
