import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sourceStorageClaim } from '../../lib/layout/flux-storage';
import { fluxSyncObjects } from '../../lib/layout/flux-sync';
import { resolveFleet } from '../../lib/model/resolve';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import { clusterUnits } from '../../lib/render/cluster-units';
import { UnitRenderer } from '../../lib/render/unit-renderer';
import { toYaml, toYamlStream } from '../../lib/util/yaml';
import { synth } from '../../lib/synth/synth';
import { renderContextOf } from '../../lib/synth/tree-plan';
import { fleet as sitesFleet } from '../../sites/fleet';
import { kustomizeObjects } from '../support/kustomize';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

/*
 * The layered tree (shared bases, per-cluster config inline, secret files
 * folded, inline Flux patches) must build to exactly the objects a flat
 * render of the cluster gives: every unit's objects, the secret files and
 * the GitOps objects in one file, and the ConfigMaps generated from one
 * file per config file (configMapGenerator `files:`, as the tree was laid
 * out before config went inline as `literals:`). Both sides are built by
 * real kubectl.
 */

/** Objects as canonical JSON strings (keys sorted), sorted: a set to compare. */
function asSet(objects: readonly unknown[]): string[] {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return objects.map((o) => JSON.stringify(canonical(o))).sort();
}

/** Writes the flat render of one cluster into `dir`. */
function writeFlat(site: ResolvedSite, renderer: UnitRenderer, context: ReturnType<typeof renderContextOf>, dir: string): void {
  const units = clusterUnits(site, context).map((u) => renderer.render(u));
  const objects: unknown[] = units.flatMap((u) => u.objects);
  for (const app of site.apps)
    for (const text of Object.values(app.secretFiles)) objects.push(...parseAllDocuments(text).map((d) => d.toJSON()));
  if (site.settings.gitops.engine === 'flux') {
    objects.push(...fluxSyncObjects(site));
    if (site.settings.connectivity !== 'always-on') objects.push(sourceStorageClaim(site.settings.gitops.sourceStorageSize));
  }
  const configMapGenerator = units
    .flatMap((u) => u.configMaps)
    .map((cm) => {
      const files = Object.entries(cm.files).map(([key, text]) => {
        const path = `config/${cm.namespace}/${cm.name}/${key}`;
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
        return `${key}=${path}`;
      });
      return { name: cm.name, namespace: cm.namespace, files };
    });
  const labels = site.settings.labels;
  writeFileSync(join(dir, 'all.yaml'), toYamlStream(objects));
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['all.yaml'],
      ...(configMapGenerator.length > 0 ? { configMapGenerator } : {}),
      ...(Object.keys(labels).length > 0 ? { labels: [{ pairs: labels, includeSelectors: false }] } : {}),
    }),
  );
}

describeWithTool('kubectl', ['version', '--client'])('layered tree vs flat render (real kubectl)', () => {
  const out = tempDir();
  synth(sitesFleet, { outDir: out });
  const resolved = resolveFleet(sitesFleet);
  const context = renderContextOf(sitesFleet);
  const renderer = new UnitRenderer();

  test('covers every cluster of sites/', () => {
    expect(readdirSync(join(out, 'clusters')).sort()).toEqual(resolved.sites.map((s) => s.cluster));
  });

  test.each(resolved.sites.map((s) => [s.cluster, s] as const))('%s builds to the objects of its flat render', (_cluster, site) => {
    const flat = tempDir();
    writeFlat(site, renderer, context, flat);
    const layered = kustomizeObjects(join(out, 'clusters', site.cluster));
    expect(layered.length).toBeGreaterThan(10);
    expect(asSet(layered)).toEqual(asSet(kustomizeObjects(flat)));
  });
});
