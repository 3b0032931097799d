import { z } from 'zod';
import type { PodPort } from './app-pod';
import { AppProbes, checkProbePorts, probesSchema, resolveProbes, ResolvedProbes } from './app-probes';
import { AppPlacement, AppToleration, placementSchema, pullSecretsSchema, tolerationsSchema } from './app-scheduling';
import { AppVolume, checkVolumes, ResolvedVolume, resolveVolumes, volumesSchema } from './app-volumes';

/** What an app needs to run as a real edge workload: probes, storage, placement, registry credentials. */
export interface AppWorkloadProps {
  /** Probes of the main container, with edge defaults for their timings (see AppProbe). @default none */
  readonly probes?: AppProbes;
  /** Persistent volumes (PersistentVolumeClaims `<app>-<name>`) mounted in the main container; they survive restarts. @default [] */
  readonly volumes?: readonly AppVolume[];
  /** Device classes the app may run on. @default any device class of the site (GPU apps: its GPU classes) */
  readonly placement?: AppPlacement;
  /** Taints tolerated beyond those of the placement's device classes. @default [] */
  readonly tolerations?: readonly AppToleration[];
  /**
   * Secrets (type `kubernetes.io/dockerconfigjson`, in the apps namespace)
   * the pods pull images with. Each must be defined by an encrypted
   * `secretFiles` entry (SOPS or SealedSecret) of an app of the same site.
   * @default []
   */
  readonly imagePullSecrets?: readonly string[];
}

/** The zod fields of AppWorkloadProps, spread into the app schema. */
export const appWorkloadShape = {
  probes: probesSchema,
  volumes: volumesSchema,
  placement: placementSchema,
  tolerations: tolerationsSchema,
  imagePullSecrets: pullSecretsSchema,
};

type ParsedWorkload = z.infer<z.ZodObject<typeof appWorkloadShape>>;

/** The resolved parts of an app that AppWorkloadProps adds: plain data. */
export interface ResolvedAppWorkload {
  readonly probes: ResolvedProbes;
  readonly volumes: readonly ResolvedVolume[];
  /** Device-class names the pods may run on; undefined means any. */
  readonly deviceClasses?: readonly string[];
  /** Tolerations of the taints of `deviceClasses` and of `tolerations`. */
  readonly tolerations: readonly AppToleration[];
  readonly imagePullSecrets: readonly string[];
}

/** Rules across fields of app `id`: probe ports the pod listens on, volumes apart from the other mounts. */
export function checkAppWorkload(
  id: string,
  app: ParsedWorkload & { replicas: number },
  ports: readonly PodPort[],
  otherMounts: readonly string[],
  ctx: z.RefinementCtx,
): void {
  checkProbePorts(app.probes, ports, ctx);
  checkVolumes(id, app.volumes, app.replicas, otherMounts, ctx);
}

export function resolveAppWorkload(id: string, app: ParsedWorkload): ResolvedAppWorkload {
  const classes = app.placement.deviceClasses;
  const taints = (classes ?? []).flatMap((dc) => dc.resolved?.taints ?? []);
  return {
    probes: resolveProbes(app.probes),
    volumes: resolveVolumes(id, app.volumes),
    deviceClasses: classes?.map((dc) => dc.node.id),
    tolerations: [...taints, ...app.tolerations].map((t) => ({
      key: t.key,
      ...(t.value === undefined ? {} : { value: t.value }),
      ...(t.effect ? { effect: t.effect } : {}),
    })),
    imagePullSecrets: app.imagePullSecrets,
  };
}
