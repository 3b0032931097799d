import { LABELS } from '../model/label-keys';
import { DNS_PORTS } from '../components/namespace-baseline';
import { distributionProfile } from '../model/distribution';
import { PROMETHEUS_AGENT_NAME } from '../components/prometheus-agent';
import { ALERT_EVALUATOR_NAME } from '../components/alert-evaluator-config';
import { ALERTMANAGER_NAME, ALERTMANAGER_PORT } from '../components/alertmanager';
import { addressCount, cidrContains } from '../model/cidr';
import type { Problem } from '../model/problem';
import { NODE_CIDRS_HINT, nodeCount, ResolvedSite } from '../model/resolved-site';
import { apiServerPort, hubPorts, kubeletCidrs, kubeletPort } from '../render/network-units';
import type { KubeObject } from '../util/kube-object';
import { checkLanReachability } from './lan-exposure';
import { Endpoint, Peer, PodRef, podTemplates, Policy, PolicyModel, Port, Protocol } from './network-policy-model';

/** Pods that scrape every kubelet on 10250: the agent, and the evaluator of local alerting. */
const KUBELET_SCRAPERS: readonly string[] = [PROMETHEUS_AGENT_NAME, ALERT_EVALUATOR_NAME];

/**
 * Local alerting's path, proven at both ends of every hop: evaluator to
 * Alertmanager (9093), Alertmanager to each critical webhook app, and
 * Alertmanager to the hub on the hub webhook's port.
 */
function alertingFlowProblems(
  site: ResolvedSite,
  model: PolicyModel,
  pods: readonly PodRef[],
  denied: (pod: PodRef, what: string) => void,
): void {
  const { namespaces, alerting, hub } = site.settings;
  const named = (namespace: string, name: string) => pods.filter((p) => p.namespace === namespace && p.labels[LABELS.name] === name);
  const at = (pod: PodRef): Endpoint => ({ namespace: pod.namespace, labels: pod.labels });
  const alertmanagers = named(namespaces.platform, ALERTMANAGER_NAME);
  const evaluators = named(namespaces.platform, ALERT_EVALUATOR_NAME);
  if (alertmanagers.length === 0 || evaluators.length === 0) {
    denied(
      { owner: `alerting.local`, namespace: namespaces.platform, labels: {} },
      'local alerting without an evaluator and an Alertmanager',
    );
    return;
  }
  const hop = (from: PodRef, to: PodRef, port: number, what: string) => {
    if (!model.allowed('Egress', from, at(to), port, 'TCP')) denied(from, `egress of ${what} on TCP ${port}`);
    if (!model.allowed('Ingress', to, at(from), port, 'TCP')) denied(to, `ingress of ${what} on TCP ${port}`);
  };
  const hubPort = Number(new URL(alerting.hubWebhookUrl!).port || (alerting.hubWebhookUrl!.startsWith('http:') ? 80 : 443));
  for (const am of alertmanagers) {
    for (const evaluator of evaluators) hop(evaluator, am, ALERTMANAGER_PORT, 'the evaluator to the Alertmanager');
    for (const hook of alerting.criticalWebhooks) {
      const receivers = named(namespaces.apps, hook.app);
      if (receivers.length === 0) denied(am, `the critical webhook of app ${hook.app}, which has no pods here,`);
      for (const receiver of receivers) hop(am, receiver, hook.port, `the Alertmanager to the critical webhook of ${hook.app}`);
    }
    for (const cidr of hub.cidrs)
      if (!model.allowed('Egress', am, { cidr }, hubPort, 'TCP'))
        denied(am, `egress of the Alertmanager to the hub ${cidr} on TCP ${hubPort}`);
  }
}

/** An egress rule entry (one peer, one port) that a declared flow accounts for. */
type Grant = (peer: Peer, port: Port | undefined) => boolean;

