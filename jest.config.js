/** Jest over the TypeScript sources (no build step for tests): @swc/jest transforms, tests mirror lib/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // examples/ import the package by name, as applications do; in tests that name means the sources.
  moduleNameMapper: { '^sovereign-ai/(trueno|alimentar|aprender|trueno-db|realizar)$': '<rootDir>/lib/$1' },
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 120000,
};
