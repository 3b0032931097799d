import type { ResolvedSite } from '../model/resolved-site';

/** Prefix of the Fleet cluster labels edgefleet's GitRepos and fleet.yaml select on. */
export const FLEET_LABEL_PREFIX = 'edgefleet.io';

/** Label naming the site (its cluster name). */
export const SITE_LABEL = `${FLEET_LABEL_PREFIX}/site`;
/** Label naming the site's outermost tier. */
export const TIER_LABEL = `${FLEET_LABEL_PREFIX}/tier`;
/** Label naming the site's rollout wave. */
export const WAVE_LABEL = `${FLEET_LABEL_PREFIX}/wave`;

/** The site's outermost tier, or "fleet" for a site directly under the Fleet. */
export function outerTier(site: ResolvedSite): string {
  return site.tierPath[0] ?? 'fleet';
}

/**
 * Labels the Fleet manager's Cluster object of a site must carry: site,
 * outermost tier, full tier path, wave, and one `arch-<arch>: "true"` per
 * CPU architecture of its nodes (a site may mix arches); the site's `labels`
 * too, beneath these (settings refuse the edgefleet.io/ prefix).
 */
export function fleetClusterLabels(site: ResolvedSite): Record<string, string> {
  const labels: Record<string, string> = {
    ...site.settings.labels,
    [SITE_LABEL]: site.cluster,
    [TIER_LABEL]: outerTier(site),
    [`${FLEET_LABEL_PREFIX}/tier-path`]: site.tierPath.length > 0 ? site.tierPath.join('.') : 'fleet',
    [WAVE_LABEL]: site.settings.wave,
  };
  for (const arch of site.arches) labels[`${FLEET_LABEL_PREFIX}/arch-${arch}`] = 'true';
  return labels;
}
