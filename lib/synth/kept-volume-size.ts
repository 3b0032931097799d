import { metricsRetention } from '../model/metrics-settings';
import { parseMemoryMiB } from '../model/quantity';
import type { ResolvedSite } from '../model/resolved-site';
import { parseDocuments } from '../output/tree-objects';

/**
 * The site with its Prometheus WAL volume no smaller than the cluster has
 * now. The default size follows retention and scrape interval, so moving a
 * site to a shorter retention (rarely-connected to intermittent) would
 * shrink the claim, which Kubernetes refuses: edgefleet never picks a
 * smaller volume itself and keeps the previous size instead. An explicit
 * `metrics.volumeSize` is used as given (upgrade-safety refuses it when it
 * shrinks, unless the claim is in `upgrade.allowReplace`).
 */
export function keepVolumeSize(site: ResolvedSite, previous: readonly string[]): ResolvedSite {
  const { metrics, namespaces } = site.settings;
  if (metrics.volumeSize !== undefined) return site;
  // Loaded on first use, as a site is about to be rendered: planning imports this module, and the component loads cdk8s, which a no-op synth never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const agent = require('../components/prometheus-agent') as typeof import('../components/prometheus-agent');
  const { agentVolumeSize, PROMETHEUS_AGENT_NAME } = agent;
  const claims = parseDocuments(previous.filter((doc) => /^kind: PersistentVolumeClaim$/m.test(doc)));
  const claim = claims.find(
    (o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === PROMETHEUS_AGENT_NAME && o.metadata.namespace === namespaces.platform,
  );
  const kept = (claim?.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage;
  if (kept === undefined) return site;
  const computed = agentVolumeSize(metricsRetention(site.settings), metrics.scrapeInterval);
  if ((parseMemoryMiB(kept) ?? 0) <= (parseMemoryMiB(computed) ?? 0)) return site;
  return { ...site, settings: { ...site.settings, metrics: { ...metrics, volumeSize: kept } } };
}
