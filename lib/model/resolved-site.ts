import type { ResolvedDeviceClass } from './device-class';
import type { ResolvedApp } from './resolved-app';
import type { Arch } from './names';
import type { ResolvedSettings } from './settings';

/** A group of identical nodes of one site. The site's first node is its k3s server. */
export interface ResolvedNodeGroup {
  readonly deviceClass: ResolvedDeviceClass;
  readonly count: number;
}

/**
 * Everything needed to render one cluster, as plain serializable data: it can
 * be hashed for the cache and sent to worker threads.
 */
export interface ResolvedSite {
  /** Cluster name: unique across the fleet, a DNS-1123 label. */
  readonly cluster: string;
  /** Construct path of the EdgeSite. */
  readonly path: string;
  /** Tier ids from the outermost tier in. */
  readonly tierPath: readonly string[];
  /** The region: the outermost tier's region. */
  readonly region: string;
  readonly settings: ResolvedSettings;
  readonly nodes: readonly ResolvedNodeGroup[];
  /** Distinct arches of the site's nodes, sorted. */
  readonly arches: readonly Arch[];
  readonly apps: readonly ResolvedApp[];
}

/** Number of nodes of a site. */
export function nodeCount(site: Pick<ResolvedSite, 'nodes'>): number {
  return site.nodes.reduce((n, group) => n + group.count, 0);
}

/** How to give the Prometheus agent a route to every kubelet. */
export const NODE_CIDRS_HINT =
  "set nodeCidrs on the site to its nodes' addresses (one /32 per node, or the node subnet): the Prometheus agent scrapes every kubelet on TCP 10250";
