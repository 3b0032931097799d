import { FlowPolicy, FlowPolicyProps, FlowRule, PolicyPort } from '../components/flow-policy';
import { LABELS } from '../model/label-keys';
import { DnsPeer, NamespaceBaseline } from '../components/namespace-baseline';
import { PROMETHEUS_AGENT_NAME } from '../components/prometheus-agent';
import { ALERT_EVALUATOR_NAME } from '../components/alert-evaluator-config';
import { ALERTMANAGER_NAME } from '../components/alertmanager';
import { withoutCovered } from '../model/cidr';
import { distributionProfile } from '../model/distribution';
import type { ResolvedSite } from '../model/resolved-site';
import { metricsFlowPolicies } from './metrics-flow-policies';
import { RenderUnit, unit } from './render-unit';

/** The API server as the policy enforcer sees it after DNAT (k3s: 10.43.0.1:443 becomes server:6443; MicroK8s: 16443). */
export function apiServerPort(site: ResolvedSite): PolicyPort {
  return { port: distributionProfile(site.settings.distribution).apiServerPort, protocol: 'TCP' };
}

/** The kubelet, which the Prometheus agent scrapes directly on every node. */
export function kubeletPort(site: ResolvedSite): PolicyPort {
  return { port: distributionProfile(site.settings.distribution).kubeletPort, protocol: 'TCP' };
}

/**
 * Where the Prometheus agent reaches the kubelets: the server nodes and the
 * other nodes' addresses (nodeCidrs); none where the distribution's kubelets
 * are unreachable (KubeEdge edge nodes).
 */
export function kubeletCidrs(site: ResolvedSite): string[] {
  if (!distributionProfile(site.settings.distribution).kubeletReachable) return [];
  return withoutCovered([...site.settings.apiServerCidrs, ...site.settings.nodeCidrs]);
}

