/** Jest runs TypeScript through swc: fast, no type-checking (tsc does that in `npm test`). */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  testTimeout: 60_000,
  projects: [
    { displayName: 'unit', transform, testEnvironment: 'node', testMatch: ['<rootDir>/test/{unit,activities}/**/*.test.ts'] },
    {
      displayName: 'integration',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/{contract,integration,workflows}/**/*.test.ts'],
    },
  ],
};
