import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

export interface PageWeight {
  page: string;
  files: { file: string; bytes: number; gzipBytes: number }[];
  jsGzipBytes: number;
  cssGzipBytes: number;
  totalGzipBytes: number;
}

/**
 * What a page loads before it can render: its entry chunk and, transitively, the chunks it imports
 * statically (Vite preloads them), with their CSS. An entry's own dynamic imports count too: the
 * taskpane's entry starts its API calls and then imports its UI straight away, unconditionally. Lazy
 * chunks further down (dialogs, secondary views) are excluded.
 */
export function initialPageWeight(distDir: string, page: string): PageWeight {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = manifest[page];
  if (!entry) throw new Error(`${page} is not an entry of the add-in build`);
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    chunk.css?.forEach((css) => files.add(css));
    chunk.imports?.forEach(visit);
  };
  visit(page);
  entry.dynamicImports?.forEach(visit);
  const weighed = [...files].map((file) => {
    const content = readFileSync(join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  const sum = (predicate: (file: string) => boolean) => weighed.filter((entry) => predicate(entry.file)).reduce((total, entry) => total + entry.gzipBytes, 0);
  return {
    page,
    files: weighed,
    jsGzipBytes: sum((file) => file.endsWith('.js')),
    cssGzipBytes: sum((file) => file.endsWith('.css')),
    totalGzipBytes: sum((file) => file.endsWith('.js') || file.endsWith('.css')),
  };
}
