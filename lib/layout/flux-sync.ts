import type { Connectivity } from '../model/settings';
import type { ResolvedSite } from '../model/resolved-site';
import type { KubeObject } from '../render/render-unit';
import { keepOnlyIgnore } from './flux-ignore';

/** Flux reconcile timing for one connectivity profile. */
export interface FluxTiming {
  /** How often the GitRepository is fetched. */
  readonly fetchInterval: string;
  /** How often the Kustomization is reconciled. */
  readonly interval: string;
  /** Retry after a failed reconcile. */
  readonly retryInterval: string;
  /** Timeout of one reconcile. */
  readonly timeout: string;
}

/**
 * Flux timing by connectivity profile: sites that are often offline fetch
 * less often and retry more slowly, so they do not spin on a dead link.
 */
export const FLUX_TIMING: Record<Connectivity, FluxTiming> = {
  'always-on': { fetchInterval: '1m', interval: '10m', retryInterval: '2m', timeout: '5m' },
  intermittent: { fetchInterval: '5m', interval: '30m', retryInterval: '5m', timeout: '10m' },
  'rarely-connected': { fetchInterval: '15m', interval: '1h', retryInterval: '10m', timeout: '15m' },
};

/** Path of a cluster's directory as Flux sees it, from the repository root. */
export function fluxClusterPath(site: ResolvedSite): string {
  const prefix = site.settings.gitops.pathPrefix;
  return `./${prefix ? `${prefix}/` : ''}clusters/${site.cluster}`;
}

/** What the sync objects depend on besides the site's settings. */
export interface FluxSyncOptions {
  /** The cluster's tree holds SOPS-encrypted files: the Kustomization decrypts. */
  readonly decrypt: boolean;
  /** Base directories the cluster references, relative to the output root (for `spec.ignore`). */
  readonly bases: readonly string[];
}

/** The GitRepository and Kustomization that make a cluster sync its own directory. */
export function fluxSyncObjects(site: ResolvedSite, options: FluxSyncOptions): KubeObject[] {
  const { gitops, connectivity } = site.settings;
  const timing = FLUX_TIMING[connectivity];
  const metadata = { name: 'flux-system', namespace: 'flux-system' };
  const root = fluxClusterPath(site).slice(2, -`clusters/${site.cluster}`.length);
  const ignore = gitops.ignoreOtherPaths ? { ignore: keepOnlyIgnore([`clusters/${site.cluster}`, ...options.bases].map((d) => `${root}${d}`)) } : {};
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata,
      spec: { interval: timing.fetchInterval, url: gitops.repoUrl, ref: { branch: gitops.branch }, secretRef: { name: gitops.secretName }, ...ignore },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata,
      spec: {
        interval: timing.interval,
        retryInterval: timing.retryInterval,
        timeout: timing.timeout,
        path: fluxClusterPath(site),
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        ...(options.decrypt ? { decryption: { provider: 'sops', secretRef: { name: gitops.decryptionSecretName } } } : {}),
      },
    },
  ];
}
