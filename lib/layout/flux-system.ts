import type { ResolvedSite } from '../model/resolved-site';
import { toYaml, toYamlStream } from '../render/yaml';
import { sourceStorageClaim, sourceStoragePatch } from './flux-storage';
import { bootstrapSyncYaml, fluxSyncPatches } from './flux-sync';

/**
 * Placeholder for the Flux controllers. `flux bootstrap` (or
 * `flux install --export`) writes the controllers here; edgefleet writes this
 * text once and, its content never changing, never overwrites the filled file.
 */
export const FLUX_COMPONENTS_PLACEHOLDER = '# flux bootstrap writes the controllers here\n';

/**
 * Seed files: edgefleet writes them only when missing, because once there
 * another tool owns their bytes (`flux bootstrap` fills
 * gotk-components.yaml). Drift repair leaves them alone; they are pruned
 * with their cluster.
 */
export function isSeedFile(path: string): boolean {
  return path.endsWith('/flux-system/gotk-components.yaml');
}

/** A `patches:` entry of flux-system/kustomization.yaml: a patch file and, where it may select nothing, its target. */
interface PatchEntry {
  readonly path: string;
  readonly target?: { readonly kind: string; readonly name: string };
}

/**
 * Files of a cluster's `flux-system/`, laid out as `flux bootstrap` expects:
 * gotk-sync.yaml byte for byte as bootstrap writes it, gotk-components.yaml
 * for bootstrap to fill, and every edgefleet customisation as a patch listed
 * in kustomization.yaml, which bootstrap keeps. The GitRepository and
 * Kustomization patches share one file (both objects are always in
 * gotk-sync.yaml; one file keeps the cluster directory small). On
 * intermittent and rarely-connected sites, the claim and the patch that keep
 * source-controller's storage on a persistent volume: that patch names its
 * target, so the tree builds before bootstrap too (a patch whose target
 * selects nothing, as the source-controller Deployment until
 * gotk-components.yaml is filled, is skipped). Paths are relative to
 * `flux-system/`.
 */
export function fluxSystemFiles(site: ResolvedSite): Map<string, string> {
  const persist = site.settings.connectivity !== 'always-on';
  const [repositoryPatch, kustomizationPatch] = fluxSyncPatches(site);
  const files = new Map<string, string>([
    ['gotk-components.yaml', FLUX_COMPONENTS_PLACEHOLDER],
    ['gotk-sync.yaml', bootstrapSyncYaml(site)],
    ['gotk-sync-patch.yaml', toYamlStream([repositoryPatch, kustomizationPatch])],
  ]);
  const resources = ['gotk-components.yaml', 'gotk-sync.yaml'];
  const patches: PatchEntry[] = [{ path: 'gotk-sync-patch.yaml' }];
  if (persist) {
    files.set('source-storage.yaml', toYaml(sourceStorageClaim(site.settings.gitops.sourceStorageSize)));
    files.set('source-storage-patch.yaml', toYaml(sourceStoragePatch()));
    resources.push('source-storage.yaml');
    patches.push({ path: 'source-storage-patch.yaml', target: { kind: 'Deployment', name: 'source-controller' } });
  }
  files.set('kustomization.yaml', toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, patches }));
  return files;
}

/** Objects flux-system contributes to the cluster's build (the controllers come from bootstrap). */
export function fluxSystemObjectCount(site: ResolvedSite): number {
  return site.settings.connectivity === 'always-on' ? 2 : 3;
}
