/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Builds dist/ once for the suites that run the CLI (see the file).
  globalSetup: '<rootDir>/test/support/build-once.js',
  // Removes the temp directories each test file made (tempDir()).
  setupFilesAfterEnv: ['<rootDir>/test/support/temp-cleanup.ts'],
  // Fleet files import "edgefleet"; in tests that is the TypeScript source, so classes match.
  moduleNameMapper: { '^edgefleet$': '<rootDir>/lib/index.ts' },
  testTimeout: 120000,
  // Two cores: keep heavy integration suites from starving each other.
  maxWorkers: 2,
};
