import { parseAllDocuments } from 'yaml';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderedUnit } from '../render/render-unit';
import { fluxSystemFiles, fluxSystemObjectCount } from './flux-system';
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
 * Lays out one cluster: shared units go to bases, cluster units to the
 * cluster's own resources.yaml, apps' secret files byte for byte to
 * `secrets/<app>/`. Every directory gets a kustomization.yaml.
 *
 * Flux: bases live once under `bases/`, referenced by relative path, and
 * `flux-system/` holds the sync objects. Rancher Fleet: a bundle carries only
 * its own directory, so the cluster directory is the bundle and its bases
 * are copied into `clusters/<c>/bases/`; its fleet.yaml depends on the
 * fleet's waves and is written fleet-wide (see fleetTreeFiles). Flux with
 * delivery "oci" copies the bases in the same way: the cluster directory is
 * the artifact `edgefleet publish` pushes.
 */
export function layoutCluster(site: ResolvedSite, units: readonly RenderedUnit[]): ClusterLayout {
  const dir = `clusters/${site.cluster}`;
  const fleet = site.settings.gitops.engine === 'fleet';
  const inlineBases = fleet || site.settings.gitops.delivery === 'oci';
  const files = new Map<string, string>();
  const bases = new Map<string, ReadonlyMap<string, string>>();
  const resources: string[] = [];
  for (const u of units) {
    if (u.placement !== 'shared') continue;
    const base = baseDir(u);
    const baseFiles = new Map([[`kustomization.yaml`, kustomizationYaml(['resources.yaml'])], [`resources.yaml`, u.yaml]]);
    const root = inlineBases ? `${dir}/${base}` : base;
    const placed = new Map([...baseFiles].map(([name, text]) => [`${root}/${name}`, text]));
    if (inlineBases) for (const [path, text] of placed) files.set(path, text);
    else bases.set(base, placed);
    resources.push(inlineBases ? base : `../../${base}`);
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
  let secretObjects = 0;
  for (const app of site.apps) {
    const names = Object.keys(app.secretFiles).sort();
    if (names.length === 0) continue;
    for (const name of names) {
      files.set(`${dir}/secrets/${app.name}/${name}`, app.secretFiles[name]);
      secretObjects += parseAllDocuments(app.secretFiles[name]).length;
    }
    files.set(`${dir}/secrets/${app.name}/kustomization.yaml`, kustomizationYaml(names));
    resources.push(`secrets/${app.name}`);
  }
  let engineObjects = 0;
  if (!fleet) {
    for (const [name, text] of fluxSystemFiles(site)) files.set(`${dir}/flux-system/${name}`, text);
    resources.push('flux-system');
    engineObjects = fluxSystemObjectCount(site);
  }
  files.set(`${dir}/kustomization.yaml`, kustomizationYaml(resources, configMaps, site.settings.labels));
  const objectCount = units.reduce((n, u) => n + u.objects.length + u.configMaps.length, engineObjects + secretObjects);
  return { cluster: site.cluster, files, bases, objectCount };
}
