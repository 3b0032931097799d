// @ts-check
'use strict';
const js = require('@eslint/js');
const { defineConfig } = require('eslint/config');
const { createNodeResolver, importX } = require('eslint-plugin-import-x');
const tseslint = require('typescript-eslint');
const { layeringZones } = require('./lint/layers');
const { noImportCycle } = require('./lint/no-import-cycle');

/*
 * The lint gate (`npm run lint`). CommonJS so that test/lint/layering.test.ts
 * can load it inside Jest, which cannot import() ES modules. Not type-aware: typescript-eslint's
 * recommended rules without type information keep a full run within seconds
 * on two cores; tsc (npm run typecheck) checks the types.
 */

/** Terminal and argv access that only lib/cli may have (design.md: only the CLI talks to the terminal). */
const CLI_ONLY = 'only lib/cli touches argv or the terminal: return the value (or report through a callback) and let the CLI print it';
const cliOnlyProperties = ['argv', 'stdout', 'stderr', 'stdin', 'exit', 'exitCode'].map((property) => ({
  object: 'process',
  property,
  message: CLI_ONLY,
}));

module.exports = defineConfig(
  { ignores: ['dist/', 'node_modules/', 'out/', 'coverage/', 'cdk8s.out/', '.edgefleet-cache/', 'test/schemas/', 'docs/api/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // tsc's noUnusedLocals/noUnusedParameters already fail the build; `_x` marks a deliberate unused binding.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `interface AlloyProps extends LogShipperImageProps {}`: every construct has its own XxxProps (cdk8s style).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['lib/**/*.ts'],
    plugins: { 'import-x': importX, edgefleet: { rules: { 'no-import-cycle': noImportCycle } } },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layeringZones() }],
      // Replaces import-x/no-cycle, which ignores type-only imports (see lint/no-import-cycle.mjs).
      'edgefleet/no-import-cycle': 'error',
      'no-restricted-globals': ['error', { name: 'console', message: CLI_ONLY }],
      'no-restricted-properties': ['error', ...cliOnlyProperties],
    },
  },
  {
    files: ['lib/cli/**/*.ts'],
    rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'sites/**/*.ts', 'examples/**/*.ts'],
    // Relaxed: no layering; tests poke at untyped YAML and load modules lazily.
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
