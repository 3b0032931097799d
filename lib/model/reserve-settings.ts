import { z } from 'zod';
import type { ResourceQuantities } from '../util/kube-object';
import { cpuQuantity, memoryQuantity } from './quantity';

/** CPU and memory kept back from workloads on a node for the distribution and the OS. */
export type Reserve = ResourceQuantities;

/** What k3s itself uses, subtracted from node capacity before fitting workloads. */
export interface SystemReserveSettings {
  /** Reserve on the server node (the site's first node). An idle k3s server uses about 550 MiB. @default the distribution's; k3s { cpu: "500m", memory: "600Mi" } */
  readonly server?: Reserve;
  /** Reserve on each agent node. @default the distribution's; k3s { cpu: "100m", memory: "256Mi" } */
  readonly agent?: Reserve;
}

/** Schema of a Reserve. */
export const reserveSchema = z.object({ cpu: cpuQuantity, memory: memoryQuantity }).strict();
