import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyntheticChange, syntheticFleet, siteShape } from '../../bench/synthetic-fleet';
import { Manifest, MANIFEST_PATH, readManifest } from '../../lib/output/manifest';
import { synth } from '../../lib/synth/synth';
import { SynthSummary } from '../../lib/synth/synth-options';
import { readTree, tempDir } from '../support/synth-sites';

/*
 * The cache must never serve stale output: change each kind of input and
 * check that exactly the clusters that read it are rendered again, and that
 * only their files change.
 */

const SITES = 24;
const clusters = Array.from({ length: SITES }, (_, i) => siteShape(i));
const all = clusters.map((s) => s.cluster);
const where = (test: (s: ReturnType<typeof siteShape>) => boolean) => clusters.filter(test).map((s) => s.cluster);

let base: string;
let baseManifest: Manifest;
let baseTree: Map<string, string>;
beforeAll(() => {
  base = tempDir();
  synth(syntheticFleet({ sites: SITES }), { outDir: base });
  baseManifest = manifestOf(base);
  baseTree = readTree(base);
});

function manifestOf(dir: string): Manifest {
  return readManifest(dir)!;
}

/** Re-synthesizes a copy of the base tree with `run`; what was rendered and which files changed. */
function resynth(run: (outDir: string) => SynthSummary) {
  const dir = tempDir();
  cpSync(base, dir, { recursive: true });
  const summary = run(dir);
  const manifest = manifestOf(dir);
  const rekeyed = all.filter((c) => manifest.clusters[c].key !== baseManifest.clusters[c].key);
  const tree = readTree(dir);
  const changedFiles = [...new Set([...tree.keys(), ...baseTree.keys()])].filter(
    (p) => p !== MANIFEST_PATH && tree.get(p) !== baseTree.get(p),
  );
  return { summary, rekeyed, changedFiles };
}

/** The cluster a changed file belongs to; undefined for shared bases. */
function ownerOf(path: string): string | undefined {
  return path.startsWith('clusters/') ? path.split('/')[1] : undefined;
}

test('the synthetic fleet spreads every input over some sites but not all', () => {
  for (const affected of [
    where((s) => s.tier === 'emea-0'),
    where((s) => s.deviceClasses.includes('nuc-8g')),
    where((s) => s.apps.includes('app-3')),
    where((s) => s.apps.includes('app-5')),
  ]) {
    expect(affected.length).toBeGreaterThan(0);
    expect(affected.length).toBeLessThan(SITES);
  }
});

test('nothing changed: nothing is rendered or written', () => {
  const { summary, rekeyed, changedFiles } = resynth((out) => synth(syntheticFleet({ sites: SITES }), { outDir: out }));
  expect(summary).toMatchObject({ rendered: 0, written: 0 });
  expect(rekeyed).toEqual([]);
  expect(changedFiles).toEqual([]);
});

test.each<[SyntheticChange, string, () => string[]]>([
  ['fleet-default', 'a fleet-wide label', () => all],
  ['tier-override', 'a label of tier emea-0', () => where((s) => s.tier === 'emea-0')],
  ['device-class', 'the arch of device class nuc-8g', () => where((s) => s.deviceClasses.includes('nuc-8g'))],
  ['app-image', 'the image of app-3', () => where((s) => s.apps.includes('app-3'))],
  ['lock-entry', 'the lock entry (digest) of app-5', () => where((s) => s.apps.includes('app-5'))],
  ['one-site', 'the LAN of one site', () => [clusters[0].cluster]],
])('%s (%s): exactly the affected clusters are rendered again and change', (change, _what, affected) => {
  const expected = affected();
  const { summary, rekeyed, changedFiles } = resynth((out) => synth(syntheticFleet({ sites: SITES, change }), { outDir: out }));
  expect(rekeyed).toEqual(expected);
  expect(summary.rendered).toBe(expected.length);
  const owners = new Set(changedFiles.map(ownerOf).filter((c): c is string => c !== undefined));
  for (const owner of owners) expect(expected).toContain(owner);
  // Shared bases change only when something rendered into them changed.
  if (['tier-override', 'fleet-default', 'one-site'].includes(change))
    expect(changedFiles.filter((p) => p.startsWith('bases/') && !baseTree.has(p))).toEqual([]);
  if (change !== 'fleet-default' && change !== 'tier-override') expect(changedFiles.length).toBeGreaterThan(0);
});

