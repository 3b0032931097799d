import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/synth-sites';

/*
 * The package as a user gets it: `npm pack`, the tarball installed in a
 * project of its own, the CLI run through npx. Nothing here resolves into the
 * checkout, so a file missing from `files`, or a path that only holds in the
 * repository, fails here. The install uses the npm cache `npm ci` filled
 * (--prefer-offline); the registry only for what the cache lacks.
 */

const ROOT = join(__dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs a command; its stdout, or an error with its output when it fails. */
function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const fleetSource = (name: string): string => `import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';

export const fleet = new Fleet(undefined, '${name}', {
  gitops: { repoUrl: 'https://git.example.com/${name}/edge.git' },
  hub: { metricsUrl: 'https://prom.example.com/api/v1/write', logsUrl: 'https://loki.example.com/loki/api/v1/push', cidrs: ['203.0.113.0/24'] },
});
const pi = new DeviceClass(fleet, 'rpi4', { arch: 'arm64', cpu: '4', memory: '4Gi' });
const kiosk = new EdgeApp(fleet, 'kiosk', { image: 'ghcr.io/acme/kiosk:1.0.0', arches: ['arm64'], requests: { cpu: '100m', memory: '64Mi' } });
new EdgeSite(new RegionalTier(fleet, 'emea'), 'lyon-shop', { nodes: [{ deviceClass: pi }], apps: [kiosk], apiServerCidrs: ['10.0.0.10/32'] });
`;

describe('the packed edgefleet, installed in a fleet repository of its own', () => {
  let project: string;

  beforeAll(() => {
    const dir = tempDir('edgefleet-package-');
    // --ignore-scripts: jest's globalSetup built dist/ already; prepack would
    // rebuild it under the suites that run the CLI from it at the same time.
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as {
      filename: string;
    }[];
    project = join(dir, 'acme-fleet');
    mkdirSync(project);
    run('npm', ['init', '-y'], project);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed[0].filename)], project);
    writeFileSync(join(project, 'fleet.ts'), fleetSource('acme'));
  });

  test('the installed copy is the tarball, not a link to the checkout', () => {
    const installed = join(project, 'node_modules', 'edgefleet');
    expect(existsSync(join(installed, 'dist', 'lib', 'index.js'))).toBe(true);
    expect(existsSync(join(installed, 'lib'))).toBe(false);
    expect(run('npx', ['edgefleet', '--version'], project).trim()).toBe(VERSION);
  });

  test('npx edgefleet synth writes the tree of a TypeScript fleet file', () => {
    const stdout = run('npx', ['edgefleet', 'synth', '--app', 'fleet.ts', '--out', 'out'], project);
    expect(stdout).toMatch(/^synth: 1 clusters, \d+ objects, 1 rendered; /);
    expect(existsSync(join(project, 'out', 'clusters', 'lyon-shop', 'kustomization.yaml'))).toBe(true);
  });

  test('npx edgefleet ls lists its clusters', () => {
    const rows = run('npx', ['edgefleet', 'ls', '--app', 'fleet.ts'], project).trim().split('\n');
    expect(rows[0]).toMatch(/^CLUSTER\s+TIER\s+WAVE/);
    expect(rows.slice(1).map((row) => row.split(/\s+/).slice(0, 2))).toEqual([['lyon-shop', 'emea']]);
  });

  test('a fleet file outside any project gets the copies of edgefleet, cdk8s, cdk8s-plus-28 and constructs the CLI uses', () => {
    // No node_modules above this file: every import below resolves only
    // through the CLI, and instanceof holds only if it is the same copy.
    const elsewhere = tempDir('edgefleet-loose-fleet-');
    writeFileSync(
      join(elsewhere, 'fleet.ts'),
      `${fleetSource('loose')}
import { Chart } from 'cdk8s';
import { Namespace } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
if (!(fleet instanceof Construct)) throw new Error('constructs: a second copy');
if (typeof Chart.isChart !== 'function' || typeof Namespace !== 'function') throw new Error('cdk8s or cdk8s-plus-28 did not load');
`,
    );
    const bin = join(project, 'node_modules', '.bin', 'edgefleet');
    expect(run(bin, ['ls', '--app', join(elsewhere, 'fleet.ts')], elsewhere)).toContain('lyon-shop');
  });
});
