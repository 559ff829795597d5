#!/usr/bin/env node
// Run before `npm start` (prestart), with nothing but Node: installs the dependencies with `npm ci` when
// node_modules is missing or older than package-lock.json, so `npm start` alone sets up a fresh clone.
// "Older" is judged by npm's own record of the install, node_modules/.package-lock.json, which every
// `npm ci` and `npm install` rewrites when it finishes: an install made any way counts.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** @param {string} path */
const modified = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;

const installed = modified(join(root, 'node_modules', '.package-lock.json'));
if (installed === undefined || installed < (modified(join(root, 'package-lock.json')) ?? Infinity)) {
  console.log('[account-teams] Installing dependencies (npm ci): node_modules is missing or older than package-lock.json…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
