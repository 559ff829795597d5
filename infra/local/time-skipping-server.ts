/**
 * Provides the time-skipping Temporal test server for TestWorkflowEnvironment.createTimeSkipping().
 *
 * The SDK's default downloads a native test server from temporal.download, which machines behind a
 * package-registry-only proxy cannot reach. The same server is published to Maven Central as
 * `io.temporal:temporal-test-server`, so this module fetches the jar and its dependencies with Maven into
 * `<toolsDir>/java/` and writes a small shell wrapper, `<toolsDir>/bin/temporal-test-server`. The SDK runs it
 * exactly like its native binary: `<wrapper> <port> [extraArgs]`.
 *
 * The server has no Schedules and no visibility (List/Count workflow) APIs: tests that need those use the dev
 * server (test/support/temporal-for-tests.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_TOOLS_DIR, findOnPath } from './temporal-cli';
import { isExecutableFile, runWithProgress, shellQuote, withLock } from './provisioning-utils';

export const TEST_SERVER_ARTIFACT = 'io.temporal:temporal-test-server';
/** Newest on Maven Central when pinned; runs on Java 8 and later (checked on Java 17). */
export const TEST_SERVER_VERSION = '1.38.0';
export const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
/** Matches the slf4j-api the server depends on; silences slf4j's "no binding" warning on every start. */
const SLF4J_NOP = 'org.slf4j:slf4j-nop:1.7.36';
/** Pinned so the result does not depend on the default that the installed Maven binds. */
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
/** A short-lived test server gains nothing from C2 or a parallel GC; this keeps the JVM off the test's cores. */
const DEFAULT_JAVA_OPTS = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';

export interface FindTestServerOptions {
  toolsDir?: string;
  log: (line: string) => void;
  /** Defaults to process.env; injectable for tests. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Java or Maven is missing (or Maven failed), so no test server could be provided. Callers that can live
 * without it (the SDK's own download on machines with internet) catch this; a misconfigured
 * TEMPORAL_TEST_SERVER_PATH is a plain Error instead.
 */
export class TimeSkippingServerUnavailableError extends Error {
  override name = 'TimeSkippingServerUnavailableError';
}

/** `$JAVA_HOME/bin/java`, else `java` on PATH; only one that runs counts. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : undefined, findOnPath('java', env)];
  for (const candidate of candidates) {
    if (!candidate || !isExecutableFile(candidate)) continue;
    const result = spawnSync(candidate, ['-version'], { encoding: 'utf8', timeout: 15_000 });
    if (result.status === 0) return candidate;
  }
  return undefined;
}

export function testServerPaths(toolsDir: string = DEFAULT_TOOLS_DIR) {
  const libDir = join(toolsDir, 'java', `temporal-test-server-${TEST_SERVER_VERSION}`, 'lib');
  return {
    wrapper: join(toolsDir, 'bin', 'temporal-test-server'),
    libDir,
    serverJar: join(libDir, `temporal-test-server-${TEST_SERVER_VERSION}.jar`),
  };
}

/** Bump WRAPPER_REVISION when the wrapper script changes, so existing ones are rewritten. */
const WRAPPER_REVISION = 1;
const wrapperMarker = `# ${TEST_SERVER_ARTIFACT}:${TEST_SERVER_VERSION} (wrapper r${WRAPPER_REVISION})`;

function isProvisioned(toolsDir: string): boolean {
  const { wrapper, serverJar } = testServerPaths(toolsDir);
  if (!isExecutableFile(wrapper) || !existsSync(serverJar)) return false;
  try {
    return readFileSync(wrapper, 'utf8').includes(wrapperMarker);
  } catch {
    return false;
  }
}

/**
 * Resolution order: TEMPORAL_TEST_SERVER_PATH, then `<toolsDir>/bin/temporal-test-server` when it is in place
 * for the pinned version, then a Maven download into `<toolsDir>/java/` (a few seconds, once).
 * Throws TimeSkippingServerUnavailableError when Java or Maven is missing or Maven fails.
 */
export async function findOrProvisionTimeSkippingServer(opts: FindTestServerOptions): Promise<string> {
  const env = opts.env ?? process.env;
  const toolsDir = opts.toolsDir ?? DEFAULT_TOOLS_DIR;
  const { log } = opts;

  const explicit = env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    const path = resolve(explicit);
    if (!isExecutableFile(path)) {
      throw new Error(`TEMPORAL_TEST_SERVER_PATH is set to ${explicit}, but that is not an executable file. Fix or unset it.`);
    }
    return path;
  }

  if (process.platform === 'win32') {
    throw new TimeSkippingServerUnavailableError('The Maven-provisioned test server wrapper is a shell script; on Windows set TEMPORAL_TEST_SERVER_PATH.');
  }
  const { wrapper } = testServerPaths(toolsDir);
  if (isProvisioned(toolsDir)) return wrapper;
  // Starting a JVM takes a while: only when there is something to provision.
  const java = findJava(env);
  if (!java) {
    throw new TimeSkippingServerUnavailableError(
      'No Java found for the time-skipping test server (neither $JAVA_HOME/bin/java nor `java` on PATH runs). ' +
        'Install a JDK/JRE 8+ (e.g. `apt-get install openjdk-17-jre-headless`) or set TEMPORAL_TEST_SERVER_PATH.',
    );
  }

