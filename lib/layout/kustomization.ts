import type { GeneratedConfigMap } from '../render/render-unit';
import { toKustomizationYaml } from '../util/yaml';
import { configMapGenerator } from './configmap-generator';

/**
 * A kustomization.yaml listing resources (files or directories, relative),
 * ConfigMaps it generates (see configMapGenerator), and labels for every
 * object it builds (bases included). The labels go to `metadata.labels`
 * only (`includeSelectors: false`, no `includeTemplates`): selectors are
 * immutable and pod labels would roll every pod on a label change.
 */
export function kustomizationYaml(
  resources: readonly string[],
  configMaps: readonly GeneratedConfigMap[] = [],
  labels: Readonly<Record<string, string>> = {},
): string {
  const generator = configMaps.map((cm) => configMapGenerator(cm).entry);
  return toKustomizationYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resources],
    ...(generator.length > 0 ? { configMapGenerator: generator } : {}),
    ...(Object.keys(labels).length > 0
      ? {
          labels: [
            {
              pairs: Object.fromEntries(
                Object.keys(labels)
                  .sort()
                  .map((k) => [k, labels[k]]),
              ),
              includeSelectors: false,
            },
          ],
        }
      : {}),
  });
}
