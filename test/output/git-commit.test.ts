import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FleetValidationError } from '../../lib/model/problem';
import { synth } from '../../lib/synth/synth';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { describeWithTool } from '../support/tools';
import { validateObject } from '../support/validate-objects';
import { tempDir } from '../support/synth-sites';
import { git, repoWithClone } from '../support/git-repo';

describeWithTool('git')('synth --commit into a Git work tree', () => {
  const { bare, clone } = repoWithClone('# our fleet repo\n');

  it('commits the tree, and a fresh clone builds every cluster with kubectl kustomize', () => {
    const summary = synth(smallFleet({ sites: 3 }).fleet, { outDir: clone, commit: true });
    expect(summary.commitId).toMatch(/^[0-9a-f]{40}$/);
    expect(git(clone, 'log', '-1', '--format=%B')).toBe('edgefleet: clusters 3 added\n\neu:\n  added: shop-1, shop-2, shop-3');
    expect(readFileSync(join(clone, 'README.md'), 'utf8')).toBe('# our fleet repo\n');
    git(clone, 'push', '--quiet', 'origin', 'main');

    const edge = tempDir('edgefleet-edge-');
    git(edge, 'clone', '--quiet', bare, 'repo');
    const clusters = readdirSync(join(edge, 'repo', 'clusters'));
    expect(clusters).toEqual(['shop-1', 'shop-2', 'shop-3']);
    for (const c of clusters) {
      const objects = kustomizeObjects(join(edge, 'repo', 'clusters', c));
      const flux = objects.filter((o) => /fluxcd\.io/.test(o.apiVersion));
      expect(flux.map((o) => o.kind).sort()).toEqual(['GitRepository', 'Kustomization']);
      for (const o of flux) expect(validateObject(o as never)).toEqual([]);
    }
  });

  it('a second synth with one site changed commits only that site and names it', () => {
    const before = git(clone, 'rev-parse', 'HEAD');
    const summary = synth(smallFleet({ sites: 3, webOnly: [2] }).fleet, { outDir: clone, commit: true });
    expect(summary.commitId).toBeDefined();
    const files = git(clone, 'diff', '--name-only', before, 'HEAD').split('\n');
    expect(files.filter((f) => !f.startsWith('clusters/shop-2/'))).toEqual(['.edgefleet/manifest.json']);
    expect(files.length).toBeGreaterThan(1);
    expect(git(clone, 'log', '-1', '--format=%B')).toBe('edgefleet: clusters 1 changed\n\neu:\n  changed: shop-2');
  });

  it('makes no commit when nothing changed', () => {
    const before = git(clone, 'rev-parse', 'HEAD');
    const summary = synth(smallFleet({ sites: 3, webOnly: [2] }).fleet, { outDir: clone, commit: true });
    expect(summary.commitId).toBeUndefined();
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(before);
  });

  it('names removed clusters by tier', () => {
    synth(smallFleet({ sites: 2, webOnly: [2] }).fleet, { outDir: clone, commit: true });
    expect(git(clone, 'log', '-1', '--format=%B')).toBe('edgefleet: clusters 1 removed\n\neu:\n  removed: shop-3');
    expect(existsSync(join(clone, 'clusters', 'shop-3'))).toBe(false);
    expect(git(clone, 'status', '--porcelain')).toBe('');
  });

  it('refuses a work tree whose edgefleet files have uncommitted changes, and leaves other dirty files alone', () => {
    writeFileSync(join(clone, 'README.md'), '# edited, not committed\n');
    synth(smallFleet({ sites: 2 }).fleet, { outDir: clone, commit: true });
    expect(git(clone, 'status', '--porcelain')).toBe('M README.md');
    const kfile = join(clone, 'clusters', 'shop-1', 'kustomization.yaml');
    writeFileSync(kfile, `${readFileSync(kfile, 'utf8')}# hand edit\n`);
    const head = git(clone, 'rev-parse', 'HEAD');
    expect(() => synth(smallFleet({ sites: 3 }).fleet, { outDir: clone, commit: true })).toThrow(
      /refusing to synth with --commit: 1 file\(s\) edgefleet owns have uncommitted changes, e\.g\. M clusters\/shop-1\/kustomization\.yaml/,
    );
    expect(existsSync(join(clone, 'clusters', 'shop-3'))).toBe(false);
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('refuses a directory outside any Git work tree', () => {
    const plain = tempDir('edgefleet-nogit-');
    expect(() => synth(smallFleet().fleet, { outDir: plain, commit: true })).toThrow(/is not inside a Git work tree/);
    expect(readdirSync(plain)).toEqual([]);
  });
});

describe('manifest records tiers', () => {
  it('per cluster, for commit messages', () => {
    const out = tempDir('edgefleet-tier-');
    synth(smallFleet().fleet, { outDir: out });
    const manifest = JSON.parse(readFileSync(join(out, '.edgefleet/manifest.json'), 'utf8'));
    expect(manifest.clusters['shop-1'].tier).toBe('eu');
    expect(parseAllDocuments(readFileSync(join(out, 'clusters/shop-1/flux-system/gotk-sync.yaml'), 'utf8')).length).toBe(2);
  });
});

describeWithTool('git')('synth --commit and gitops.pathPrefix', () => {
  it('refuses a gitops.pathPrefix that is not where --commit writes in the repository, writing nothing', () => {
    const { clone } = repoWithClone('# our fleet repo\n');
    const out = join(clone, 'fleet', 'out');
    mkdirSync(out, { recursive: true });
    let error: unknown;
    try {
      synth(smallFleet().fleet, { outDir: out, commit: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FleetValidationError);
    expect((error as FleetValidationError).problems).toEqual([
      expect.objectContaining({
        path: 'test/eu/shop-1',
        site: 'shop-1',
        field: 'gitops.pathPrefix',
        message: expect.stringMatching(/is "", but --commit writes the tree at "fleet\/out".*1 more site/),
      }),
    ]);
    expect(readdirSync(out)).toEqual([]);
    const summary = synth(
      smallFleet({ fleet: { gitops: { repoUrl: 'https://git.example.com/fleet.git', pathPrefix: 'fleet/out' } } }).fleet,
      { outDir: out, commit: true },
    );
    expect(summary.commitId).toMatch(/^[0-9a-f]{40}$/);
  });
});
