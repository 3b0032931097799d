import { parse, parseAllDocuments } from 'yaml';
import { connectivityProfile } from '../model/connectivity-profile';
import type { ResolvedSite } from '../model/resolved-site';
import { toKustomizationYaml, toYaml, toYamlStream } from '../util/yaml';
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

/** A `patches:` entry of flux-system/kustomization.yaml: an inline patch and, where it may select nothing, its target. */
interface PatchEntry {
  readonly patch: string;
  readonly target?: { readonly kind: string; readonly name: string };
}

/** flux-system/kustomization.yaml as edgefleet writes it (and the wave-move commits rewrite it). */
interface FluxSystemKustomization {
  readonly apiVersion: string;
  readonly kind: string;
  readonly resources: readonly string[];
  readonly patches?: readonly PatchEntry[];
}

function fluxSystemKustomizationYaml(resources: readonly string[], patches: readonly PatchEntry[]): string {
  const kustomization: FluxSystemKustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    ...(patches.length > 0 ? { patches } : {}),
  };
  return toKustomizationYaml(kustomization);
}

/**
 * Files of a cluster's `flux-system/`, laid out as `flux bootstrap` expects:
 * gotk-sync.yaml byte for byte as bootstrap writes it, gotk-components.yaml
 * for bootstrap to fill, and every edgefleet customisation as a patch
 * inline in kustomization.yaml, which bootstrap keeps (Flux docs "Flux
 * bootstrap customization",
 * https://fluxcd.io/flux/installation/configuration/boostrap-customization/,
 * writes them inline too). kustomize reads an inline `patch:` and a `path:`
 * file the same way, several strategic merge patches in one text included
 * (kubernetes-sigs/kustomize api/internal/builtins/PatchTransformer.go,
 * Config), so the GitRepository and Kustomization patches share one entry
 * (both objects are always in gotk-sync.yaml). On intermittent and
 * rarely-connected sites, the claim and the patch that keep
 * source-controller's storage on a persistent volume: the claim stays a
 * file here, as bootstrap applies flux-system alone and the patched
 * source-controller needs it; the patch names its target, so the tree
 * builds before bootstrap too (a patch whose target selects nothing, as
 * the source-controller Deployment until gotk-components.yaml is filled, is
 * skipped). Paths are relative to `flux-system/`. With delivery "oci" there
 * is no bootstrap of the sync objects to stay byte-identical with:
 * oci-sync.yaml holds them whole (see fluxOciSyncObjects).
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
    resources.push('gotk-sync.yaml');
    patches.push({ patch: toYamlStream(fluxSyncPatches(site)) });
  }
  if (persist) {
    files.set('source-storage.yaml', toYaml(sourceStorageClaim(site.settings.gitops.sourceStorageSize)));
    resources.push('source-storage.yaml');
    patches.push({ patch: toYaml(sourceStoragePatch()), target: { kind: 'Deployment', name: 'source-controller' } });
  }
  files.set('kustomization.yaml', fluxSystemKustomizationYaml(resources, patches));
  return files;
}

/**
 * flux-system/kustomization.yaml with its GitRepository patch pointed at
 * `ref` (`spec.ref.branch`) and nothing else changed, written as synth
 * writes it; undefined when it has no such patch or it already points there.
 */
export function repointedFluxSystem(kustomizationText: string, ref: string): string | undefined {
  const kustomization = parse(kustomizationText) as FluxSystemKustomization | null;
  const patches = kustomization?.patches ?? [];
  for (const [i, entry] of patches.entries()) {
    const objects = parseAllDocuments(entry.patch).map((d) => d.toJSON());
    const repository = objects.find((o) => o?.kind === 'GitRepository');
    if (!repository) continue;
    if (repository.spec?.ref?.branch === ref) return undefined;
    repository.spec = { ...repository.spec, ref: { ...repository.spec?.ref, branch: ref } };
    const repointed = patches.map((p, j) => (j === i ? { ...p, patch: toYamlStream(objects) } : p));
    return fluxSystemKustomizationYaml(kustomization!.resources, repointed);
  }
  return undefined;
}

/** Objects flux-system contributes to the cluster's build (the controllers come from bootstrap). */
export function fluxSystemObjectCount(site: ResolvedSite): number {
  return connectivityProfile(site.settings.connectivity).persistFluxSource ? 3 : 2;
}
