const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

/*
 * Two projects. A test file that runs a real tool (kubectl, git, promtool,
 * prometheus, alertmanager, npm, the built CLI) is an integration test; the
 * rest are unit tests and run in seconds. What marks a tool: the helpers that
 * run one (test/support/tools.ts, kustomize.ts, git-repo.ts, free-port.ts) or a child process.
 */
const TOOL_USE = /from '\.\.\/support\/(tools|kustomize|git-repo|free-port)'|node:child_process/;

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = testFiles(join(__dirname, 'test'));
const integration = files.filter((file) => TOOL_USE.test(readFileSync(file, 'utf8')));
const unit = files.filter((file) => !integration.includes(file));
const asMatch = (list) => list.map((file) => `<rootDir>/${relative(__dirname, file)}`);

/** What both projects share. */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Removes the temp directories each test file made (tempDir()).
  setupFilesAfterEnv: ['<rootDir>/test/support/temp-cleanup.ts'],
  // Fleet files import "edgefleet"; in tests that is the TypeScript source, so classes match.
  moduleNameMapper: { '^edgefleet$': '<rootDir>/lib/index.ts' },
};

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: keep heavy integration suites from starving each other.
  maxWorkers: 2,
  // A unit test that takes more than this hangs; integration suites set longer timeouts per test where they need them.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: asMatch(unit) },
    {
      ...common,
      displayName: 'integration',
      testMatch: asMatch(integration),
      // Builds dist/ once for the suites that run the CLI (see the file).
      globalSetup: '<rootDir>/test/support/build-once.js',
    },
  ],
};
