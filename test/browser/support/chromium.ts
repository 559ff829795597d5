import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser of its own). `.ci/run`
 * installs it with apt when `chromium` is not on PATH; CHROMIUM_PATH overrides the lookup.
 */
export function chromiumExecutable(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // next
      }
    }
  }
  throw new Error('Chromium not found on PATH: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH. .ci/run installs it.');
}

/**
 * Headless, sandbox-free (CI runs as root), quiet: no background networking, updates, sync or first-run UI.
 * playwright-core adds --headless and --no-sandbox itself and gives every launch a fresh temporary
 * --user-data-dir (it refuses one in `args`), so no state leaks between runs.
 */
export const CHROMIUM_FLAGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), headless: true, chromiumSandbox: false, args: CHROMIUM_FLAGS, timeout: 60_000 });
}
