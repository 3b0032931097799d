import type { KubeObject } from '../util/kube-object';

/** Name of the PersistentVolumeClaim that holds source-controller's artifacts. */
export const SOURCE_STORAGE_CLAIM = 'source-controller-data';

/** The claim for source-controller's storage (the cluster's default StorageClass, local-path on k3s). */
export function sourceStorageClaim(size: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: SOURCE_STORAGE_CLAIM, namespace: 'flux-system' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
  };
}

/**
 * Strategic merge patch for the source-controller Deployment that bootstrap
 * installs: its volume `data` (mounted at /data, `--storage-path`) is an
 * emptyDir upstream; this swaps it for the claim so the last fetched
 * revision survives a restart while the link is down.
 */
export function sourceStoragePatch(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'source-controller', namespace: 'flux-system' },
    spec: {
      template: { spec: { volumes: [{ name: 'data', emptyDir: null, persistentVolumeClaim: { claimName: SOURCE_STORAGE_CLAIM } }] } },
    },
  };
}
