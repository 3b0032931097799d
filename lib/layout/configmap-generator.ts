import { unrepresentableReason } from '../model/yaml-string';
import type { GeneratedConfigMap } from '../render/render-unit';

/** A `configMapGenerator` entry of a kustomization.yaml. */
export interface ConfigMapGeneratorEntry {
  readonly name: string;
  readonly namespace: string;
  /** `<key>=<content>`, each a whole config file. */
  readonly literals?: readonly string[];
  /** `<key>=<file>`, the file beside the kustomization.yaml. */
  readonly files?: readonly string[];
}

/**
 * Whether kustomize reads `<key>=<text>` in configMapGenerator `literals`
 * back as exactly `text`, so the ConfigMap is the one `files:` gives. Both
 * go through the same makeValidatedDataMap (kubernetes-sigs/kustomize
 * api/internal/generators/utils.go); a literal is split at its first `=`
 * (keys have none) and then loses surrounding quotes when its value starts
 * and ends with the same `"` or `'` (api/kv/kv.go, parseLiteralSource and
 * removeQuotes). The kustomization.yaml must also carry the text exactly
 * (unrepresentableReason: config files are refused otherwise, this keeps
 * the layout safe on its own).
 */
export function isSafeLiteral(key: string, text: string): boolean {
  const wrapped = text.length > 0 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0];
  return !wrapped && unrepresentableReason(`${key}=${text}`) === undefined;
}

/**
 * Name of the file, beside the cluster's kustomization.yaml, of a config
 * file that cannot be a literal. Namespaces and ConfigMap names have no
 * `_`, so the first two split it back (configMapOfFile).
 */
export function configFileName(cm: GeneratedConfigMap, key: string): string {
  return `configmap_${cm.namespace}_${cm.name}_${key}`;
}

/** The generated ConfigMap (`<namespace>/<name>`) a file of a cluster directory feeds, by its path relative to that directory; undefined for other files. */
export function configMapOfFile(pathInCluster: string): string | undefined {
  const match = /^configmap_([^_/]+)_([^_/]+)_[^/]+$/.exec(pathInCluster);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * The generator entry of a ConfigMap, and the files it needs beside the
 * kustomization.yaml (by name): every config file is a literal where that
 * builds the same ConfigMap (isSafeLiteral), so a cluster directory holds
 * no file per config file.
 */
export function configMapGenerator(cm: GeneratedConfigMap): { entry: ConfigMapGeneratorEntry; files: Map<string, string> } {
  const literals: string[] = [];
  const sources: string[] = [];
  const files = new Map<string, string>();
  for (const key of Object.keys(cm.files).sort()) {
    const text = cm.files[key];
    if (isSafeLiteral(key, text)) {
      literals.push(`${key}=${text}`);
    } else {
      files.set(configFileName(cm, key), text);
      sources.push(`${key}=${configFileName(cm, key)}`);
    }
  }
  return {
    entry: {
      name: cm.name,
      namespace: cm.namespace,
      ...(literals.length > 0 ? { literals } : {}),
      ...(sources.length > 0 ? { files: sources } : {}),
    },
    files,
  };
}

/** `<namespace>/<name>` of the generated ConfigMaps whose entries differ between two kustomization.yaml texts' generators. */
export function changedConfigMaps(previous: readonly ConfigMapGeneratorEntry[], next: readonly ConfigMapGeneratorEntry[]): string[] {
  const byId = (entries: readonly ConfigMapGeneratorEntry[]) =>
    new Map(entries.map((e) => [`${e.namespace}/${e.name}`, JSON.stringify([e.literals ?? [], e.files ?? []])]));
  const [before, after] = [byId(previous), byId(next)];
  return [...new Set([...before.keys(), ...after.keys()])].filter((id) => before.get(id) !== after.get(id)).sort();
}
