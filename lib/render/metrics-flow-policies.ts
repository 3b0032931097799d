import type { FlowPolicyProps } from '../components/flow-policy';
import { LABELS } from '../model/label-keys';
import { PROMETHEUS_AGENT_NAME } from '../components/prometheus-agent';
import type { ResolvedSite } from '../model/resolved-site';

/** Name of the Prometheus agent's egress policy to the apps' metrics ports. */
export const PROMETHEUS_APP_METRICS_POLICY = 'prometheus-app-metrics';

/**
 * The path from the Prometheus agent to every app's declared metrics port,
 * opened at both ends because both namespaces deny by default: egress of
 * the agent (platform namespace) to each app's pods on that port, and
 * ingress of each app (apps namespace) from the agent on it. Nothing else.
 */
export function metricsFlowPolicies(site: ResolvedSite): FlowPolicyProps[] {
  const { platform, apps } = site.settings.namespaces;
  const scraped = site.apps.filter((a) => a.metrics);
  if (scraped.length === 0) return [];
  const agent = { pods: { [LABELS.name]: PROMETHEUS_AGENT_NAME }, namespace: platform };
  return [
    {
      name: PROMETHEUS_APP_METRICS_POLICY,
      namespace: platform,
      podLabels: { [LABELS.name]: PROMETHEUS_AGENT_NAME },
      egress: scraped.map((a) => ({
        peers: [{ pods: { [LABELS.name]: a.name }, namespace: apps }],
        ports: [{ port: a.metrics!.port, protocol: 'TCP' as const }],
      })),
    },
    ...scraped.map((a) => ({
      name: `${a.name}-metrics`,
      namespace: apps,
      podLabels: { [LABELS.name]: a.name },
      ingress: [{ peers: [agent], ports: [{ port: a.metrics!.port, protocol: 'TCP' as const }] }],
    })),
  ];
}
