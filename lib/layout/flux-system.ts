import type { ResolvedSite } from '../model/resolved-site';
import { toYaml, toYamlStream } from '../render/yaml';
import { sourceStorageClaim, sourceStoragePatch } from './flux-storage';
import { FluxSyncOptions, fluxSyncObjects } from './flux-sync';

/**
 * Placeholder for the Flux controllers. `flux bootstrap` (or
 * `flux install --export`) writes the controllers here; edgefleet writes this
 * text once and, its content never changing, never overwrites the filled file.
 */
export const FLUX_COMPONENTS_PLACEHOLDER = '# Flux controllers: `flux bootstrap` or `flux install --export` writes them here.\n';

/**
 * Seed files: edgefleet writes them only when missing, because once there
 * another tool owns their bytes (`flux bootstrap` fills
 * gotk-components.yaml). Drift repair leaves them alone; they are pruned
 * with their cluster.
 */
export function isSeedFile(path: string): boolean {
  return path.endsWith('/flux-system/gotk-components.yaml');
}

/**
 * Files of a cluster's `flux-system/`, laid out as `flux bootstrap` expects
 * (bootstrap keeps an existing kustomization.yaml and fills
 * gotk-components.yaml): the sync objects, and on intermittent and
 * rarely-connected sites the claim and the patch that keep source-controller's
 * storage on a persistent volume. Paths are relative to `flux-system/`.
 */
export function fluxSystemFiles(site: ResolvedSite, options: FluxSyncOptions): Map<string, string> {
  const sync = fluxSyncObjects(site, options);
  const persist = site.settings.connectivity !== 'always-on';
  const files = new Map<string, string>([
    ['gotk-components.yaml', FLUX_COMPONENTS_PLACEHOLDER],
    ['gotk-sync.yaml', toYamlStream(sync)],
  ]);
  const resources = ['gotk-components.yaml', 'gotk-sync.yaml'];
  if (persist) {
    files.set('source-storage.yaml', toYaml(sourceStorageClaim(site.settings.gitops.sourceStorageSize)));
    files.set('source-storage-patch.yaml', toYaml(sourceStoragePatch()));
    resources.push('source-storage.yaml');
  }
  files.set(
    'kustomization.yaml',
    toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources,
      ...(persist ? { patches: [{ path: 'source-storage-patch.yaml', target: { kind: 'Deployment', name: 'source-controller' } }] } : {}),
    }),
  );
  return files;
}

/** Objects flux-system contributes to the cluster's build (the controllers come from bootstrap). */
export function fluxSystemObjectCount(site: ResolvedSite): number {
  return site.settings.connectivity === 'always-on' ? 2 : 3;
}