/** Ports of the hub: those of the metrics and logs URLs (443 for https unless the URL names one). */
export function hubPorts(site: ResolvedSite): PolicyPort[] {
  const { hub, alerting } = site.settings;
  const urls = [hub.metricsUrl, hub.logsUrl, ...(alerting.local && alerting.hubWebhookUrl ? [alerting.hubWebhookUrl] : [])];
  const ports = urls.map((u) => {
    const url = new URL(u);
    return Number(url.port || (url.protocol === 'http:' ? 80 : 443));
  });
  return [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' }));
}

/** Shape of the baseline unit's input: only namespace names and the hub, so most sites share it. */
interface BaselineInput {
  readonly dns: DnsPeer;
  readonly platform: string;
  readonly apps: string;
  readonly hub: FlowPolicyProps | undefined;
}

/**
 * Policies of every app flow that needs no site address: app to app
 * (egress on the caller and ingress on the callee, same port) and app to
 * external CIDRs. One policy per app that has any.
 */
export function appFlowPolicies(site: ResolvedSite): FlowPolicyProps[] {
  const namespace = site.settings.namespaces.apps;
  const policies: FlowPolicyProps[] = [];
  for (const app of site.apps) {
    const egress: FlowRule[] = [
      ...app.talksTo.map((f) => ({ peers: [{ pods: { [LABELS.name]: f.app } }], ports: [{ port: f.port, protocol: f.protocol }] })),
      ...app.egress.map((f) => ({ peers: [{ cidr: f.cidr }], ports: [{ port: f.port, protocol: f.protocol }] })),
    ];
    const ingress: FlowRule[] = site.apps.flatMap((caller) =>
      caller.talksTo
        .filter((f) => f.app === app.name)
        .map((f) => ({ peers: [{ pods: { [LABELS.name]: caller.name } }], ports: [{ port: f.port, protocol: f.protocol }] })),
    );
    if (egress.length + ingress.length > 0)
      policies.push({ name: `${app.name}-flows`, namespace, podLabels: { [LABELS.name]: app.name }, ingress, egress });
  }
  return policies;
}

/**
 * The Alertmanager's calls to the site's critical webhooks: egress from it
 * to each webhook app, and ingress on that app from it, same port. Its
 * egress to the hub is the platform namespace's hub policy (hubPorts covers
 * the webhook's port); evaluator to Alertmanager stays within the namespace.
 */
export function alertingPolicies(site: ResolvedSite): FlowPolicyProps[] {
  const { namespaces, alerting } = site.settings;
  if (!alerting.local || alerting.criticalWebhooks.length === 0) return [];
  const hooks = alerting.criticalWebhooks;
  const alertmanager = { pods: { [LABELS.name]: ALERTMANAGER_NAME }, namespace: namespaces.platform };
  return [
    {
      name: 'alertmanager-webhooks',
      namespace: namespaces.platform,
      podLabels: { [LABELS.name]: ALERTMANAGER_NAME },
      egress: hooks.map((h) => ({
        peers: [{ pods: { [LABELS.name]: h.app }, namespace: namespaces.apps }],
        ports: [{ port: h.port, protocol: 'TCP' as const }],
      })),
    },
    ...[...new Set(hooks.map((h) => h.app))].map((app) => ({
      name: `${app}-alertmanager`,
      namespace: namespaces.apps,
      podLabels: { [LABELS.name]: app },
      ingress: hooks
        .filter((h) => h.app === app)
        .map((h) => ({ peers: [alertmanager], ports: [{ port: h.port, protocol: 'TCP' as const }] })),
    })),
  ];
}

/**
 * Policies holding the site's own addresses, kept small because they are
 * written per cluster: the platform agents' egress to the k3s server nodes
 * on 6443 (pod discovery), the Prometheus agent's egress to the kubelets on
 * 10250 (server nodes and nodeCidrs: every node's address), and each
 * app's ports opened to the site LAN.
 */
export function sitePolicies(site: ResolvedSite): FlowPolicyProps[] {
  const { namespaces, apiServerCidrs, lanCidrs } = site.settings;
  const lanPeers = lanCidrs.map((cidr) => ({ cidr }));
  const kubelets = kubeletCidrs(site);
  return [
    {
      name: 'platform-api-egress',
      namespace: namespaces.platform,
      podLabels: {},
      egress: [{ peers: apiServerCidrs.map((cidr) => ({ cidr })), ports: [apiServerPort(site)] }],
    },
    ...(kubelets.length > 0
      ? [
          {
            name: 'prometheus-kubelet-egress',
            namespace: namespaces.platform,
            podLabels: { [LABELS.name]: PROMETHEUS_AGENT_NAME },
            egress: [{ peers: kubelets.map((cidr) => ({ cidr })), ports: [kubeletPort(site)] }],
          },
        ]
      : []),
    ...(site.settings.alerting.local && kubelets.length > 0
      ? [
          {
            name: 'alert-evaluator-kubelet-egress',
            namespace: namespaces.platform,
            podLabels: { [LABELS.name]: ALERT_EVALUATOR_NAME },
            egress: [{ peers: kubelets.map((cidr) => ({ cidr })), ports: [kubeletPort(site)] }],
          },
        ]
      : []),
    ...site.apps
      .filter((app) => app.lanIngress.length > 0 && lanPeers.length > 0)
      .map((app) => ({
        name: `${app.name}-lan`,
        namespace: namespaces.apps,
        podLabels: { [LABELS.name]: app.name },
        ingress: [{ peers: lanPeers, ports: app.lanIngress }],
      })),
  ];
}

/**
 * NetworkPolicies of one cluster. Shared: the baseline of both managed
 * namespaces (default-deny, DNS, within-namespace traffic in the platform
 * namespace only, the platform agents' egress to the hub CIDRs) and the
 * app-to-app, app-to-external and Prometheus-to-app-metrics flows. Per cluster: policies with the
 * site's API server and LAN addresses.
 */
export function networkUnits(site: ResolvedSite): RenderUnit[] {
  const { namespaces, hub } = site.settings;
  const hubPolicy: FlowPolicyProps | undefined =
    hub.cidrs.length > 0
      ? {
          name: 'platform-hub-egress',
          namespace: namespaces.platform,
          podLabels: {},
          egress: [{ peers: hub.cidrs.map((cidr) => ({ cidr })), ports: hubPorts(site) }],
        }
      : undefined;
  const units: RenderUnit[] = [
    unit<BaselineInput>({
      name: 'network-baseline',
      placement: 'shared',
      input: {
        dns: distributionProfile(site.settings.distribution).dns,
        platform: namespaces.platform,
        apps: namespaces.apps,
        hub: hubPolicy,
      },
      render: (chart, input) => {
        // Platform agents talk to each other (metrics scrapes); apps only through declared flows.
        new NamespaceBaseline(chart, 'Platform', { namespace: input.platform, withinNamespace: true, dns: input.dns });
        new NamespaceBaseline(chart, 'Apps', { namespace: input.apps, dns: input.dns });
        if (input.hub) new FlowPolicy(chart, 'Hub', input.hub);
      },
    }),
  ];
  const flows = [...appFlowPolicies(site), ...metricsFlowPolicies(site)];
  if (flows.length > 0) {
    units.push(
      unit<FlowPolicyProps[]>({
        name: 'network-apps',
        placement: 'shared',
        input: flows,
        render: (chart, input) => input.forEach((p) => new FlowPolicy(chart, p.name, p)),
      }),
    );
  }
  const alerting = alertingPolicies(site);
  if (alerting.length > 0) {
    units.push(
      unit<FlowPolicyProps[]>({
        name: 'network-alerting',
        placement: 'shared',
        input: alerting,
        render: (chart, input) => input.forEach((p) => new FlowPolicy(chart, p.name, p)),
      }),
    );
  }
  units.push(
    unit<FlowPolicyProps[]>({
      name: 'network-site',
      placement: 'cluster',
      input: sitePolicies(site),
      render: (chart, input) => input.forEach((p) => new FlowPolicy(chart, p.name, p)),
    }),
  );
  return units;
}
