/** Jest over the TypeScript sources (no build step for tests): @swc/jest transforms, tests mirror lib/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 120000,
};
