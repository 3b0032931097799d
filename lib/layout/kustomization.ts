import type { GeneratedConfigMap } from '../render/render-unit';
import { toYaml } from '../util/yaml';

/**
 * A kustomization.yaml listing resources (files or directories, relative),
 * ConfigMaps generated from files under `config/`, and labels for every
 * object it builds (bases included). The labels go to `metadata.labels`
 * only (`includeSelectors: false`, no `includeTemplates`): selectors are
 * immutable and pod labels would roll every pod on a label change.
 */
export function kustomizationYaml(resources: readonly string[], configMaps: readonly GeneratedConfigMap[] = [], labels: Readonly<Record<string, string>> = {}): string {
  const generator = configMaps.map((cm) => ({
    name: cm.name,
    namespace: cm.namespace,
    files: Object.keys(cm.files).map((key) => `${key}=${configFilePath(cm, key)}`),
  }));
  return toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources],
    ...(generator.length > 0 ? { configMapGenerator: generator } : {}),
    ...(Object.keys(labels).length > 0 ? { labels: [{ pairs: Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]])), includeSelectors: false }] } : {}),
  });
}

/** Path of a generated ConfigMap's file, relative to the cluster directory. */
export function configFilePath(cm: GeneratedConfigMap, key: string): string {
  return `config/${cm.namespace}/${cm.name}/${key}`;
}

/** The generated ConfigMap (`<namespace>/<name>`) a file of a cluster directory feeds, by its path relative to that directory; undefined for other files. */
export function configMapOfFile(pathInCluster: string): string | undefined {
  const match = /^config\/([^/]+)\/([^/]+)\/[^/]+$/.exec(pathInCluster);
  return match ? `${match[1]}/${match[2]}` : undefined;
}