  const mvn = findOnPath('mvn', env);
  if (!mvn) {
    throw new TimeSkippingServerUnavailableError(
      `Maven (\`mvn\`) is not on PATH, so ${TEST_SERVER_ARTIFACT}:${TEST_SERVER_VERSION} cannot be fetched. ` +
        'Install Maven (e.g. `apt-get install maven`) or set TEMPORAL_TEST_SERVER_PATH.',
    );
  }
  return withLock(join(toolsDir, '.time-skipping-server.lock'), { what: 'the time-skipping test server', staleAfterMs: 10 * 60_000, log }, async () => {
    // Another process may have finished while we waited for the lock.
    if (isProvisioned(toolsDir)) return wrapper;
    await mavenFetch(mvn, toolsDir, env, log);
    writeWrapper(toolsDir, java);
    if (!isProvisioned(toolsDir)) throw new TimeSkippingServerUnavailableError(`Provisioning finished, but ${wrapper} is not usable.`);
    log(`Time-skipping test server ready: ${wrapper}`);
    return wrapper;
  });
}

async function mavenFetch(mvn: string, toolsDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const { libDir } = testServerPaths(toolsDir);
  const pomDir = mkdtempSync(join(tmpdir(), 'temporal-test-server-pom-'));
  const staging = `${libDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(resolve(libDir, '..'), { recursive: true });
  const dependency = (coordinates: string) => {
    const [groupId, artifactId, version] = coordinates.split(':');
    return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  };
  writeFileSync(
    join(pomDir, 'pom.xml'),
    [
      '<project xmlns="http://maven.apache.org/POM/4.0.0">',
      '  <modelVersion>4.0.0</modelVersion>',
      '  <groupId>local.provision</groupId><artifactId>temporal-test-server-runtime</artifactId><version>1</version>',
      '  <packaging>pom</packaging>',
      '  <dependencies>',
      `    ${dependency(`${TEST_SERVER_ARTIFACT}:${TEST_SERVER_VERSION}`)}`,
      `    ${dependency(SLF4J_NOP)}`,
      '  </dependencies>',
      '</project>',
      '',
    ].join('\n'),
  );

  log(`Fetching ${TEST_SERVER_ARTIFACT}:${TEST_SERVER_VERSION} and its dependencies with Maven into ${libDir}.`);
  log('This downloads about 40 jars (~40 MB) from Maven Central the first time; it happens once.');
  const args = ['-B', '-Dstyle.color=never', '-f', join(pomDir, 'pom.xml'), `${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'];
  // Maven prints one line per downloaded file: a sample is shown with a running count of downloads.
  const { code, seconds, counted: downloads } = await runWithProgress(mvn, args, {
    cwd: pomDir,
    env,
    label: 'mvn',
    log,
    // eslint-disable-next-line no-control-regex -- Maven colours its output even in batch mode
    onLine: (line) => line.replace(/\x1b\[[0-9;]*m/g, '').replace(/^\[INFO\] /, '').trim(),
    count: { what: 'files downloaded', matches: (line) => line.startsWith('Downloaded from') },
  }).finally(() => rmSync(pomDir, { recursive: true, force: true }));
  if (code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new TimeSkippingServerUnavailableError(`Maven could not fetch ${TEST_SERVER_ARTIFACT}:${TEST_SERVER_VERSION} (exit ${code}); see the output above.`);
  }
  rmSync(libDir, { recursive: true, force: true });
  renameSync(staging, libDir);
  log(`Fetched the test server (${downloads} files downloaded) in ${seconds}s.`);
}

/**
 * The wrapper `exec`s the JVM, so the process the SDK starts (and SIGKILLs in env.teardown()) is the JVM
 * itself. A watchdog stops the JVM when the process that started it dies without a teardown (a killed jest
 * worker); its stdio goes to /dev/null, because the SDK reads the server's stdout/stderr pipes until EOF.
 */
function writeWrapper(toolsDir: string, java: string): void {
  const { wrapper, libDir } = testServerPaths(toolsDir);
  mkdirSync(resolve(wrapper, '..'), { recursive: true });
  const script = `#!/bin/sh
${wrapperMarker}
# Written by infra/local/time-skipping-server.ts; rerun \`npm run provision\` to rewrite it.
#
# Usage: temporal-test-server <port> [--enable-time-skipping]
# The TypeScript SDK runs \`temporal-test-server <port>\`: time skipping starts locked, and the SDK unlocks it
# while a workflow result is awaited and during env.sleep(). --enable-time-skipping unlocks it from the start.
# TEMPORAL_TEST_SERVER_JAVA picks another java; TEMPORAL_TEST_SERVER_JAVA_OPTS replaces the JVM options.
PROVISIONED_JAVA=${shellQuote(java)}
JAVA="\${TEMPORAL_TEST_SERVER_JAVA:-$PROVISIONED_JAVA}"
[ -x "$JAVA" ] || JAVA=java

parent=$PPID
self=$$
(
  alive() {
    kill -0 "$1" 2>/dev/null || return 1
    [ -r "/proc/$1/cmdline" ] || return 0
    tr '\\000' ' ' < "/proc/$1/cmdline" | grep -q temporal-test-server
  }
  while sleep 2; do
    kill -0 "$parent" 2>/dev/null || { alive "$self" && kill "$self"; exit 0; }
    alive "$self" || exit 0
  done
) </dev/null >/dev/null 2>&1 &

exec "$JAVA" \${TEMPORAL_TEST_SERVER_JAVA_OPTS-${DEFAULT_JAVA_OPTS}} -cp ${shellQuote(`${libDir}/*`)} ${TEST_SERVER_MAIN_CLASS} "$@"
`;
  const temp = `${wrapper}.tmp-${process.pid}`;
  writeFileSync(temp, script, { mode: 0o755 });
  renameSync(temp, wrapper);
}
