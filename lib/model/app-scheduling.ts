import { z } from 'zod';
import { DeviceClass, NodeTaint } from './device-class';
import { dnsLabel, labelValue, qualifiedName } from './names';

/*
 * Where an app's pods may run (device classes, tolerated taints) and what
 * they pull with (image pull Secrets of private registries).
 */

/** Device-class placement of an app. */
export interface AppPlacement {
  /**
   * Device classes the pods may run on (required node affinity on
   * `edgefleet.io/device-class`; nodes carry it, e.g. k3s `--node-label`).
   * The taints of these classes are tolerated. A site with none of them is an error.
   * @default any device class of the site
   */
  readonly deviceClasses?: readonly DeviceClass[];
}

/** A toleration of a node taint. */
export interface AppToleration {
  /** Taint key. */
  readonly key: string;
  /** Taint value; unset tolerates any value (`operator: Exists`). @default any value */
  readonly value?: string;
  /** Taint effect; unset tolerates every effect. @default every effect */
  readonly effect?: NodeTaint['effect'];
}

const isDeviceClass = z.custom<DeviceClass>((v) => v instanceof DeviceClass, { message: 'must be a DeviceClass construct' });

export const placementSchema = z
  .object({ deviceClasses: z.array(isDeviceClass).min(1).max(32).optional() })
  .strict()
  .default({});
export const tolerationsSchema = z
  .array(
    z
      .object({
        key: qualifiedName,
        value: labelValue.optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
      })
      .strict(),
  )
  .max(16)
  .default([]);
/** Names of Secrets of type kubernetes.io/dockerconfigjson in the apps namespace, delivered as encrypted `secretFiles` of an app of the site. */
export const pullSecretsSchema = z.array(dnsLabel).max(8).default([]);
