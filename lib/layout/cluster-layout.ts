import type { ResolvedSite } from '../model/resolved-site';
import type { RenderedUnit } from '../render/render-unit';
import { configMapGenerator } from './configmap-generator';
import { fluxSystemFiles, fluxSystemObjectCount } from './flux-system';
import { kustomizationYaml } from './kustomization';
import { placeSecrets } from './secret-files';
import { clusterDir } from './tree-paths';

/** One cluster's share of the output tree. */
export interface ClusterLayout {
  readonly cluster: string;
  /** Files of the cluster's own directory, by path relative to the output root. */
  readonly files: ReadonlyMap<string, string>;
  /** Base directories the cluster references, with their files. */
  readonly bases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Objects `kubectl kustomize` yields for the cluster. */
  readonly objectCount: number;
}

/** Directory of a shared unit's base. */
export function baseDir(unit: RenderedUnit): string {
  return `bases/${unit.name}/${unit.hash}`;
}

/**
 * Lays out one cluster in as few files as builds the same objects: its own
 * units in resources.yaml, with its apps' secret files folded in byte for
 * byte (placeSecrets), and its config files inline in kustomization.yaml
 * (configMapGenerator); what cannot be folded or inlined goes beside
 * kustomization.yaml, never into a directory of its own.
 *
 * Flux: shared units live once under `bases/`, referenced by relative
 * path, and `flux-system/` holds the sync objects. Rancher Fleet: a bundle
 * carries only its own directory, so the cluster directory is the bundle
 * and its shared units go into its resources.yaml; its fleet.yaml depends
 * on the fleet's waves and is written fleet-wide (see fleetTreeFiles).
 * Flux with delivery "oci" folds them in the same way: the cluster
 * directory is the artifact `edgefleet publish` pushes.
 */
export function layoutCluster(site: ResolvedSite, units: readonly RenderedUnit[]): ClusterLayout {
  const dir = clusterDir(site.cluster);
  const fleet = site.settings.gitops.engine === 'fleet';
  const inlineBases = fleet || site.settings.gitops.delivery === 'oci';
  const files = new Map<string, string>();
  const bases = new Map<string, ReadonlyMap<string, string>>();
  const resources: string[] = [];
  const stream: string[] = [];
  for (const u of units) {
    if (u.placement !== 'shared') continue;
    if (inlineBases) {
      stream.push(u.yaml);
      continue;
    }
    const base = baseDir(u);
    bases.set(
      base,
      new Map([
        [`${base}/kustomization.yaml`, kustomizationYaml(['resources.yaml'])],
        [`${base}/resources.yaml`, u.yaml],
      ]),
    );
    resources.push(`../../${base}`);
  }
  stream.push(...units.filter((u) => u.placement === 'cluster' && u.objects.length > 0).map((u) => u.yaml));
  const secrets = placeSecrets(site);
  stream.push(...secrets.folded);
  if (stream.length > 0) {
    files.set(`${dir}/resources.yaml`, stream.join('---\n'));
    resources.push('resources.yaml');
  }
  for (const [name, text] of secrets.files) files.set(`${dir}/${name}`, text);
  resources.push(...secrets.files.keys());
  const configMaps = units.flatMap((u) => u.configMaps);
  for (const cm of configMaps) {
    for (const [name, text] of configMapGenerator(cm).files) files.set(`${dir}/${name}`, text);
  }
  let engineObjects = 0;
  if (!fleet) {
    for (const [name, text] of fluxSystemFiles(site)) files.set(`${dir}/flux-system/${name}`, text);
    resources.push('flux-system');
    engineObjects = fluxSystemObjectCount(site);
  }
  files.set(`${dir}/kustomization.yaml`, kustomizationYaml(resources, configMaps, site.settings.labels));
  const objectCount = units.reduce((n, u) => n + u.objects.length + u.configMaps.length, engineObjects + secrets.objects);
  return { cluster: site.cluster, files, bases, objectCount };
}
