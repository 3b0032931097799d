import { FLEET_CLUSTER_LABELS, fleetArchLabel } from '../model/label-keys';
import type { ResolvedSite } from '../model/resolved-site';

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
    [FLEET_CLUSTER_LABELS.site]: site.cluster,
    [FLEET_CLUSTER_LABELS.tier]: outerTier(site),
    [FLEET_CLUSTER_LABELS.tierPath]: site.tierPath.length > 0 ? site.tierPath.join('.') : 'fleet',
    [FLEET_CLUSTER_LABELS.wave]: site.settings.wave,
  };
  for (const arch of site.arches) labels[fleetArchLabel(arch)] = 'true';
  return labels;
}
