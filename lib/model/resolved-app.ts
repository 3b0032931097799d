import type { ResolvedAlertRule } from './alert-rule';
import type { ResolvedAppMetrics } from './app-metrics';
import type { ResolvedAppSecrets } from './app-secrets';
import type { ResolvedAppWorkload } from './app-workload';
import type { GpuVendor } from './device-class';
import type { ResolvedLanExposure } from './lan-exposure';
import type { Arch } from './names';

/*
 * The resolved form of an EdgeApp, apart from the EdgeApp construct: a
 * ResolvedSite holds its apps, and the EdgeApp's render hook takes the
 * ResolvedSite, so the plain data lives below both.
 */

/** Resolved requests or limits. */
export interface ResolvedResources {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** Resolved container: plain data. */
export interface ResolvedContainer {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: 'TCP' | 'UDP' }[];
  readonly env: Readonly<Record<string, string>>;
  readonly requests: ResolvedResources;
  readonly limits: ResolvedResources;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}

/** Resolved app: plain data, independent of any site. */
export interface ResolvedApp extends ResolvedAppWorkload, ResolvedAppSecrets, ResolvedLanExposure, ResolvedAppMetrics {
  readonly name: string;
  readonly path: string;
  readonly containers: readonly ResolvedContainer[];
  /** Arches the app declares; undefined means "as the image lock says". */
  readonly arches?: readonly Arch[];
  readonly gpu?: { readonly vendor: GpuVendor; readonly count: number };
  readonly replicas: number;
  readonly configFiles: Readonly<Record<string, string>>;
  /** Encrypted manifests by file name, passed through byte for byte. */
  readonly secretFiles: Readonly<Record<string, string>>;
  readonly configMountPath: string;
  readonly writablePaths: readonly string[];
  readonly runAsUser: number;
  readonly talksTo: readonly { readonly app: string; readonly port: number; readonly protocol: 'TCP' | 'UDP' }[];
  readonly egress: readonly { readonly cidr: string; readonly port: number; readonly protocol: 'TCP' | 'UDP' }[];
  /** Source text of the render hook, so that a changed hook changes the cache key. */
  readonly renderHookSource?: string;
  /** Alert rules of the app, keyed by alert name. */
  readonly alertRules: Readonly<Record<string, ResolvedAlertRule>>;
}
