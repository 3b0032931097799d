import { parseAllDocuments } from 'yaml';
import type { ResolvedSite } from '../model/resolved-site';

/** Where a site's secret files go in its cluster directory. */
export interface PlacedSecrets {
  /** Texts appended, byte for byte, to the cluster's resources.yaml, in order. */
  readonly folded: readonly string[];
  /** Files beside the cluster's kustomization.yaml, listed in its `resources`, by name. */
  readonly files: ReadonlyMap<string, string>;
  /** Objects they hold. */
  readonly objects: number;
}

/**
 * Whether a secret file stays the same documents after a `---` line in a
 * YAML stream: YAML (not JSON, whose tokens YAML reads differently in
 * places), ending in a line break, with no directive (allowed only before a
 * stream's first document), no byte-order mark and no leading `---` (an
 * empty document before it), and parsing cleanly.
 */
function foldsIntoStream(name: string, text: string, docs: ReturnType<typeof parseAllDocuments>): boolean {
  if (!/\.ya?ml$/.test(name) || !text.endsWith('\n') || text.startsWith('\ufeff') || text.startsWith('---') || /^%/m.test(text))
    return false;
  return docs.every((doc) => doc.errors.length === 0);
}

/** Name of a secret file that does not fold, beside the cluster's kustomization.yaml. App names have no `_`. */
export function secretFileName(app: string, file: string): string {
  return `secret_${app}_${file}`;
}

/**
 * The site's apps' secret files (SOPS or SealedSecret), passed through byte
 * for byte, folded into the cluster's resources.yaml where the stream keeps
 * their documents (foldsIntoStream), else beside its kustomization.yaml: no
 * directory per app. Folding is safe for SOPS: kustomize-controller
 * decrypts each object after the kustomize build, whatever file it came
 * from (fluxcd/kustomize-controller internal/controller/
 * kustomization_controller.go, build: SecureBuild then DecryptResource per
 * resource; internal/decryptor/decryptor.go, DecryptResource marshals the
 * one object and checks its own `sops` MAC). Rancher Fleet gets the same
 * bundle directory either way.
 */
export function placeSecrets(site: ResolvedSite): PlacedSecrets {
  const folded: string[] = [];
  const files = new Map<string, string>();
  let objects = 0;
  for (const app of site.apps) {
    for (const name of Object.keys(app.secretFiles).sort()) {
      const text = app.secretFiles[name];
      const docs = parseAllDocuments(text);
      if (foldsIntoStream(name, text, docs)) folded.push(text);
      else files.set(secretFileName(app.name, name), text);
      objects += docs.length;
    }
  }
  return { folded, files, objects };
}
