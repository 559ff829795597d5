/**
 * csv-parse publishes its CommonJS build only through package.json `exports`, which the repo's
 * `moduleResolution: node10` does not read; this points the type checker at the same file Node loads.
 */
declare module 'csv-parse/sync' {
  export * from 'csv-parse/dist/cjs/sync.cjs';
}