function pinnedNamespace(peer: Peer, policyNamespace: string): string | undefined {
  if (!peer.namespaceSelector) return policyNamespace;
  const s = peer.namespaceSelector;
  const only = Object.keys(s.matchLabels ?? {}).length === 1 && (s.matchExpressions ?? []).length === 0;
  return only ? s.matchLabels?.[LABELS.namespaceName] : undefined;
}

function exactPort(port: Port | undefined, expected: { port: number; protocol: Protocol }): boolean {
  return (
    port !== undefined &&
    port.port === expected.port &&
    (port.endPort ?? port.port) === expected.port &&
    (port.protocol ?? 'TCP') === expected.protocol
  );
}

function cidrGrant(cidrs: readonly string[], ports: readonly { port: number; protocol: Protocol }[]): Grant {
  return (peer, port) =>
    peer.ipBlock !== undefined && cidrs.some((c) => cidrContains(c, peer.ipBlock!.cidr)) && ports.some((p) => exactPort(port, p));
}

/** The egress a pod may have: DNS, plus its declared flows (platform agents: hub, API, kubelets, own namespace). */
function egressGrants(site: ResolvedSite, pod: PodRef, peerNamespace: (peer: Peer) => string | undefined): Grant[] {
  const { namespaces, hub, apiServerCidrs } = site.settings;
  const dns = distributionProfile(site.settings.distribution).dns;
  const grants: Grant[] = [
    (peer, port) =>
      !peer.ipBlock &&
      peerNamespace(peer) === dns.namespace &&
      Object.entries(dns.pods).every(([k, v]) => peer.podSelector?.matchLabels?.[k] === v) &&
      DNS_PORTS.some((p) => exactPort(port, p)),
  ];
  if (pod.namespace === namespaces.platform) {
    grants.push((peer) => !peer.ipBlock && peerNamespace(peer) === namespaces.platform);
    grants.push(cidrGrant(hub.cidrs, hubPorts(site)), cidrGrant(apiServerCidrs, [apiServerPort(site)]));
    if (KUBELET_SCRAPERS.includes(pod.labels[LABELS.name])) grants.push(cidrGrant(kubeletCidrs(site), [kubeletPort(site)]));
    if (pod.labels[LABELS.name] === PROMETHEUS_AGENT_NAME) {
      for (const scraped of site.apps.filter((a) => a.metrics)) {
        const metricsPort = { port: scraped.metrics!.port, protocol: 'TCP' as const };
        grants.push(
          (peer, port) =>
            !peer.ipBlock &&
            peerNamespace(peer) === namespaces.apps &&
            peer.podSelector?.matchLabels?.[LABELS.name] === scraped.name &&
            exactPort(port, metricsPort),
        );
      }
    }
    for (const hook of pod.labels[LABELS.name] === ALERTMANAGER_NAME && site.settings.alerting.local
      ? site.settings.alerting.criticalWebhooks
      : []) {
      grants.push(
        (peer, port) =>
          !peer.ipBlock &&
          peerNamespace(peer) === namespaces.apps &&
          peer.podSelector?.matchLabels?.[LABELS.name] === hook.app &&
          exactPort(port, { port: hook.port, protocol: 'TCP' }),
      );
    }
  }
  const app = pod.namespace === namespaces.apps ? site.apps.find((a) => a.name === pod.labels[LABELS.name]) : undefined;
  for (const flow of app?.talksTo ?? []) {
    grants.push(
      (peer, port) =>
        !peer.ipBlock &&
        peerNamespace(peer) === namespaces.apps &&
        peer.podSelector?.matchLabels?.[LABELS.name] === flow.app &&
        exactPort(port, flow),
    );
  }
  for (const flow of app?.egress ?? []) grants.push(cidrGrant([flow.cidr], [flow]));
  return grants;
}

/**
 * Checks the NetworkPolicies of one cluster over its rendered objects (as
 * `kubectl kustomize` yields them): every policy states its policyTypes;
 * every pod of a managed namespace is selected by a default-deny of both
 * directions and can reach DNS; every declared flow (app to app, app to
 * CIDR, LAN to app, platform agents to hub, API server and kubelets, the
 * Prometheus agent to every app's metrics port) is allowed at both ends,
 * and LAN traffic has a way in that keeps its source (checkLanReachability); the Prometheus agent reaches as many kubelet
 * addresses as the site has nodes; and no egress is allowed that no flow
 * declares.
 */
