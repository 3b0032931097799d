import { toYaml } from '../render/yaml';

/** A kustomization.yaml listing resources (files or directories, relative). */
export function kustomizationYaml(resources: readonly string[]): string {
  return toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] });
}
