import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/synth-sites';
import { writeFleetFile } from '../support/fleet-file';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('edgefleet CLI', () => {
  test('synth ends with one summary line and exit code 0', () => {
    const out = tempDir();
    const result = run(['synth', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^synth: \d+ clusters, \d+ objects, \d+ rendered; files: \d+ written, 0 unchanged, 0 removed; [\d.]+s/);
    expect(existsSync(join(out, 'clusters', 'stuttgart-plant', 'kustomization.yaml'))).toBe(true);
  });

  test('an invalid fleet exits 1, names path and field, and writes nothing', () => {
    const dir = tempDir();
    const file = join(dir, 'bad-fleet.ts');
    writeFileSync(
      file,
      `import { DeviceClass, EdgeSite, Fleet, RegionalTier } from 'edgefleet';
export const fleet = new Fleet(undefined, 'bad', { gitops: { repoUrl: 'https://git.example.com/x.git' } });
const pi = new DeviceClass(fleet, 'pi', { arch: 'arm64', cpu: '4', memory: '0Gi' });
const tier = new RegionalTier(fleet, 'eu');
new EdgeSite(tier, 'Paris_3', { nodes: [{ deviceClass: pi }] });
`,
    );
    const out = join(dir, 'out');
    const result = run(['synth', '--app', file, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad/pi: memory: "0Gi" must be greater than zero');
    expect(result.stderr).toContain('site Paris_3 (bad/eu/Paris_3): id:');
    expect(result.stderr).toContain('Nothing was written.');
    expect(existsSync(out)).toBe(false);
  });

  test('usage errors exit 2', () => {
    expect(run(['synth', '--no-such-flag']).status).toBe(2);
    expect(run(['frobnicate']).status).toBe(2);
  });

  test('a non-empty directory without a manifest is refused with exit 2', () => {
    const out = tempDir();
    writeFileSync(join(out, 'README.md'), 'hello\n');
    const result = run(['synth', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--allow-nonempty');
    expect(readdirSync(out)).toEqual(['README.md']);
  });

  test('an upgrade the cluster would refuse exits 1 naming site, object and field; --against a non-tree exits 2', () => {
    // Fails on the old code: it wrote the 1Gi claim over the 4Gi one, and had no --against.
    const dir = tempDir();
    const ship = (site: string) =>
      fleetFile('fleet.ts', `new EdgeSite(new RegionalTier(fleet, 'sea'), 'ship-1', { nodes: [{ deviceClass: pi }], ${site} });`);
    const out = join(dir, 'out');
    expect(run(['synth', '--app', ship("connectivity: 'rarely-connected'"), '--out', out]).status).toBe(0);
    const shrink = ship("connectivity: 'intermittent', metrics: { volumeSize: '1Gi' }");
    const refused = run(['synth', '--app', shrink, '--out', join(dir, 'preview'), '--against', out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'site ship-1 (cli/sea/ship-1): PersistentVolumeClaim/edge-system/prometheus-agent spec.resources.requests.storage: shrinks from 4Gi to 1Gi',
    );
    expect(refused.stderr).toContain('Nothing was written.');
    expect(existsSync(join(dir, 'preview', 'clusters'))).toBe(false);
    const notATree = run(['synth', '--app', shrink, '--out', join(dir, 'other'), '--against', dir]);
    expect(notATree.status).toBe(2);
    expect(notATree.stderr).toContain('has no .edgefleet/manifest.json');
  });

  test('ls lists clusters with tier, wave, distribution, GitOps agent, arches and app count', () => {
    const result = run(['ls']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CLUSTER\s+TIER\s+WAVE\s+CONNECTIVITY\s+DISTRIBUTION\s+AGENT\s+ARCHES\s+APPS$/);
    expect(lines.find((l) => l.startsWith('stuttgart-plant'))).toMatch(
      /^stuttgart-plant\s+emea\/dach\s+canary\s+always-on\s+k3s\s+flux\s+amd64,arm64\s+3$/,
    );
    expect(lines.length).toBeGreaterThan(25);
  });
});

/** A fleet file in a fresh directory, with `body` after the header of a valid small fleet. */
function fleetFile(name: string, body: string): string {
  return writeFleetFile(tempDir(), name, body);
}

describe('bad input through the CLI: the documented exit code, no stack trace, nothing written', () => {
  const cases: [name: string, args: (out: string) => string[], status: number, stderr: RegExp][] = [
    [
      'a missing --app file',
      (out) => ['synth', '--app', join(tempDir(), 'nope.ts'), '--out', out],
      2,
      /--app .*nope\.ts: no such file\nUsage: see `edgefleet synth --help`/,
    ],
    ['a directory as --app', (out) => ['synth', '--app', tempDir(), '--out', out], 2, /: not a file/],
    [
      'ls with a missing --app file',
      () => ['ls', '--app', join(tempDir(), 'nope.ts')],
      2,
      /no such file\nUsage: see `edgefleet ls --help`/,
    ],
    [
      'a fleet file that throws',
      (out) => ['synth', '--app', fleetFile('throws.ts', "throw new Error('no hub yet');"), '--out', out],
      1,
      /fleet file .*throws\.ts failed at .*throws\.ts:8: no hub yet/,
    ],
    [
      'a fleet file that does not compile',
      (out) => ['synth', '--app', fleetFile('broken.ts', 'const x = ;'), '--out', out],
      1,
      /broken\.ts failed at .*broken\.ts:8: does not compile/,
    ],
    [
      'a fleet file importing a missing module',
      (out) => ['synth', '--app', fleetFile('imports.ts', "import './no-such-module';"), '--out', out],
      1,
      /Cannot find module '\.\/no-such-module'/,
    ],
    [
      'a render hook that throws',
      (out) => [
        'synth',
        '--app',
        fleetFile(
          'hook.ts',
          "const web = new EdgeApp(fleet, 'web', { image: 'ghcr.io/x/web:1.0', arches: ['arm64'], requests: { cpu: '10m', memory: '16Mi' }, renderHook: () => { throw new TypeError('bad chart'); } });\nnew EdgeSite(fleet, 'shop', { nodes: [{ deviceClass: pi }], apps: [web] });",
        ),
        '--out',
        out,
      ],
      1,
      /site shop \(cli\/web\): renderHook: the render hook of app web threw at .*hook\.ts:8: TypeError: bad chart/,
    ],
    [
      'a CIDR mask above /32 and a reserved namespace',
      (out) => [
        'synth',
        '--app',
        fleetFile(
          'bad.ts',
          "new EdgeSite(fleet, 'shop', { nodes: [{ deviceClass: pi }], lanCidrs: ['10.0.0.0/33'], namespaces: { apps: 'kube-system' } });",
        ),
        '--out',
        out,
      ],
      1,
      /^(?=[\s\S]*site shop \(cli\/shop\): lanCidrs\.0: .*above \/32)(?=[\s\S]*site shop \(cli\/shop\): namespaces\.apps: "kube-system" is a reserved namespace)/,
    ],
  ];

  test.each(cases)('%s', (_name, args, status, stderr) => {
    const out = join(tempDir(), 'out');
    const result = run(args(out));
    expect(result.stderr).toMatch(stderr);
    expect(result.status).toBe(status);
    expect(result.stderr).not.toMatch(/^\s+at |Require stack/m);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  test('a file as --out exits 2 and leaves the file as it was', () => {
    const file = join(tempDir(), 'out');
    writeFileSync(file, 'keep me\n');
    const result = run(['synth', '--out', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--out .*: is a file, not a directory\nUsage: see `edgefleet synth --help`/);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });
});