export function checkNetworkPolicies(site: ResolvedSite, objects: readonly KubeObject[]): Problem[] {
  const { namespaces, hub, apiServerCidrs, lanCidrs } = site.settings;
  const managed = [namespaces.platform, namespaces.apps];
  const problems: Problem[] = [];
  const at = (field: string, message: string, hint: string): void => {
    problems.push({ path: site.path, site: site.cluster, field, message, hint });
  };
  const policies: Policy[] = objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .map((o) => ({ name: o.metadata.name, namespace: o.metadata.namespace ?? '', ...(o.spec as Omit<Policy, 'name' | 'namespace'>) }));
  for (const p of policies) {
    if (!p.policyTypes || p.policyTypes.length === 0) {
      at(
        `NetworkPolicy/${p.namespace}/${p.name}.spec.policyTypes`,
        `policy ${p.name} does not state its policyTypes`,
        'always write policyTypes: an egress-only policy without it is read as an ingress policy',
      );
    }
  }
  const model = new PolicyModel(policies, objects);
  const profile = distributionProfile(site.settings.distribution);
  const apiPort = profile.apiServerPort;
  const pods = podTemplates(objects).filter((p) => managed.includes(p.namespace));
  const endpoint = (pod: PodRef): Endpoint => ({ namespace: pod.namespace, labels: pod.labels });
  const appPods = (name: string) => pods.filter((p) => p.namespace === namespaces.apps && p.labels[LABELS.name] === name);
  const flowDenied = (pod: PodRef, what: string) =>
    at(pod.owner, `${what} is not allowed`, 'declare the flow on the app (talksTo, egress, lanIngress) or fix the site addresses');

  for (const pod of pods) {
    const denyAll = model
      .selecting(pod)
      .some((p) => ['Ingress', 'Egress'].every((t) => p.policyTypes?.includes(t)) && !p.ingress?.length && !p.egress?.length);
    if (!denyAll)
      at(
        pod.owner,
        `pods of ${pod.owner} are not selected by a default-deny of both Ingress and Egress`,
        'keep the default-deny policy (podSelector {}, policyTypes [Ingress, Egress]) in every managed namespace',
      );
    for (const p of DNS_PORTS) {
      if (!model.allowed('Egress', pod, { namespace: profile.dns.namespace, labels: profile.dns.pods }, p.port, p.protocol))
        flowDenied(pod, `DNS (${p.protocol} ${p.port} to kube-dns)`);
    }
    for (const policy of model.selecting(pod).filter((p) => p.policyTypes?.includes('Egress'))) {
      const forPolicy = egressGrants(site, pod, (peer) => pinnedNamespace(peer, policy.namespace));
      for (const [i, rule] of (policy.egress ?? []).entries()) {
        const field = `NetworkPolicy/${policy.namespace}/${policy.name}.spec.egress[${i}]`;
        if (!rule.to?.length) {
          at(field, `policy ${policy.name} lets ${pod.owner} reach any destination`, 'name the peers of every egress rule');
          continue;
        }
        const ports: (Port | undefined)[] = rule.ports?.length ? [...rule.ports] : [undefined];
        for (const peer of rule.to) {
          for (const port of ports) {
            if (forPolicy.some((g) => g(peer, port))) continue;
            const where = peer.ipBlock
              ? peer.ipBlock.cidr
              : JSON.stringify({ namespaceSelector: peer.namespaceSelector, podSelector: peer.podSelector });
            at(
              field,
              `policy ${policy.name} lets ${pod.owner} reach ${where} on ${port ? `${port.protocol ?? 'TCP'} ${port.port}` : 'any port'}, which no flow declares`,
              'remove the rule, or declare the flow on the app',
            );
          }
        }
      }
    }
  }

  for (const app of site.apps) {
    for (const caller of appPods(app.name)) {
      for (const flow of app.talksTo) {
        const callees = appPods(flow.app);
        if (callees.length === 0)
          at(caller.owner, `app ${app.name} calls app ${flow.app}, which has no pods here`, `render app ${flow.app} on this site`);
        for (const callee of callees) {
          if (!model.allowed('Egress', caller, endpoint(callee), flow.port, flow.protocol))
            flowDenied(caller, `egress of ${app.name} to ${flow.app} on ${flow.protocol} ${flow.port}`);
          if (!model.allowed('Ingress', callee, endpoint(caller), flow.port, flow.protocol))
            flowDenied(callee, `ingress of ${flow.app} from ${app.name} on ${flow.protocol} ${flow.port}`);
        }
      }
      for (const flow of app.egress) {
        if (!model.allowed('Egress', caller, { cidr: flow.cidr }, flow.port, flow.protocol))
          flowDenied(caller, `egress of ${app.name} to ${flow.cidr} on ${flow.protocol} ${flow.port}`);
      }
      for (const flow of app.lanIngress) {
        for (const cidr of lanCidrs) {
          if (!model.allowed('Ingress', caller, { cidr }, flow.port, flow.protocol))
            flowDenied(caller, `ingress of ${app.name} from the LAN ${cidr} on ${flow.protocol} ${flow.port}`);
        }
      }
    }
  }
  const agents = pods.filter((p) => p.namespace === namespaces.platform);
  for (const prometheus of agents.filter((a) => a.labels[LABELS.name] === PROMETHEUS_AGENT_NAME)) {
    for (const app of site.apps.filter((a) => a.metrics)) {
      const port = app.metrics!.port;
      for (const target of appPods(app.name)) {
        if (!model.allowed('Egress', prometheus, endpoint(target), port, 'TCP'))
          flowDenied(prometheus, `egress of the Prometheus agent to the metrics of ${app.name} on TCP ${port}`);
        if (!model.allowed('Ingress', target, endpoint(prometheus), port, 'TCP'))
          flowDenied(target, `ingress of ${app.name} from the Prometheus agent on its metrics port TCP ${port}`);
      }
    }
  }
  if (agents.length > 0 && hub.cidrs.length === 0)
    at('hub.cidrs', 'the platform agents have no route to the hub: hub.cidrs is empty', 'set hub.cidrs on the fleet or tier');
  for (const agent of agents) {
    for (const cidr of hub.cidrs) {
      for (const p of hubPorts(site))
        if (!model.allowed('Egress', agent, { cidr }, p.port, p.protocol)) flowDenied(agent, `egress to the hub ${cidr} on TCP ${p.port}`);
    }
    for (const cidr of apiServerCidrs) {
      if (!model.allowed('Egress', agent, { cidr }, apiPort, 'TCP'))
        flowDenied(agent, `egress to the API server ${cidr} on TCP ${apiPort}`);
    }
    if (!KUBELET_SCRAPERS.includes(agent.labels[LABELS.name])) continue;
    for (const cidr of kubeletCidrs(site)) {
      if (!model.allowed('Egress', agent, { cidr }, profile.kubeletPort, 'TCP'))
        flowDenied(agent, `egress to the kubelet ${cidr} on TCP ${profile.kubeletPort}`);
    }
  }
  if (site.settings.alerting.local) alertingFlowProblems(site, model, pods, flowDenied);
  const nodes = nodeCount(site);
  const reachable = addressCount(kubeletCidrs(site));
  if (profile.kubeletReachable && agents.some((a) => a.labels[LABELS.name] === PROMETHEUS_AGENT_NAME) && reachable < nodes) {
    at(
      'nodeCidrs',
      `the Prometheus agent can reach ${reachable} kubelet address${reachable === 1 ? '' : 'es'} (apiServerCidrs and nodeCidrs), fewer than the site's ${nodes} nodes: the others are never scraped`,
      NODE_CIDRS_HINT,
    );
  }
  problems.push(...checkLanReachability(site, objects));
  return problems;
}
