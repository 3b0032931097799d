import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EdgeSite, RegionalTier } from '../../lib';
import { synth } from '../../lib/synth/synth';
import { isUpToDate, planFleet, plannedClusters } from '../../lib/plan/plan-fleet';
import type { FleetPlan } from '../../lib/plan/plan-shape';
import { TreeSourceError } from '../../lib/plan/tree-source';
import { readTree, tempDir } from '../support/synth-sites';
import { smallFleet, SmallFleetOptions } from '../support/small-fleet';
import { describeWithTool } from '../support/tools';

/** The small fleet synthesized into a fresh directory. */
function tree(options: SmallFleetOptions): string {
  const dir = tempDir();
  synth(smallFleet(options).fleet, { outDir: dir });
  return dir;
}

/**
 * The small fleet (one web-only site per wave) plus a second tier, with
 * sites in three waves: `eu/shop-1` in the default wave-1, `eu/shop-canary`
 * and `us/us-canary` in canary, `us/us-late` in wave-2.
 */
function wavedFleet(options: SmallFleetOptions = {}) {
  const f = smallFleet({ ...options, sites: 1 });
  const nodes = [{ deviceClass: f.pi }, { deviceClass: f.ipc }];
  const us = new RegionalTier(f.fleet, 'us');
  new EdgeSite(f.tier, 'shop-canary', { nodes, apps: [f.web], wave: 'canary' });
  new EdgeSite(us, 'us-canary', { nodes, apps: [f.web], wave: 'canary' });
  new EdgeSite(us, 'us-late', { nodes, apps: [f.web], wave: 'wave-2' });
  return f;
}

describe('planFleet', () => {
  test('a one-site change names exactly that cluster, its wave and tier, its objects and files, in the documented JSON shape', () => {
    const against = tree({ sites: 3 });
    const plan = planFleet(smallFleet({ sites: 3, webOnly: [2] }).fleet, { against });
    // What a synth of the changed fleet writes, to size the changed file.
    const next = tree({ sites: 3, webOnly: [2] });
    const kustomization = readFileSync(join(next, 'clusters/shop-2/kustomization.yaml'));
    const expected: FleetPlan = {
      version: 1,
      fleet: 'test',
      against: { dir: against, empty: false },
      summary: { clusters: 3, added: 0, changed: 1, removed: 0, unchanged: 2, downloadBytes: kustomization.length },
      waves: [
        {
          wave: 'wave-1',
          tiers: [
            {
              tier: 'eu',
              clusters: [
                {
                  cluster: 'shop-2',
                  change: 'changed',
                  downloadBytes: kustomization.length,
                  files: [{ path: 'clusters/shop-2/kustomization.yaml', change: 'changed', bytes: kustomization.length }],
                  objects: [{ change: 'removed', kind: 'Deployment', namespace: 'edge-apps', name: 'worker' }],
                },
              ],
            },
          ],
        },
      ],
      fleetFiles: [],
      manifestChanged: true,
      interrupted: false,
    };
    // Through JSON, as `plan --format json` prints it: the shape is plain data.
    expect(JSON.parse(JSON.stringify(plan))).toEqual(expected);
    expect(isUpToDate(plan)).toBe(false);
  });

  test("a tier-level change groups clusters by wave in the fleet's rollout order, then by tier, and names the changed fields", () => {
    const against = tempDir();
    synth(wavedFleet().fleet, { outDir: against });
    const plan = planFleet(wavedFleet({ webImage: 'ghcr.io/example/web:1.1.0' }).fleet, { against });
    expect(plan.waves.map((w) => [w.wave, w.tiers.map((t) => [t.tier, t.clusters.map((c) => c.cluster)])])).toEqual([
      [
        'canary',
        [
          ['eu', ['shop-canary']],
          ['us', ['us-canary']],
        ],
      ],
      ['wave-1', [['eu', ['shop-1']]]],
      ['wave-2', [['us', ['us-late']]]],
    ]);
    expect(plannedClusters(plan)).toEqual(['shop-canary', 'us-canary', 'shop-1', 'us-late']);
    for (const c of plan.waves.flatMap((w) => w.tiers.flatMap((t) => t.clusters))) {
      expect(c.objects).toEqual([{ change: 'changed', kind: 'Deployment', namespace: 'edge-apps', name: 'web', fields: ['spec'] }]);
      // The web app's base moved to a new content hash: the cluster downloads the new base and its own kustomization.
      expect(c.files.filter((f) => f.change === 'added').map((f) => f.path)).toEqual([
        expect.stringMatching(/^bases\/app-web\/\w+\/kustomization\.yaml$/),
        expect.stringMatching(/^bases\/app-web\/\w+\/resources\.yaml$/),
      ]);
      expect(c.downloadBytes).toBe(c.files.reduce((n, f) => n + f.bytes, 0));
      expect(c.downloadBytes).toBeGreaterThan(1000);
    }
  });

  test('a config file change shows as a changed kustomization.yaml feeding its generated ConfigMap', () => {
    const withScrape = (scrapeInterval?: string) => {
      const f = smallFleet({ sites: 1 });
      new EdgeSite(f.tier, 'shop-x', {
        nodes: [{ deviceClass: f.pi }, { deviceClass: f.ipc }],
        apps: [f.web],
        metrics: scrapeInterval ? { scrapeInterval } : undefined,
      });
      return f.fleet;
    };
    const against = tempDir();
    synth(withScrape(), { outDir: against });
    const [cluster] = planFleet(withScrape('30s'), { against }).waves.flatMap((w) => w.tiers.flatMap((t) => t.clusters));
    expect(cluster.cluster).toBe('shop-x');
    expect(cluster.files).toContainEqual({
      path: 'clusters/shop-x/kustomization.yaml',
      change: 'changed',
      bytes: expect.any(Number),
      configMaps: ['edge-system/prometheus-agent-config'],
    });
    expect(cluster.objects.some((o) => o.kind === 'ConfigMap')).toBe(false);
  });

  test('an empty directory: every cluster is added; a cluster the fleet dropped is removed, wave unknown, tier kept', () => {
    const empty = planFleet(smallFleet({ sites: 2 }).fleet, { against: tempDir() });
    expect(empty.against.empty).toBe(true);
    expect(empty.summary).toMatchObject({ added: 2, changed: 0, removed: 0, unchanged: 0 });
    expect(empty.waves[0].tiers[0].clusters[0].objects.every((o) => o.change === 'added')).toBe(true);

    const dropped = planFleet(smallFleet({ sites: 2 }).fleet, { against: tree({ sites: 3 }) });
    expect(dropped.summary).toMatchObject({ added: 0, changed: 0, removed: 1, unchanged: 2, downloadBytes: 0 });
    expect(dropped.waves).toEqual([
      { wave: null, tiers: [{ tier: 'eu', clusters: [expect.objectContaining({ cluster: 'shop-3', change: 'removed' })] }] },
    ]);
  });

  test('against the tree a synth just wrote, nothing changes; an edited file is found', () => {
    const against = tree({ sites: 2 });
    expect(isUpToDate(planFleet(smallFleet({ sites: 2 }).fleet, { against }))).toBe(true);
    appendFileSync(join(against, 'clusters/shop-1/resources.yaml'), '# edit\n');
    const before = readTree(against);
    const edited = planFleet(smallFleet({ sites: 2 }).fleet, { against });
    expect(plannedClusters(edited)).toEqual(['shop-1']);
    expect(edited.waves[0].tiers[0].clusters[0].files).toEqual([
      { path: 'clusters/shop-1/resources.yaml', change: 'changed', bytes: expect.any(Number) },
    ]);
    expect(edited.manifestChanged).toBe(false);
    // Planning only reads.
    expect(readTree(against)).toEqual(before);
  });
});

