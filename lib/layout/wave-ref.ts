import type { ResolvedSite } from '../model/resolved-site';

/**
 * The branch a site's cluster follows: its wave's ref, `<gitops.waveRefPrefix><wave>`
 * (default `edgefleet/<wave>`). `gitops.branch` (main) holds the latest synth;
 * `edgefleet promote` moves a wave's ref, so a cluster keeps what it runs
 * until its wave is promoted.
 */
export function waveRef(site: ResolvedSite): string {
  return `${site.settings.gitops.waveRefPrefix}${site.settings.wave}`;
}
