import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/synth-sites';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');

/** Packages only rendering (or bootstrap) needs. */
const RENDER_PACKAGES = ['cdk8s', 'cdk8s-plus-28', 'cdktf', '@cdktf/provider-helm'];

/** Runs `edgefleet synth` as a user does; returns the packages the process had loaded when it exited. */
function synthLoading(out: string): string[] {
  const dir = tempDir();
  const report = join(dir, 'packages.json');
  const preload = join(dir, 'report-packages.js');
  writeFileSync(
    preload,
    `process.on('exit', () => {
  const names = Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]).filter(Boolean);
  require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify([...new Set(names)].sort()));
});
`,
  );
  const result = spawnSync(process.execPath, ['--require', preload, BIN, 'synth', '--app', join(ROOT, 'sites', 'fleet.ts'), '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(readFileSync(report, 'utf8')) as string[];
}

describe('renderHere', () => {
  test('a no-op synth loads none of the render packages; a synth that renders does', () => {
    const out = tempDir();
    expect(synthLoading(out)).toEqual(expect.arrayContaining(['cdk8s', 'cdk8s-plus-28']));
    const noop = synthLoading(out);
    expect(noop).toContain('zod');
    expect(noop.filter((name) => RENDER_PACKAGES.includes(name))).toEqual([]);
  });
});
