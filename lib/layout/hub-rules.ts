import { AlertRuleGroup, NamedAlertRule, nodeRules, ruleFile } from '../components/alert-rules';
import { CONNECTIVITY_PROFILES, Connectivity, connectivityProfile } from '../model/connectivity-profile';
import type { ResolvedSite } from '../model/resolved-site';
import { toYaml } from '../util/yaml';

/** Prometheus regex matching exactly these label values (cluster names are DNS labels: nothing to escape). */
const oneOf = (values: readonly string[]) => values.join('|');

/**
 * The newest sample a site's agent wrote, as the hub has it: the agent's own
 * `prometheus_remote_storage_highest_timestamp_in_seconds`, which carries a
 * timestamp as its value. Backfilled samples count, so a site that catches up
 * after an outage is not reported as silent.
 */
function siteNotReporting(connectivity: Connectivity, clusters: readonly string[]): NamedAlertRule {
  const silence = connectivityProfile(connectivity).hubSilence;
  // The lookback must outlast the silence, or a silent site would drop out of the result before it fires.
  const lookback = `${Math.ceil((2 * silence.seconds) / 3600)}h`;
  return {
    alert: 'EdgeSiteNotReporting',
    expr: `time() - max by (cluster, tier) (max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus-agent", cluster=~"${oneOf(clusters)}"}[${lookback}])) > ${silence.seconds}`,
    for: '0s',
    severity: connectivity === 'always-on' ? 'critical' : 'warning',
    labels: { connectivity },
    annotations: { summary: `Site {{ $labels.cluster }} (${connectivity}) has sent no metrics for more than ${silence.text}.` },
  };
}

function hubRules(tier: string, sites: readonly ResolvedSite[]): AlertRuleGroup[] {
  const inTier = `tier=~"${tier}(/.*)?"`;
  const lag = (agg: string) =>
    `(max by (cluster, tier) (prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus-agent", ${inTier}}) - max by (cluster, tier) (prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus-agent", ${inTier}}))${agg}`;
  const reporting = CONNECTIVITY_PROFILES.map(
    (c) => [c, sites.filter((s) => s.settings.connectivity === c).map((s) => s.cluster)] as const,
  ).filter(([, clusters]) => clusters.length > 0);
  const engines = new Set(sites.map((s) => s.settings.gitops.engine));
  const reconcile: NamedAlertRule[] = [];
  // controller-runtime's error counter, which Flux's controllers (on each site) and Fleet's controller (on the manager; fleet docs "Observability") export.
  if (engines.has('flux')) {
    reconcile.push({
      alert: 'EdgeFluxReconcileFailing',
      expr: `sum by (cluster, tier, controller) (increase(controller_runtime_reconcile_errors_total{controller=~"kustomization|gitrepository|ocirepository", ${inTier}}[30m])) > 0`,
      for: '30m',
      severity: 'warning',
      labels: {},
      annotations: { summary: 'Flux {{ $labels.controller }} on {{ $labels.cluster }} has failed to reconcile for 30 minutes.' },
    });
  }
  if (engines.has('fleet')) {
    reconcile.push({
      alert: 'EdgeFleetReconcileFailing',
      expr: 'sum by (controller) (increase(controller_runtime_reconcile_errors_total{controller=~"bundle|bundledeployment|gitrepo|cluster"}[30m])) > 0',
      for: '30m',
      severity: 'warning',
      labels: { tier },
      annotations: { summary: "The Fleet manager's {{ $labels.controller }} controller has failed to reconcile for 30 minutes." },
    });
  }
  return [
    { name: `edgefleet-${tier}-reporting`, interval: '5m', rules: reporting.map(([c, clusters]) => siteNotReporting(c, clusters)) },
    {
      name: `edgefleet-${tier}-remote-write`,
      rules: [
        {
          alert: 'EdgeRemoteWriteBacklogGrowing',
          expr: `${lag(' > 600')} and deriv(${lag('')}[30m:1m]) > 0`,
          for: '30m',
          severity: 'warning',
          labels: {},
          annotations: {
            summary: 'The remote-write backlog of {{ $labels.cluster }} is more than 10 minutes and has grown for 30 minutes.',
          },
        },
      ],
    },
    { name: `edgefleet-${tier}-reconcile`, rules: reconcile },
    { name: `edgefleet-${tier}-node`, rules: nodeRules({ matchers: inTier, by: ['cluster', 'tier'] }) },
  ];
}

/** `hub/<tier>/rules.yaml`: a Prometheus rule file for the tier's hub (Prometheus or the Mimir ruler). */
export function hubRuleFile(tier: string, sites: readonly ResolvedSite[]): string {
  return toYaml(ruleFile(hubRules(tier, sites)));
}
