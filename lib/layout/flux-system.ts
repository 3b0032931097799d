import { connectivityProfile } from '../model/connectivity-profile';
import type { ResolvedSite } from '../model/resolved-site';
import { toYaml, toYamlStream } from '../util/yaml';
import { sourceStorageClaim, sourceStoragePatch } from './flux-storage';
import { fluxOciSyncObjects, OCI_SYNC_FILE } from './flux-oci';
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
 * `flux-system/`. With delivery "oci" there is no bootstrap of the sync
 * objects to stay byte-identical with: oci-sync.yaml holds them whole (see
 * fluxOciSyncObjects).
 */
export function fluxSystemFiles(site: ResolvedSite): Map<string, string> {
  const persist = connectivityProfile(site.settings.connectivity).persistFluxSource;
  const files = new Map<string, string>([['gotk-components.yaml', FLUX_COMPONENTS_PLACEHOLDER]]);
  const resources = ['gotk-components.yaml'];
  const patches: PatchEntry[] = [];
  if (site.settings.gitops.delivery === 'oci') {
    files.set(OCI_SYNC_FILE, toYamlStream(fluxOciSyncObjects(site)));
    resources.push(OCI_SYNC_FILE);
  } else {
    files.set('gotk-sync.yaml', bootstrapSyncYaml(site));
    files.set('gotk-sync-patch.yaml', toYamlStream(fluxSyncPatches(site)));
    resources.push('gotk-sync.yaml');
    patches.push({ path: 'gotk-sync-patch.yaml' });
  }
  if (persist) {
    files.set('source-storage.yaml', toYaml(sourceStorageClaim(site.settings.gitops.sourceStorageSize)));
    files.set('source-storage-patch.yaml', toYaml(sourceStoragePatch()));
    resources.push('source-storage.yaml');
    patches.push({ path: 'source-storage-patch.yaml', target: { kind: 'Deployment', name: 'source-controller' } });
  }
  files.set('kustomization.yaml', toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...(patches.length > 0 ? { patches } : {}) }));
  return files;
}

/** Objects flux-system contributes to the cluster's build (the controllers come from bootstrap). */
export function fluxSystemObjectCount(site: ResolvedSite): number {
  return connectivityProfile(site.settings.connectivity).persistFluxSource ? 3 : 2;
}
