import { Construct } from 'constructs';
import { z } from 'zod';
import { FleetConstruct } from './fleet-construct';
import { Arch, archSchema, dnsLabel, labelMap, labelValue, qualifiedName } from './names';
import { cpuQuantity, memoryQuantity, parseCpuMillis, parseMemoryMiB } from './quantity';

/** GPU vendors and the extended resource each one's device plugin advertises. */
export const GPU_RESOURCES = {
  nvidia: 'nvidia.com/gpu',
  amd: 'amd.com/gpu',
  intel: 'gpu.intel.com/i915',
} as const;
export type GpuVendor = keyof typeof GPU_RESOURCES;

/** GPUs on a node, or needed by an app. */
export interface GpuSpec {
  /** Vendor, which decides the extended resource name (e.g. `nvidia.com/gpu`). */
  readonly vendor: GpuVendor;
  /** Number of GPUs. @default 1 */
  readonly count?: number;
}

/** A node taint. */
export interface NodeTaint {
  readonly key: string;
  /** @default no value */
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Props of a DeviceClass: the hardware of one kind of node. */
export interface DeviceClassProps {
  /** CPU architecture, as the `kubernetes.io/arch` node label spells it. */
  readonly arch: Arch;
  /** CPU capacity of one node, as a quantity (`4`, `1500m`). */
  readonly cpu: string;
  /** Memory capacity of one node, as a quantity (`4Gi`, `1Gi`). */
  readonly memory: string;
  /** GPUs of one node. @default none */
  readonly gpu?: GpuSpec;
  /** Labels the nodes carry besides the well-known ones. @default {} */
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /** Taints the nodes carry. @default [] */
  readonly taints?: readonly NodeTaint[];
  /**
   * Disk of one node that persistent volumes may fill (k3s local-path keeps
   * them under /var/lib/rancher/k3s/storage), as a quantity. The capacity
   * check counts every claim against it. @default "8Gi" (a 32 GB SD card
   * after the OS, k3s, images and logs)
   */
  readonly disk?: string;
}

/** Disk of a node for persistent volumes when its device class gives none. */
export const DEFAULT_DISK = '8Gi';

export const gpuSchema = z
  .object({ vendor: z.enum(Object.keys(GPU_RESOURCES) as [GpuVendor]), count: z.number().int().positive().max(16).default(1) })
  .strict();

export const deviceClassSchema = z
  .object({
    arch: archSchema,
    cpu: cpuQuantity,
    memory: memoryQuantity,
    gpu: gpuSchema.optional(),
    nodeLabels: labelMap.default({}),
    taints: z
      .array(
        z
          .object({ key: qualifiedName, value: labelValue.optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) })
          .strict(),
      )
      .max(16)
      .default([]),
    disk: memoryQuantity.default(DEFAULT_DISK),
  })
  .strict();

/** Resolved, plain-data form of a device class. */
export interface ResolvedDeviceClass {
  readonly name: string;
  readonly arch: Arch;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly gpu?: { readonly vendor: GpuVendor; readonly count: number };
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  /** Disk for persistent volumes of one node. */
  readonly diskMiB: number;
}

/**
 * A kind of hardware that edge nodes are built from, such as a Raspberry Pi 4
 * with 4 GiB or a Jetson with a GPU. Define it under the Fleet.
 */
export class DeviceClass extends FleetConstruct {
  /** The resolved device class, or undefined when its props are invalid. */
  public readonly resolved?: ResolvedDeviceClass;

  constructor(scope: Construct, id: string, props: DeviceClassProps) {
    super(scope, id);
    this.checkProps(dnsLabel, id, { field: 'id' });
    const parsed = this.checkProps(deviceClassSchema, props);
    if (parsed) {
      this.resolved = {
        name: id,
        arch: parsed.arch,
        cpuMillis: parseCpuMillis(parsed.cpu)!,
        memoryMiB: parseMemoryMiB(parsed.memory)!,
        gpu: parsed.gpu,
        nodeLabels: parsed.nodeLabels,
        taints: parsed.taints,
        diskMiB: parseMemoryMiB(parsed.disk)!,
      };
    }
  }
}
