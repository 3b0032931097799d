import type { ResolvedSite } from '../model/resolved-site';
import type { RenderedUnit } from '../render/render-unit';
import { toYamlStream } from '../render/yaml';
import { fluxSyncObjects } from './flux-sync';
import { configFilePath, kustomizationYaml } from './kustomization';

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
 * Lays out one cluster: shared units go to bases, referenced by relative
 * path; cluster units go to the cluster's own resources.yaml; Flux sync
 * objects go to flux-system/. Every directory gets a kustomization.yaml.
 */
export function layoutCluster(site: ResolvedSite, units: readonly RenderedUnit[]): ClusterLayout {
  const dir = `clusters/${site.cluster}`;
  const files = new Map<string, string>();
  const bases = new Map<string, ReadonlyMap<string, string>>();
  const resources: string[] = [];
  for (const u of units) {
    if (u.placement !== 'shared') continue;
    const base = baseDir(u);
    bases.set(base, new Map([[`${base}/kustomization.yaml`, kustomizationYaml(['resources.yaml'])], [`${base}/resources.yaml`, u.yaml]]));
    resources.push(`../../${base}`);
  }
  const own = units.filter((u) => u.placement === 'cluster' && u.objects.length > 0);
  if (own.length > 0) {
    files.set(`${dir}/resources.yaml`, own.map((u) => u.yaml).join('---\n'));
    resources.push('resources.yaml');
  }
  const configMaps = units.flatMap((u) => u.configMaps);
  for (const cm of configMaps) {
    for (const [key, text] of Object.entries(cm.files)) files.set(`${dir}/${configFilePath(cm, key)}`, text);
  }
  const sync = fluxSyncObjects(site);
  files.set(`${dir}/flux-system/kustomization.yaml`, kustomizationYaml(['gotk-sync.yaml']));
  files.set(`${dir}/flux-system/gotk-sync.yaml`, toYamlStream(sync));
  resources.push('flux-system');
  files.set(`${dir}/kustomization.yaml`, kustomizationYaml(resources, configMaps));
  const objectCount = units.reduce((n, u) => n + u.objects.length + u.configMaps.length, sync.length);
  return { cluster: site.cluster, files, bases, objectCount };
}
