import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, tempDir } from '../support/synth-sites';

/*
 * Issue 16 item 6: `npm run bench -- --app <fleet file>` measures any fleet
 * file, sized by the SITES environment variable the bench sets for each size.
 */

const ROOT = join(__dirname, '..', '..');
const APP = join(ROOT, 'examples', 'sized-retail-chain.ts');

/** The tree `edgefleet synth --app` writes for the example at `sites` sites. */
function exampleTree(sites: number): Map<string, string> {
  const out = tempDir();
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'edgefleet.js'), 'synth', '--app', APP, '--out', out], {
    env: { ...process.env, SITES: String(sites) },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return readTree(out);
}

describe('bench --app', () => {
  test('measures the fleet file at the sizes it asks for, through SITES, and its one-site change through CHANGE', () => {
    const json = join(tempDir(), 'figures.json');
    const args = ['--app', APP, '--sites', '3', '--baseline-sites', '2', '--runs', '1', '--jobs', '1', '--dir', tempDir(), '--json', json];
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 'bench.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    const figures = JSON.parse(readFileSync(json, 'utf8'));
    expect(figures).toMatchObject({
      app: APP,
      sites: 3,
      baselineSites: 2,
      noopFilesWritten: 0,
      noopRendered: 0,
      oneChangeRendered: 1,
      oneChangeOnlyThatCluster: true,
    });
    // The tree measured is the example's at 3 sites, not the synthetic fleet's nor the example's default 40.
    expect(figures.files).toBe(exampleTree(3).size);
    expect(result.stdout).toContain(`edgefleet bench: ${APP}, 3 sites`);
  }, 180_000);
});
