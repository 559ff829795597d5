/**
 * `npm run provision` (also used by .ci/run): make sure a Temporal CLI is available, building it into .tools
 * with Go when needed, and print its path on stdout. Progress goes to stderr so the path can be captured.
 * Exits 1 when no CLI could be found or built.
 */
import { DEFAULT_TOOLS_DIR, findOrProvisionTemporalCli } from './temporal-cli';

async function main(): Promise<void> {
  const toolsDir = process.env.TOOLS_DIR ?? DEFAULT_TOOLS_DIR;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const path = await findOrProvisionTemporalCli({ toolsDir, log });
  if (!path) {
    log('No Temporal CLI available: install Go (to build it), put `temporal` on PATH, or set TEMPORAL_CLI_PATH.');
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
