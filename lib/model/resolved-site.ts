import type { ResolvedDeviceClass } from './device-class';
import type { ResolvedApp } from './edge-app';
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
