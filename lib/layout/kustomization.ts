import type { GeneratedConfigMap } from '../render/render-unit';
import { toYaml } from '../render/yaml';

/** A kustomization.yaml listing resources (files or directories, relative), and ConfigMaps generated from files under `config/`. */
export function kustomizationYaml(resources: readonly string[], configMaps: readonly GeneratedConfigMap[] = []): string {
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
