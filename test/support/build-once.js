// Jest globalSetup: compiles lib/ and bench/ once per run, before any suite
// starts, for the tests that run the CLI (and its worker threads) as users
// run it, from dist/. One build, not one per suite: suites run in parallel
// and a build rewriting dist/ under a running CLI breaks it.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = function buildOnce() {
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  });
};
