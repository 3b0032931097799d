import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CheckSummaryJson, LsSummaryJson, MergeSummaryJson, PlanSummaryJson, SynthSummaryJson } from '../../lib/cli/summary-json';
import type { FleetPlan } from '../../lib/plan/plan-shape';
import { tempDir } from '../support/synth-sites';
import { writeFleetFile } from '../support/fleet-file';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/**
 * A fleet file (the CLI loads it with its own copy of edgefleet, so it
 * imports "edgefleet" rather than test/support/small-fleet.ts): a canary
 * shop and two wave-1 shops, `web` at `webImage`; `shop-2` runs `worker` too
 * unless `dropWorker`.
 */
function fleetFile(dir: string, name: string, { webImage = 'ghcr.io/example/web:1.0.0', dropWorker = false } = {}): string {
  return writeFleetFile(
    dir,
    `${name}.ts`,
    `const web = new EdgeApp(fleet, 'web', { image: '${webImage}', arches: ['arm64'], requests: { cpu: '100m', memory: '64Mi' } });
const worker = new EdgeApp(fleet, 'worker', { image: 'ghcr.io/example/worker:2.1.0', arches: ['arm64'], requests: { cpu: '50m', memory: '32Mi' } });
const eu = new RegionalTier(fleet, 'eu');
new EdgeSite(eu, 'shop-canary', { nodes: [{ deviceClass: pi }], apps: [web], wave: 'canary' });
new EdgeSite(eu, 'shop-1', { nodes: [{ deviceClass: pi }], apps: [web] });
new EdgeSite(eu, 'shop-2', { nodes: [{ deviceClass: pi }], apps: [${dropWorker ? 'web' : 'web, worker'}] });`,
  );
}

/** Every entry under a directory (files, directories, bookkeeping included) with its bytes and mtime. */
function snapshot(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      entries.set(relative(root, path), stat.isDirectory() ? `dir ${stat.mtimeMs}` : `${stat.mtimeMs} ${readFileSync(path, 'base64')}`);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(root);
  return entries;
}

function json<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as T;
}

