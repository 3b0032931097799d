import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedVolume } from '../model/app-volumes';

/**
 * A PersistentVolumeClaim per volume, named by the volume only (never by a
 * construct path or content), mounted in `container`. The size is written as
 * given, so the upgrade check compares the quantities the user wrote.
 */
export function mountPersistentVolumes(
  scope: Construct,
  container: kplus.Container,
  volumes: readonly ResolvedVolume[],
  labels: Record<string, string>,
): void {
  for (const v of volumes) {
    new ApiObject(scope, `Claim-${v.name}`, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: v.claimName, labels },
      spec: {
        accessModes: [v.accessMode],
        resources: { requests: { storage: v.size } },
        ...(v.storageClass ? { storageClassName: v.storageClass } : {}),
      },
    });
    const claim = kplus.PersistentVolumeClaim.fromClaimName(scope, `ClaimRef-${v.name}`, v.claimName);
    container.mount(v.mountPath, kplus.Volume.fromPersistentVolumeClaim(scope, `Volume-${v.name}`, claim, { name: `data-${v.name}` }));
  }
}
