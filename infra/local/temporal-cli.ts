/**
 * Finds a `temporal` CLI binary for the local dev server, building one with Go when there is none.
 *
 * Why build instead of download: the SDK's own download (TestWorkflowEnvironment.createLocal) fetches from
 * temporal.download, which machines behind a package-registry-only proxy cannot reach, whereas the Go module
 * proxy usually is reachable. The version is pinned to v1.5.1 on purpose: later tags carry a `replace`
 * directive in go.mod, and `go install pkg@version` refuses modules with replace directives.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { isExecutableFile, runWithProgress, withLock } from './provisioning-utils';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/** `<repo>/.tools` (gitignored): where provisioned binaries go. */
export const DEFAULT_TOOLS_DIR = resolve(__dirname, '..', '..', '.tools');

export interface FindCliOptions {
  toolsDir?: string;
  log: (line: string) => void;
  /** Defaults to process.env; injectable for tests. */
  env?: NodeJS.ProcessEnv;
}

const exeName = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name);

/** `which`, without spawning a shell. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exeName(name));
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** A binary that does not run (wrong architecture, truncated download) is treated as absent. */
function cliVersion(path: string): string | undefined {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.status !== 0) return undefined;
  return result.stdout.trim();
}

/**
 * Resolution order: TEMPORAL_CLI_PATH, `temporal` on PATH, `<toolsDir>/bin/temporal`, then `go install` into
 * `<toolsDir>/bin` when Go is available. Returns undefined when nothing worked, so the caller can fall back to
 * the SDK's download.
 */
export async function findOrProvisionTemporalCli(opts: FindCliOptions): Promise<string | undefined> {
  const env = opts.env ?? process.env;
  const toolsDir = opts.toolsDir ?? DEFAULT_TOOLS_DIR;
  const { log } = opts;

  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    const path = resolve(explicit);
    if (!isExecutableFile(path)) {
      throw new Error(`TEMPORAL_CLI_PATH is set to ${explicit}, but that is not an executable file. Fix or unset it.`);
    }
    if (!cliVersion(path)) throw new Error(`TEMPORAL_CLI_PATH is set to ${explicit}, but \`${explicit} --version\` failed.`);
    return path;
  }

  const onPath = findOnPath('temporal', env);
  if (onPath && cliVersion(onPath)) return onPath;
  if (onPath) log(`Ignoring ${onPath}: \`temporal --version\` failed.`);

  const provisioned = join(toolsDir, 'bin', exeName('temporal'));
  if (isExecutableFile(provisioned) && cliVersion(provisioned)) return provisioned;

  const go = findOnPath('go', env);
  if (!go) {
    log('No Temporal CLI found (TEMPORAL_CLI_PATH, PATH, .tools/bin) and Go is not installed to build one.');
    return undefined;
  }
  return withLock(join(toolsDir, '.provision.lock'), { what: 'the Temporal CLI', staleAfterMs: 20 * 60_000, log }, async () => {
    // Another process may have finished the build while we waited for the lock.
    if (isExecutableFile(provisioned) && cliVersion(provisioned)) return provisioned;
    const built = await goInstall(go, toolsDir, env, log);
    return built && isExecutableFile(provisioned) && cliVersion(provisioned) ? provisioned : undefined;
  });
}

async function goInstall(go: string, toolsDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<boolean> {
  const bin = join(toolsDir, 'bin');
  mkdirSync(bin, { recursive: true });
  const target = `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`;
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${bin}.`);
  log('This takes a few minutes on a fresh machine (downloading and compiling the Temporal server); it happens once.');
  // -v prints each package as it compiles, so a long build shows progress; -ldflags makes `temporal --version`
  // report the real version instead of 0.0.0-DEV.
  const args = ['install', '-v', '-ldflags', `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`, target];
  // go prints hundreds of lines (one per module download and per package): a sample is shown with a running count.
  const { code, seconds } = await runWithProgress(go, args, { env: { ...env, GOBIN: bin }, label: 'go', log });
  if (code !== 0) return false;
  log(`Built the Temporal CLI in ${seconds}s.`);
  return true;
}
