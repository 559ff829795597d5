import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Workflow code must be deterministic and runs in Temporal's sandbox: it may import only the workflow
 * SDK, its own contracts and types. The fence below fails the lint on anything that does I/O.
 */
const WORKFLOW_FORBIDDEN = [
  { group: ['node:*'], message: 'Workflow code must not use Node built-ins; do I/O in an activity.' },
  { group: ['@azure/*', 'botbuilder', 'botbuilder-*', 'better-sqlite3', 'fastify', '@fastify/*', 'jose'], message: 'Workflow code must not do I/O; call an activity.' },
  { group: ['**/core/store/**', '**/store/sqlite/**', '**/store/cosmos/**'], message: 'Workflows reach the store only through activities.' },
  { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code imports only @temporalio/workflow and @temporalio/common.' },
  { group: ['luxon', 'crypto', 'uuid'], message: 'Not deterministic or not sandbox-safe inside workflows.' },
];
const NODE_BUILTINS = ['fs', 'path', 'http', 'https', 'net', 'os', 'child_process', 'crypto', 'dns', 'tls', 'worker_threads', 'process', 'timers', 'stream'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'addin/dist/**', 'coverage/**', 'test-artifacts/**', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'off',
    },
  },
  {
    // botbuilder stays behind the adapter seam (it is past end of support).
    files: ['**/*.ts'],
    ignores: ['bot/src/adapter/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'Only bot/src/adapter/ may import botbuilder.' }] }],
    },
  },
  {
    // Pure domain: no frameworks, no I/O packages outside the store adapters.
    files: ['core/**/*.ts'],
    ignores: ['core/store/sqlite/**', 'core/store/cosmos/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['fastify', '@fastify/*', 'botbuilder', 'botbuilder-*', '@temporalio/*', 'better-sqlite3', '@azure/*', 'jose'], message: 'core/ imports no framework or I/O package.' }] }],
    },
  },
  {
    files: ['workflows/src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: NODE_BUILTINS.map((name) => ({ name, message: 'Workflow code must not use Node built-ins.' })), patterns: WORKFLOW_FORBIDDEN }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }, { name: 'setInterval', message: 'Use sleep() in a loop.' }, { name: 'process', message: 'No process access in workflows.' }],
    },
  },
  {
    // The add-in's browser code: hooks rules; only types may come from the server's modules (the bundle must
    // not pull in zod, luxon or Node code); office.js stays behind addin/src/office/ and teams-js behind addin/src/teams/.
    files: ['addin/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/core/**', '**/bot/**', '**/workflows/**', '**/infra/**'], allowTypeImports: true, message: 'The add-in may import only types from the server code.' },
            { group: ['@microsoft/teams-js'], message: 'teams-js is used only in addin/src/teams/ (and loaded only inside Teams).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Office', message: 'office.js is used only in addin/src/office/.' }],
    },
  },
  {
    files: ['addin/src/office/**/*.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['addin/src/teams/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/core/**', '**/bot/**', '**/workflows/**', '**/infra/**'], allowTypeImports: true, message: 'The add-in may import only types from the server code.' }] },
      ],
    },
  },
);
