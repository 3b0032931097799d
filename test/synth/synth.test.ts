import * as fs from 'node:fs';
import { join } from 'node:path';
import { EdgeSite } from '../../lib';
import { OutputRefusedError } from '../../lib/output/open-output';
import { synth } from '../../lib/synth/synth';
import { MANIFEST_PATH } from '../../lib/output/manifest';
import { fleet as sitesFleet } from '../../sites/fleet';
import { smallFleet } from '../support/small-fleet';
import { kustomizeObjects } from '../support/kustomize';
import { readTree, tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';
import { upgradeFleet } from '../support/upgrade-fleet';
import { validateObject } from '../support/validate-objects';
import { HUB_DIR } from '../../lib/layout/hub-requirements';

describeWithTool('kubectl', ['version', '--client'])('synth of sites/ (real kubectl, schemas)', () => {
  const out = tempDir();
  const first = synth(sitesFleet, { outDir: out });
  const clusters = fs.readdirSync(join(out, 'clusters')).sort();

  test('every cluster builds with kubectl kustomize and every object validates', () => {
    expect(clusters.length).toBe(first.clusters);
    expect(clusters.length).toBeGreaterThanOrEqual(25);
    const errors: string[] = [];
    let objects = 0;
    for (const cluster of clusters) {
      const docs = kustomizeObjects(join(out, 'clusters', cluster));
      objects += docs.length;
      expect(docs.filter((d) => d.kind === 'GitRepository' || d.kind === 'Kustomization')).toHaveLength(2);
      for (const doc of docs) errors.push(...validateObject(doc).map((e) => `${cluster}: ${e}`));
    }
    expect(errors).toEqual([]);
    expect(objects).toBe(first.objects);
  });

  test('every directory holding manifests has a kustomization.yaml', () => {
    // hub/ holds the hub's runtime configuration, not manifests, outside every synced path.
    const manifests = [...readTree(out).keys()].filter(
      (p) => p.endsWith('.yaml') && !p.includes('/config/') && !p.startsWith(`${HUB_DIR}/`),
    );
    const dirs = new Set(manifests.map((p) => p.slice(0, p.lastIndexOf('/'))));
    const missing = [...dirs].filter((d) => !fs.existsSync(join(out, d, 'kustomization.yaml')));
    expect(missing).toEqual([]);
  });

  test('a second run is byte-identical and writes no file', () => {
    const before = readTree(out);
    const second = synth(sitesFleet, { outDir: out });
    expect(second.written).toBe(0);
    expect(second.removed).toBe(0);
    expect(second.rendered).toBe(0);
    expect(readTree(out)).toEqual(before);
    const fresh = tempDir();
    synth(sitesFleet, { outDir: fresh, force: true });
    expect(readTree(fresh)).toEqual(before);
  });
});

describe('writing the tree', () => {
  test('onProgress reports clusters rendered of those to render, from 0; cached clusters are not counted', () => {
    const out = tempDir();
    const calls: [number, number][] = [];
    synth(smallFleet({ sites: 3 }).fleet, { outDir: out, onProgress: (rendered, total) => calls.push([rendered, total]) });
    expect(calls).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    calls.length = 0;
    synth(smallFleet({ sites: 3, webOnly: [2] }).fleet, { outDir: out, onProgress: (rendered, total) => calls.push([rendered, total]) });
    expect(calls).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  test('a foreign file in the output directory survives synths and pruning', () => {
    const out = tempDir();
    synth(smallFleet({ sites: 3 }).fleet, { outDir: out });
    fs.writeFileSync(join(out, 'README.md'), 'ours\n');
    fs.writeFileSync(join(out, 'clusters', 'shop-3', 'notes.txt'), 'hand-written\n');
    const pruned = synth(smallFleet({ sites: 2 }).fleet, { outDir: out });
    expect(pruned.removed).toBeGreaterThan(0);
    expect(fs.readFileSync(join(out, 'README.md'), 'utf8')).toBe('ours\n');
    expect(fs.readFileSync(join(out, 'clusters', 'shop-3', 'notes.txt'), 'utf8')).toBe('hand-written\n');
    expect(fs.existsSync(join(out, 'clusters', 'shop-3', 'kustomization.yaml'))).toBe(false);
  });

  test('a synth that fails halfway through writing leaves the previous tree as it was', () => {
    const out = tempDir();
    synth(smallFleet().fleet, { outDir: out });
    const before = readTree(out);
    // A directory where the new cluster's temp file must go makes the write fail
    // after other files (the changed base) were already written to temp files.
    fs.mkdirSync(join(out, 'clusters', 'shop-3', 'kustomization.yaml.edgefleet-tmp'), { recursive: true });
    expect(() => synth(smallFleet({ webImage: 'ghcr.io/example/web:1.1.0', sites: 3 }).fleet, { outDir: out })).toThrow(
      /EISDIR|illegal operation/,
    );
    expect(readTree(out)).toEqual(before);
  });

  test('a synth that fails while creating directories removes the ones it made', () => {
    const out = tempDir();
    synth(smallFleet().fleet, { outDir: out });
    const baseDirsBefore = fs.readdirSync(join(out, 'bases', 'app-web'));
    // A plain file where the new cluster's directory must go: mkdir fails after
    // the new base directory (which sorts first) was already made.
    fs.writeFileSync(join(out, 'clusters', 'shop-3'), 'in the way\n');
    const before = readTree(out);
    expect(() => synth(smallFleet({ webImage: 'ghcr.io/example/web:1.1.0', sites: 3 }).fleet, { outDir: out })).toThrow(/EEXIST|ENOTDIR/);
    expect(readTree(out)).toEqual(before);
    expect(fs.readdirSync(join(out, 'bases', 'app-web'))).toEqual(baseDirsBefore);
  });

  test('an invalid fleet writes nothing', () => {
    const out = tempDir();
    const { fleet, tier, pi } = smallFleet();
    new EdgeSite(tier, 'Bad_Name', { nodes: [{ deviceClass: pi }] });
    expect(() => synth(fleet, { outDir: out })).toThrow(/Bad_Name/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('a non-empty directory without a manifest is refused unless allowed', () => {
    const out = tempDir();
    fs.writeFileSync(join(out, 'README.md'), 'repo readme\n');
    expect(() => synth(smallFleet().fleet, { outDir: out })).toThrow(/--allow-nonempty/);
    expect(fs.readdirSync(out)).toEqual(['README.md']);
    synth(smallFleet().fleet, { outDir: out, allowNonEmpty: true });
    expect(fs.existsSync(join(out, MANIFEST_PATH))).toBe(true);
  });

  test('a file edgefleet does not own is never overwritten', () => {
    const out = tempDir();
    fs.mkdirSync(join(out, 'clusters', 'shop-1'), { recursive: true });
    fs.writeFileSync(join(out, 'clusters', 'shop-1', 'kustomization.yaml'), 'mine\n');
    expect(() => synth(smallFleet().fleet, { outDir: out, allowNonEmpty: true })).toThrow(/does not list/);
    expect(fs.readFileSync(join(out, 'clusters', 'shop-1', 'kustomization.yaml'), 'utf8')).toBe('mine\n');
  });

  test('changing one site re-renders and writes only that cluster and the manifest', () => {
    const out = tempDir();
    synth(smallFleet({ sites: 3 }).fleet, { outDir: out });
    const before = readTree(out);
    const result = synth(smallFleet({ sites: 3, webOnly: [2] }).fleet, { outDir: out });
    expect(result.rendered).toBe(1);
    const after = readTree(out);
    const changedPaths = [...after.keys()].filter((p) => after.get(p) !== before.get(p));
    expect(changedPaths).toContain(MANIFEST_PATH);
    expect(changedPaths.filter((p) => !p.startsWith('clusters/shop-2/') && p !== MANIFEST_PATH)).toEqual([]);
  });
});

// Every test in this block fails on the old code: nothing compared a new tree with the previous one.
describe('upgrade safety against the previous tree', () => {
  const DEPLOYMENT = 'Deployment/edge-apps/web';

  /** A tree whose web Deployment has the selector an older release might have written (the cluster runs it). */
  function treeWithOldSelector(): string {
    const out = tempDir();
    synth(upgradeFleet(), { outDir: out });
    const base = fs.readFileSync(join(out, 'clusters/ship-1/kustomization.yaml'), 'utf8').match(/\.\.\/\.\.\/(bases\/app-web\/\w+)/)![1];
    const file = join(out, base, 'resources.yaml');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('matchLabels:\n      app.kubernetes.io/name: web\n', 'matchLabels:\n      app: web\n'),
    );
    return out;
  }

  test('a changed Deployment selector is refused on every site running it, and nothing is written', () => {
    const out = treeWithOldSelector();
    const before = readTree(out);
    expect(() => synth(upgradeFleet(), { outDir: out })).toThrow(
      new RegExp(
        `site ship-1 \\(test/sea/ship-1\\): ${DEPLOYMENT} spec\\.selector: changes, and the API server refuses .*\\(and on 1 more site\\)\\. Hint: .*new name.*upgrade\\.allowReplace`,
      ),
    );
    expect(readTree(out)).toEqual(before);
    // Allowed on one site, the other still refuses.
    expect(() => synth(upgradeFleet({ upgrade: { allowReplace: [DEPLOYMENT] } }), { outDir: out })).toThrow(/site shop-2 .*spec\.selector/);
  });

  test('upgrade.allowReplace lets the selector change through on purpose', () => {
    const out = treeWithOldSelector();
    const summary = synth(upgradeFleet({}, { upgrade: { allowReplace: [DEPLOYMENT] } }), { outDir: out });
    expect(summary.repaired).toBe(1);
    expect(
      fs.readdirSync(join(out, 'bases/app-web')).map((h) => fs.readFileSync(join(out, 'bases/app-web', h, 'resources.yaml'), 'utf8')),
    ).toEqual([expect.stringContaining('app.kubernetes.io/name: web')]);
  });

  test('renaming the platform namespace, which holds the WAL claim, is refused', () => {
    const out = tempDir();
    synth(upgradeFleet(), { outDir: out });
    expect(() => synth(upgradeFleet({ namespaces: { platform: 'edge-platform' } }), { outDir: out })).toThrow(
      /site ship-1 .*: Namespace\/edge-system metadata\.name: is removed while it holds persistent volume claims/,
    );
    synth(upgradeFleet({ namespaces: { platform: 'edge-platform' }, upgrade: { allowReplace: ['Namespace/edge-system'] } }), {
      outDir: out,
    });
    expect(
      [...readTree(out).values()].some(
        (text) => text.includes('kind: Namespace\nmetadata:\n  labels:') && text.includes('name: edge-platform'),
      ),
    ).toBe(true);
  });

  test('--against a directory without a manifest is refused', () => {
    expect(() => synth(upgradeFleet(), { outDir: tempDir(), against: tempDir() })).toThrow(OutputRefusedError);
  });
});
