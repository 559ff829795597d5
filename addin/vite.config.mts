import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import griffel from '@griffel/vite-plugin';
import react from '@vitejs/plugin-react-swc';
import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
/** The Outlook ribbon icons (drawn by `npm run package -- --icons`); manifest.json points at /icons/icon-*.png. */
const RIBBON_ICONS_DIR = join(root, '..', 'assets', 'icons');

/**
 * One front end, several entry pages, each an HTML file beside this config. The Teams tab (tab.html) and
 * the admin console (admin.html) join this list; shared code (React, Fluent, the API client) lands in
 * common chunks that every page caches once.
 */
export const PAGES = {
  taskpane: 'taskpane.html',
  // The Teams tab: the leadership dashboard of an account.
  tab: 'tab.html',
  // The admin console: process configs, running processes, CSV imports.
  admin: 'admin.html',
  // Benchmark baseline: a blank page rendering one Fluent button (npm run bench:addin).
  'bench-button': 'bench-button.html',
} as const;

/**
 * An entry that starts its API calls first and then imports its UI (the taskpane: src/taskpane/main.tsx)
 * would discover the UI's chunks only once it runs. This lists them in the page as modulepreload links,
 * so the browser fetches and compiles them while it is still loading the entry.
 */
function preloadEntryDynamicImports(): Plugin {
  return {
    name: 'account-teams:preload-entry-dynamic-imports',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
      const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      for (const html of Object.values(bundle)) {
        if (html.type !== 'asset' || !html.fileName.endsWith('.html') || typeof html.source !== 'string') continue;
        const entry = chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId === join(root, html.fileName));
        if (!entry || entry.dynamicImports.length === 0) continue;
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file) || file === entry.fileName) return;
          files.add(file);
          byFile.get(file)?.imports.forEach(visit);
        };
        entry.dynamicImports.forEach(visit);
        const source = html.source;
        const links = [...files].filter((file) => !source.includes(`/${file}"`)).map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`);
        html.source = source.replace('</head>', `  ${links.join('\n    ')}\n  </head>`);
      }
    },
  };
}

/** Copies the ribbon icons into the build as dist/icons/, where the server serves them at /icons/. */
function ribbonIcons(): Plugin {
  return {
    name: 'account-teams:ribbon-icons',
    apply: 'build',
    generateBundle() {
      for (const file of readdirSync(RIBBON_ICONS_DIR).filter((name) => name.endsWith('.png')).sort()) {
        this.emitFile({ type: 'asset', fileName: `icons/${file}`, source: readFileSync(join(RIBBON_ICONS_DIR, file)) });
      }
    },
  };
}

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  // public/index.html (the landing page) is copied as is and stays the server's index.
  publicDir: 'public',
  plugins: [
    react(),
    // Ahead-of-time Griffel: makeStyles() calls become precomputed atomic classes at build time, so the pages
    // ship neither the runtime style compiler (stylis, rtl-css-js) nor spend first-render time compiling styles.
    command === 'build' && griffel(),
    preloadEntryDynamicImports(),
    ribbonIcons(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // dist/.vite/manifest.json tells the bench which files a page loads up front.
    manifest: true,
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: Object.fromEntries(Object.entries(PAGES).map(([name, file]) => [name, join(root, file)])),
    },
  },
  server: {
    // `npx vite addin` during development: the API comes from `npm start` on 3978.
    proxy: { '/api': 'http://localhost:3978', '/healthz': 'http://localhost:3978' },
  },
}));