test('a new edgefleet version renders every cluster again', () => {
  const { summary, rekeyed } = resynth((out) => {
    let result!: SynthSummary;
    jest.isolateModules(() => {
      jest.doMock('../../lib/util/version', () => ({ EDGEFLEET_VERSION: '99.0.0' }));
      // Fleet and synth from the same fresh module registry, so that the constructs are the classes synth knows.
      const fresh = require('../../lib/synth/synth') as typeof import('../../lib/synth/synth');
      const fleet = (require('../../bench/synthetic-fleet') as typeof import('../../bench/synthetic-fleet')).syntheticFleet({
        sites: SITES,
      });
      result = fresh.synth(fleet, { outDir: out });
    });
    return result;
  });
  expect(summary.rendered).toBe(SITES);
  expect(rekeyed).toEqual(all);
});

describe('render hooks reading another module', () => {
  const BIN = join(__dirname, '..', '..', 'bin', 'edgefleet.js');
  let out: string;
  let fleetFile: string;
  beforeAll(() => {
    const dir = tempDir();
    out = join(dir, 'out');
    fleetFile = join(dir, 'fleet.ts');
    writeFileSync(
      fleetFile,
      `import { DeviceClass, EdgeApp, EdgeSite, Fleet } from 'edgefleet';
import { ApiObject } from 'cdk8s';
import { GREETING } from './greeting';
export const fleet = new Fleet(undefined, 'hooks', {
  gitops: { repoUrl: 'https://git.example.com/fleet.git' },
  hub: { metricsUrl: 'https://hub.example.com/api/v1/write', logsUrl: 'https://hub.example.com/loki/api/v1/push', cidrs: ['198.51.100.0/24'] },
  apiServerCidrs: ['10.0.0.10/32'],
});
const pi = new DeviceClass(fleet, 'pi', { arch: 'arm64', cpu: '4', memory: '4Gi' });
const hooked = new EdgeApp(fleet, 'hooked', {
  image: 'ghcr.io/example/web:1.0.0', arches: ['arm64'], requests: { cpu: '10m', memory: '16Mi' },
  renderHook: (scope) => { new ApiObject(scope, 'Greeting', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'greeting' }, data: { text: GREETING } }); },
});
const plain = new EdgeApp(fleet, 'plain', { image: 'ghcr.io/example/web:1.0.0', arches: ['arm64'], requests: { cpu: '10m', memory: '16Mi' } });
new EdgeSite(fleet, 'with-hook', { nodes: [{ deviceClass: pi }], apps: [hooked] });
new EdgeSite(fleet, 'without-hook', { nodes: [{ deviceClass: pi }], apps: [plain] });
`,
    );
  });
  const synthWith = (greeting: string) => {
    writeFileSync(join(fleetFile, '..', 'greeting.ts'), `export const GREETING = '${greeting}';\n`);
    const result = spawnSync(process.execPath, [BIN, 'synth', '--app', fleetFile, '--out', out], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return { stdout: result.stdout, resources: readFileSync(join(out, 'clusters', 'with-hook', 'resources.yaml'), 'utf8') };
  };

  test("changing a constant the hook imports renders the hook's cluster again, and only it", () => {
    expect(synthWith('hello').resources).toContain('text: hello');
    const manifest = manifestOf(out);
    const again = synthWith('servus');
    expect(again.resources).toContain('text: servus');
    expect(again.stdout).toMatch(/ 1 rendered;/);
    const next = manifestOf(out);
    expect(next.clusters['with-hook'].key).not.toBe(manifest.clusters['with-hook'].key);
    expect(next.clusters['without-hook'].key).toBe(manifest.clusters['without-hook'].key);
    expect(synthWith('servus').stdout).toMatch(/ 0 rendered;/);
  });
});
