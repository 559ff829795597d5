#!/usr/bin/env node
/**
 * Builds the add-in into addin/dist unless the build there was made from exactly the current sources.
 * `npm start` (prestart) and the browser tests run this, so a fresh clone serves working pages without a
 * separate build step, and an unchanged tree costs one hash of a few dozen files (well under a second).
 *
 *   node addin/scripts/build-if-stale.mjs [--force] [--quiet]
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const addinDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(addinDir, '..');
const distDir = join(addinDir, 'dist');
const stampFile = join(distDir, '.build-hash');
const args = new Set(process.argv.slice(2));
/** @param {string} line */
const say = (line) => args.has('--quiet') || process.stderr.write(`[addin] ${line}\n`);

/** Everything the build output depends on: sources, pages, static files, ribbon icons, build config, locked dependency versions. */
function inputFiles() {
  /** @type {string[]} */
  const files = [];
  /** @param {string} dir */
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  for (const dir of ['src', 'public']) if (existsSync(join(addinDir, dir))) walk(join(addinDir, dir));
  // vite.config.mts copies these into dist/icons/.
  if (existsSync(join(repoRoot, 'assets', 'icons'))) walk(join(repoRoot, 'assets', 'icons'));
  for (const entry of readdirSync(addinDir)) {
    if (/\.(html|json)$/.test(entry) || entry === 'vite.config.mts') files.push(join(addinDir, entry));
  }
  files.push(join(repoRoot, 'package-lock.json'));
  return files.filter((file) => existsSync(file) && statSync(file).isFile()).sort();
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const file of inputFiles()) hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const current = sourceHash();
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : undefined;
if (!args.has('--force') && built === current) {
  say('build is up to date (addin/dist)');
} else {
  say(built ? 'sources changed: rebuilding addin/dist…' : 'building addin/dist…');
  const started = Date.now();
  // Always a production build, whoever runs this: jest sets NODE_ENV=test, which would otherwise give
  // React's development build (and a stamp that then hides it from `npm start`).
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: join(addinDir, 'vite.config.mts'), mode: 'production', logLevel: args.has('--quiet') ? 'warn' : 'info' });
  writeFileSync(stampFile, `${current}\n`);
  say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