describe('edgefleet synth --check', () => {
  test('exits 0 on a fresh tree and 1 naming the stale cluster after a fleet change, writing nothing either time', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(run(['synth', '--app', fleetFile(dir, 'before'), '--out', out]).status).toBe(0);
    const before = snapshot(out);
    expect(before.has('.edgefleet/stamps.tsv')).toBe(true);

    const fresh = run(['synth', '--check', '--app', fleetFile(dir, 'before'), '--out', out]);
    expect(fresh.stderr).toBe('');
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toBe(`check: ${out} is up to date (3 clusters)\n`);
    expect(snapshot(out)).toEqual(before);

    const stale = run(['synth', '--check', '--app', fleetFile(dir, 'after', { dropWorker: true }), '--out', out]);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain('stale clusters: shop-2\n');
    expect(stale.stdout).toContain('0 added, 1 changed, 0 removed, 2 unchanged');
    expect(snapshot(out)).toEqual(before);

    const staleJson = json<CheckSummaryJson>(
      run(['synth', '--check', '--json', '--app', fleetFile(dir, 'after', { dropWorker: true }), '--out', out]).stdout,
    );
    expect(staleJson).toEqual({
      command: 'check',
      version: 1,
      out,
      upToDate: false,
      stale: ['shop-2'],
      staleFiles: [],
      manifestChanged: true,
      interrupted: false,
      clusters: 3,
    });
    expect(snapshot(out)).toEqual(before);
  });

  test('a missing output directory is stale and is not created; --check with --commit is a usage error', () => {
    const dir = tempDir();
    const out = join(dir, 'missing');
    const result = run(['synth', '--check', '--app', fleetFile(dir, 'fleet'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('stale clusters: shop-canary, shop-1, shop-2');
    expect(existsSync(out)).toBe(false);
    expect(run(['synth', '--check', '--commit', '--app', fleetFile(dir, 'fleet'), '--out', out]).status).toBe(2);
  });
});

describe('edgefleet plan', () => {
  test('prints text, Markdown and JSON; a tier-level change lists clusters by wave in order; writes nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(run(['synth', '--app', fleetFile(dir, 'before'), '--out', out]).status).toBe(0);
    const before = snapshot(out);
    const after = fleetFile(dir, 'after', { webImage: 'ghcr.io/example/web:1.1.0' });

    const text = run(['plan', '--app', after, '--against', out]);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /wave canary\n {2}tier eu\n {4}~ shop-canary: changed, [\d.]+ KiB to download\n {8}object ~ Deployment edge-apps\/web \(spec\)\n/,
    );
    expect(text.stdout.indexOf('wave canary')).toBeLessThan(text.stdout.indexOf('wave wave-1'));

    const markdown = run(['plan', '--app', after, '--against', out, '--format', 'markdown']).stdout;
    expect(markdown).toMatch(/^### edgefleet plan: `cli`\n/);
    expect(markdown).toMatch(
      /#### Wave `canary`\n\n\| cluster \| tier \| change \| objects \| download \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| `shop-canary` \| `eu` \| changed \| 1 changed \| [\d.]+ KiB \|\n/,
    );
    expect(markdown.indexOf('#### Wave `canary`')).toBeLessThan(markdown.indexOf('#### Wave `wave-1`'));
    expect(markdown).toContain('- `~ Deployment edge-apps/web (spec)`');

    const plan = JSON.parse(run(['plan', '--app', after, '--against', out, '--format', 'json']).stdout) as FleetPlan;
    expect(plan.version).toBe(1);
    expect(plan.waves.map((w) => w.wave)).toEqual(['canary', 'wave-1']);
    expect(plan.summary).toMatchObject({ clusters: 3, added: 0, changed: 3, removed: 0, unchanged: 0 });

    const summary = json<PlanSummaryJson>(run(['plan', '--app', after, '--against', out, '--json']).stdout);
    expect(summary).toEqual({
      command: 'plan',
      version: 1,
      against: out,
      ...plan.summary,
      changedClusters: ['shop-canary', 'shop-1', 'shop-2'],
    });
    expect(snapshot(out)).toEqual(before);
  });

  test('usage errors exit 2: an unknown --format, --ref outside a Git work tree', () => {
    const dir = tempDir();
    expect(run(['plan', '--app', fleetFile(dir, 'f'), '--against', dir, '--format', 'yaml']).status).toBe(2);
    const noGit = run(['plan', '--app', fleetFile(dir, 'f'), '--against', dir, '--ref', 'HEAD']);
    expect(noGit.status).toBe(2);
    expect(noGit.stderr).toContain('not inside a Git work tree');
  });
});

describe('--json summary lines', () => {
  test('synth, merge and ls print one JSON object of their documented shape', () => {
    const dir = tempDir();
    const app = fleetFile(dir, 'fleet');
    const out = join(dir, 'out');
    const synth = json<SynthSummaryJson>(run(['synth', '--json', '--app', app, '--out', out]).stdout);
    expect(synth).toEqual({
      command: 'synth',
      version: 1,
      out,
      clusters: 3,
      objects: expect.any(Number),
      rendered: 3,
      written: expect.any(Number),
      unchanged: 0,
      removed: 0,
      repaired: 0,
      seconds: expect.any(Number),
    });
    const shards = [1, 2].map((i) => {
      const shard = join(dir, `shard-${i}`);
      expect(run(['synth', '--app', app, '--shard', `${i}/2`, '--out', shard]).status).toBe(0);
      return shard;
    });
    const merge = json<MergeSummaryJson>(run(['merge', '--json', '--out', join(dir, 'merged'), ...shards]).stdout);
    expect(merge).toEqual({
      command: 'merge',
      version: 1,
      out: join(dir, 'merged'),
      shards: 2,
      clusters: 3,
      written: synth.written,
      unchanged: 0,
      removed: 0,
      repaired: 0,
    });
    const ls = json<LsSummaryJson>(run(['ls', '--json', '--app', app]).stdout);
    expect(ls).toEqual({
      command: 'ls',
      version: 1,
      clusters: [
        {
          cluster: 'shop-1',
          tier: 'eu',
          wave: 'wave-1',
          connectivity: 'always-on',
          distribution: 'k3s',
          agent: 'flux',
          arches: ['arm64'],
          apps: 1,
        },
        {
          cluster: 'shop-2',
          tier: 'eu',
          wave: 'wave-1',
          connectivity: 'always-on',
          distribution: 'k3s',
          agent: 'flux',
          arches: ['arm64'],
          apps: 2,
        },
        {
          cluster: 'shop-canary',
          tier: 'eu',
          wave: 'canary',
          connectivity: 'always-on',
          distribution: 'k3s',
          agent: 'flux',
          arches: ['arm64'],
          apps: 1,
        },
      ],
    });
  });
});
