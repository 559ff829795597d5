/** Jest runs TypeScript through swc: fast, no type-checking (tsc does that in `npm test`). */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  testTimeout: 60_000,
  projects: [
    { displayName: 'unit', transform, testEnvironment: 'node', testMatch: ['<rootDir>/test/{unit,activities,shipping}/**/*.test.ts'] },
    {
      displayName: 'integration',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/{contract,integration,workflows,security}/**/*.test.ts'],
    },
    {
      // The add-in in headless Chromium against the real server and API; globalSetup builds addin/dist when stale.
      displayName: 'browser',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
    },
  ],
};
