import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './icons';
import { decodePng } from './png';
import { localLeftovers, PackagingError, packagingValues, renderManifest, validateManifest, type PackagingValues } from './manifest';

/**
 * `npm run package`: dist/app-package.zip, the one file that is uploaded to Teams (sideloading or the
 * admin centre) and so installs the bot, the tabs and the Outlook add-in together. It holds exactly
 * manifest.json, color.png and outline.png at its root. Nothing is written unless the manifest validates
 * against its schema and both icons have the sizes Teams requires.
 */

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Fixed entry dates, so the same inputs give byte-identical packages. */
const ENTRY_DATE = new Date('2024-01-01T00:00:00Z');

export interface BuildOptions {
  env?: Record<string, string | undefined>;
  repoRoot?: string;
  /** Defaults to <repoRoot>/dist/app-package.zip. */
  outFile?: string;
}

export interface BuiltPackage {
  outFile: string;
  values: PackagingValues;
  manifest: Record<string, unknown>;
  zip: Uint8Array;
}

/** Problems with the icons, by the rules Teams applies: exact sizes; the outline white on a transparent background. */
export function iconProblems(colorPng: Uint8Array, outlinePng: Uint8Array): string[] {
  const problems: string[] = [];
  const inspect = (name: string, file: Uint8Array) => {
    try {
      return decodePng(file);
    } catch (error) {
      problems.push(`assets/${name} is not a readable PNG: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const color = inspect('color.png', colorPng);
  if (color && (color.width !== COLOR_ICON_SIZE || color.height !== COLOR_ICON_SIZE)) problems.push(`assets/color.png must be ${COLOR_ICON_SIZE}×${COLOR_ICON_SIZE} (it is ${color.width}×${color.height})`);
  const outline = inspect('outline.png', outlinePng);
  if (outline) {
    if (outline.width !== OUTLINE_ICON_SIZE || outline.height !== OUTLINE_ICON_SIZE) problems.push(`assets/outline.png must be ${OUTLINE_ICON_SIZE}×${OUTLINE_ICON_SIZE} (it is ${outline.width}×${outline.height})`);
    const alpha = (x: number, y: number) => outline.rgba[(y * outline.width + x) * 4 + 3]!;
    const last = outline.width - 1;
    const cornersClear = [alpha(0, 0), alpha(last, 0), alpha(0, outline.height - 1), alpha(last, outline.height - 1)].every((value) => value === 0);
    if (!outline.hasAlphaChannel || !cornersClear) problems.push('assets/outline.png must have a transparent background');
    let visible = 0;
    let notWhite = 0;
    for (let i = 0; i < outline.width * outline.height; i++) {
      if (outline.rgba[i * 4 + 3] === 0) continue;
      visible++;
      if (outline.rgba[i * 4]! < 240 || outline.rgba[i * 4 + 1]! < 240 || outline.rgba[i * 4 + 2]! < 240) notWhite++;
    }
    if (visible === 0) problems.push('assets/outline.png is fully transparent');
    if (notWhite > 0) problems.push(`assets/outline.png must be white on transparent (${notWhite} visible pixels are not white)`);
  }
  return problems;
}

/** Builds (and writes) the package, or throws PackagingError naming every problem. */
export function buildAppPackage(options: BuildOptions = {}): BuiltPackage {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const values = packagingValues(options.env ?? process.env, packageJson.version);

  const template: unknown = JSON.parse(readFileSync(join(repoRoot, 'manifest.json'), 'utf8'));
  const manifest = renderManifest(template, values);
  const problems = validateManifest(manifest).map((problem) => `manifest.json: ${problem}`);
  if (values.mode === 'production') {
    for (const leftover of localLeftovers(manifest)) problems.push(`manifest.json still contains the local value ${leftover} after filling in the settings`);
  }

  const colorPng = readFileSync(join(repoRoot, 'assets', 'color.png'));
  const outlinePng = readFileSync(join(repoRoot, 'assets', 'outline.png'));
  problems.push(...iconProblems(colorPng, outlinePng));
  if (problems.length > 0) throw new PackagingError(problems);

  const entry = (data: Uint8Array) => [data, { mtime: ENTRY_DATE }] as [Uint8Array, { mtime: Date }];
  const zip = zipSync(
    {
      'manifest.json': entry(strToU8(`${JSON.stringify(manifest, null, 2)}\n`)),
      'color.png': entry(colorPng),
      'outline.png': entry(outlinePng),
    },
    { level: 9 },
  );
  const outFile = options.outFile ?? join(repoRoot, 'dist', 'app-package.zip');
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip);
  return { outFile, values, manifest, zip };
}
