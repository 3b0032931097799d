import { z } from 'zod';
import { mountPath } from './app-pod';
import { dnsLabel } from './names';
import { memoryQuantity, parseMemoryMiB } from './quantity';

/*
 * Persistent volumes of an app: PersistentVolumeClaims that outlive the pod,
 * so a site offline for days keeps its local buffer through restarts.
 */

/** Access modes of a claim (Kubernetes `spec.accessModes`). */
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

/** A named persistent volume of an app. */
export interface AppVolume {
  /**
   * Volume name. The claim is named `<app>-<name>`, from nothing else, so it
   * stays the same claim across synths (renaming it means a new, empty volume).
   */
  readonly name: string;
  /** Size, as a quantity (`2Gi`). It may grow later but never shrink (the API server refuses). */
  readonly size: string;
  /** Where the main container mounts it. */
  readonly mountPath: string;
  /** Storage class. @default the cluster's default class (k3s: local-path, a directory on the node's disk) */
  readonly storageClass?: string;
  /** Access mode. @default "ReadWriteOnce" */
  readonly accessMode?: AccessMode;
}

/** A volume as rendered. */
export interface ResolvedVolume {
  readonly name: string;
  /** Name of the PersistentVolumeClaim: `<app>-<name>`. */
  readonly claimName: string;
  readonly size: string;
  readonly sizeMiB: number;
  readonly mountPath: string;
  readonly storageClass?: string;
  readonly accessMode: AccessMode;
}

/** Schema of an app's `volumes`. */
export const volumesSchema = z
  .array(
    z
      .object({
        name: dnsLabel,
        size: memoryQuantity,
        mountPath,
        storageClass: dnsLabel.optional(),
        accessMode: z.enum(ACCESS_MODES).default('ReadWriteOnce'),
      })
      .strict(),
  )
  .max(16)
  .default([]);

type ParsedVolume = z.infer<typeof volumesSchema>[number];

/**
 * Volume rules of app `id`: unique names, the claim name a DNS-1123 label,
 * mount paths apart from the pod's other mounts (`otherMounts`), and one
 * claim per Deployment only when the pods can share it (replicas > 1 need
 * ReadWriteMany or ReadOnlyMany).
 */
export function checkVolumes(
  id: string,
  volumes: readonly ParsedVolume[],
  replicas: number,
  otherMounts: readonly string[],
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  const normal = (p: string) => p.replace(/\/+$/, '') || '/';
  const mounts = new Set(otherMounts.map(normal));
  volumes.forEach((v, i) => {
    if (mounts.has(normal(v.mountPath)))
      ctx.addIssue({
        code: 'custom',
        path: ['volumes', i, 'mountPath'],
        message: `mount path ${v.mountPath} is used twice in the pod`,
        params: { hint: 'mount each volume apart from writablePaths, configMountPath and the other volumes' },
      });
    mounts.add(normal(v.mountPath));
    if (seen.has(v.name))
      ctx.addIssue({
        code: 'custom',
        path: ['volumes', i, 'name'],
        message: `volume ${v.name} is defined twice`,
        params: { hint: 'give each volume its own name' },
      });
    seen.add(v.name);
    // The claim is `<app>-<name>`, the pod volume `data-<name>`: both DNS-1123 labels.
    if (`${id}-${v.name}`.length > 63 || v.name.length > 58) {
      ctx.addIssue({
        code: 'custom',
        path: ['volumes', i, 'name'],
        message: `the claim name "${id}-${v.name}" or the pod volume name "data-${v.name}" is longer than 63 characters`,
        params: { hint: 'shorten the volume name' },
      });
    }
    if (replicas > 1 && (v.accessMode === 'ReadWriteOnce' || v.accessMode === 'ReadWriteOncePod')) {
      ctx.addIssue({
        code: 'custom',
        path: ['volumes', i, 'accessMode'],
        message: `${v.accessMode} cannot be shared by ${replicas} replicas on different nodes`,
        params: { hint: 'run one replica (the edge default), or use a ReadWriteMany storage class' },
      });
    }
  });
}

/** Volumes with their claim names. */
export function resolveVolumes(id: string, volumes: readonly ParsedVolume[]): ResolvedVolume[] {
  return volumes.map((v) => ({ ...v, claimName: `${id}-${v.name}`, sizeMiB: parseMemoryMiB(v.size)! }));
}