describeWithTool('git')('planFleet --ref', () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });

  test('reads the tree at a Git ref without a checkout, from a subdirectory of the repository', () => {
    const repo = tempDir();
    git(repo, 'init', '-q');
    const dir = join(repo, 'deploy', 'edge');
    mkdirSync(dir, { recursive: true });
    synth(smallFleet({ sites: 2 }).fleet, { outDir: dir });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'tree');
    // The work tree moves on; HEAD keeps the old tree.
    synth(smallFleet({ sites: 2, webOnly: [1] }).fleet, { outDir: dir });
    const status = git(repo, 'status', '--porcelain');
    const head = git(repo, 'rev-parse', 'HEAD');

    const atHead = planFleet(smallFleet({ sites: 2, webOnly: [1] }).fleet, { against: dir, ref: 'HEAD' });
    expect(atHead.against).toEqual({ dir, ref: 'HEAD', empty: false });
    expect(plannedClusters(atHead)).toEqual(['shop-1']);
    expect(atHead.waves[0].tiers[0].clusters[0].objects).toEqual([
      { change: 'removed', kind: 'Deployment', namespace: 'edge-apps', name: 'worker' },
    ]);
    expect(isUpToDate(planFleet(smallFleet({ sites: 2 }).fleet, { against: dir, ref: 'HEAD' }))).toBe(true);
    expect(isUpToDate(planFleet(smallFleet({ sites: 2, webOnly: [1] }).fleet, { against: dir }))).toBe(true);
    expect(git(repo, 'status', '--porcelain')).toBe(status);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);

    expect(() => planFleet(smallFleet().fleet, { against: dir, ref: 'no-such-branch' })).toThrow(TreeSourceError);
    expect(() => planFleet(smallFleet().fleet, { against: tempDir(), ref: 'HEAD' })).toThrow(/not inside a Git work tree/);
  });
});
