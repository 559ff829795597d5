import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The browser tests run against the built add-in: build it when its sources changed (a no-op otherwise). */
export default function globalSetup() {
  execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'addin', 'scripts', 'build-if-stale.mjs'), '--quiet'], { stdio: 'inherit' });
}
