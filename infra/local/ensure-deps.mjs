#!/usr/bin/env node
// Run before `npm start` (prestart), with nothing but Node: installs the dependencies with `npm ci` when
// node_modules is missing or older than package-lock.json, so `npm start` alone sets up a fresh clone.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.account-teams-lock-hash');
const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');

const installed = existsSync(join(root, 'node_modules', '.bin', 'tsx')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
if (!installed) {
  console.log('[account-teams] Installing dependencies (npm ci) — once per change of package-lock.json…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, hash);
}
