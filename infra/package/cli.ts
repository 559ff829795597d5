import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildAppPackage, REPO_ROOT } from './app-package';
import { renderIconFiles } from './icons';
import { PACKAGING_SETTINGS, PackagingError } from './manifest';

/**
 * npm run package                  dist/app-package.zip from manifest.json, assets/ and the environment
 * npm run package -- --out FILE    somewhere else
 * npm run package -- --icons       (re)draw the icons into assets/ (color, outline, ribbon icons)
 *
 * APP_MODE=production refuses to package until TEAMS_APP_ID, MICROSOFT_APP_ID, ENTRA_CLIENT_ID and
 * PUBLIC_URL are set; local mode uses the local placeholders of manifest.json for whatever is unset.
 */
function main(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: npm run package [-- --out FILE] | npm run package -- --icons');
    console.log(`settings: APP_MODE (local|production), ${PACKAGING_SETTINGS.map((setting) => setting.name).join(', ')}, APP_VERSION`);
    return 0;
  }
  if (argv.includes('--icons')) {
    for (const [path, png] of Object.entries(renderIconFiles())) {
      const file = join(REPO_ROOT, 'assets', path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, png);
      console.log(`[package] wrote ${relative(REPO_ROOT, file)} (${png.length} bytes)`);
    }
    return 0;
  }
  const outIndex = argv.indexOf('--out');
  const outFile = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (outIndex >= 0 && !outFile) throw new PackagingError(['--out needs a file name']);
  try {
    const built = buildAppPackage(outFile ? { outFile } : {});
    const { values } = built;
    console.log(`[package] ${values.mode} package for ${values.publicUrl}, version ${values.version}`);
    console.log(`[package]   app ${values.teamsAppId}, bot ${values.botId}, API ${values.apiClientId}`);
    if (values.defaulted.length > 0) console.log(`[package]   local placeholders used for: ${values.defaulted.join(', ')} (fine for checking; set them to sideload)`);
    console.log(`[package] wrote ${relative(process.cwd(), built.outFile) || built.outFile} (${built.zip.length} bytes): manifest.json, color.png, outline.png`);
    return 0;
  } catch (error) {
    if (error instanceof PackagingError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
