import { z } from 'zod';
import { MAX_ENTRIES, PodPort, portNumber, protocol } from './app-pod';

/*
 * How clients on the site LAN reach an app's `lanIngress` ports. A
 * ClusterIP Service is reachable only inside the cluster, so one of these
 * must carry the traffic to the pod, and keep the client's address, because
 * the NetworkPolicy lets the LAN in by `ipBlock` and the enforcer (k3s's
 * kube-router) matches packets after DNAT, on the pod's own port:
 * - `LoadBalancer`: a Service the distribution's load balancer serves on
 *   every node (k3s ServiceLB: the node addresses become the Service's
 *   external IPs, and kube-proxy's KUBE-EXT chain DNATs them; k3s-io/k3s
 *   docs/adrs/remove-svclb-daemonset.md). With the default
 *   `externalTrafficPolicy: Cluster` kube-proxy masquerades that traffic
 *   (KUBE-MARK-MASQ), so the ipBlock would never match: the Service is
 *   written with `Local`, which keeps the source and answers only on nodes
 *   running a pod (k3s pkg/cloudprovider/servicelb.go forwards to the
 *   node's own NodePort then).
 * - `NodePort`: a fixed node port on every node, also with `Local`.
 * - `hostPort`: the container port bound on the node running the pod
 *   (CNI portmap DNAT, source kept); one pod per node and port.
 */

export const LAN_EXPOSURES = ['LoadBalancer', 'NodePort', 'hostPort'] as const;
export type LanExposure = (typeof LAN_EXPOSURES)[number];

/** The node port range of Kubernetes and k3s (`--service-node-port-range` default). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** A port opened to the site's LAN (the site's `lanCidrs`). */
export interface LanIngress {
  /** A port of the app (main container or sidecar). */
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: 'TCP' | 'UDP';
  /** With `lanExposure: "NodePort"`: the node port LAN clients connect to (30000-32767). Required there, refused otherwise. @default none */
  readonly nodePort?: number;
}

/** The LAN exposure props of an app. */
export interface LanExposureProps {
  /** Ports opened to the site LAN. @default [] */
  readonly lanIngress?: readonly LanIngress[];
  /**
   * How LAN clients reach the `lanIngress` ports: "LoadBalancer" (k3s
   * ServiceLB on every node's address, at the app's port), "NodePort" (at
   * each entry's `nodePort`) or "hostPort" (at the app's port on the node
   * running the pod). Services are written with `externalTrafficPolicy:
   * Local` so the client address survives for the NetworkPolicy.
   * @default "LoadBalancer"
   */
  readonly lanExposure?: LanExposure;
}

/** Resolved form: plain data. */
export interface ResolvedLanExposure {
  readonly lanIngress: readonly { readonly port: number; readonly protocol: 'TCP' | 'UDP'; readonly nodePort?: number }[];
  readonly lanExposure: LanExposure;
}

export const lanExposureShape = {
  lanIngress: z
    .array(
      z
        .object({ port: portNumber, protocol, nodePort: z.number().int().min(NODE_PORT_RANGE.min).max(NODE_PORT_RANGE.max).optional() })
        .strict(),
    )
    .max(MAX_ENTRIES)
    .default([]),
  lanExposure: z.enum(LAN_EXPOSURES).default('LoadBalancer'),
};

/** Longest app name that still leaves room for the `-lan` Service (a DNS-1035 label of at most 63). */
const MAX_LAN_APP_NAME = 63 - '-lan'.length;

/** LAN ports the app listens on, node ports given exactly where they mean something, and room for the Service name. */
export function checkLanExposure(id: string, app: ResolvedLanExposure, ports: readonly PodPort[], ctx: z.RefinementCtx): void {
  app.lanIngress.forEach((l, i) => {
    if (!ports.some((p) => p.port === l.port && p.protocol === l.protocol)) {
      ctx.addIssue({
        code: 'custom',
        path: ['lanIngress', i, 'port'],
        message: `${l.port}/${l.protocol} is not a port the app listens on`,
        params: { hint: 'list the port in `ports` (of the app or a sidecar) first' },
      });
    }
    if (app.lanExposure === 'NodePort' && l.nodePort === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['lanIngress', i, 'nodePort'],
        message: 'is required with lanExposure "NodePort": an allocated node port is unknown to LAN clients',
        params: { hint: `pick a port in ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}` },
      });
    }
    if (app.lanExposure !== 'NodePort' && l.nodePort !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['lanIngress', i, 'nodePort'],
        message: `means nothing with lanExposure "${app.lanExposure}": LAN clients use the app's port ${l.port}`,
        params: { hint: 'drop nodePort, or set lanExposure: "NodePort"' },
      });
    }
  });
  if (app.lanIngress.length > 0 && id.length > MAX_LAN_APP_NAME) {
    ctx.addIssue({
      code: 'custom',
      path: ['lanIngress'],
      message: `the app name is longer than ${MAX_LAN_APP_NAME} characters, so its LAN Service "${id}-lan" would be no DNS-1035 label`,
      params: { hint: 'use a shorter app id' },
    });
  }
}

/** The port LAN clients connect to on the node. */
export function lanNodePort(app: ResolvedLanExposure, entry: ResolvedLanExposure['lanIngress'][number]): number {
  return app.lanExposure === 'NodePort' ? entry.nodePort! : entry.port;
}
