import { cidrContains } from '../model/cidr';
import { LABELS } from '../model/label-keys';
import { KubeObject, LabelSelector, PodTemplate, workloadSpecOf } from '../util/kube-object';
import { matchesRequirements } from '../util/label-selector';

/*
 * NetworkPolicies as the enforcer reads them, over the pods a cluster's
 * workloads create: the model checkNetworkPolicies asks about each flow.
 */

type Labels = Readonly<Record<string, string>>;
export type Protocol = 'TCP' | 'UDP';

export interface Peer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}
export interface Port {
  readonly port?: number | string;
  readonly endPort?: number;
  readonly protocol?: string;
}
interface Rule {
  readonly from?: readonly Peer[];
  readonly to?: readonly Peer[];
  readonly ports?: readonly Port[];
}
export interface Policy {
  readonly name: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly policyTypes?: readonly string[];
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
}
/** A pod template, as a workload would create its pods. */
export interface PodRef {
  readonly owner: string;
  readonly namespace: string;
  readonly labels: Labels;
}
/** Something a pod talks to: pods by namespace and labels, or an address range. */
export type Endpoint = { readonly namespace: string; readonly labels: Labels } | { readonly cidr: string };
export type Direction = 'Ingress' | 'Egress';

function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
  const s = selector ?? {};
  const byLabel = Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  // An operator a label selector does not take selects nothing (lib/util/label-selector.ts).
  return byLabel && matchesRequirements('label', s.matchExpressions ?? [], labels);
}

function overlaps(a: string, b: string): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

export function podTemplates(objects: readonly KubeObject[]): PodRef[] {
  const pods: PodRef[] = [];
  for (const o of objects) {
    const spec = workloadSpecOf(o);
    const template = o.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template : o.kind === 'Pod' ? (o as PodTemplate) : spec?.template;
    if (!template) continue;
    pods.push({
      owner: `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
      namespace: o.metadata.namespace ?? '',
      labels: template.metadata?.labels ?? {},
    });
  }
  return pods;
}

/**
 * Reads NetworkPolicies the way the enforcer does and answers: is this flow
 * allowed? Traffic is allowed in a direction when no policy selecting the
 * pod has that direction in policyTypes, or when a rule of one that does
 * matches the peer and port.
 */
export class PolicyModel {
  private readonly namespaceLabels = new Map<string, Labels>();

  constructor(
    public readonly policies: readonly Policy[],
    objects: readonly KubeObject[],
  ) {
    for (const o of objects) {
      if (o.kind === 'Namespace')
        this.namespaceLabels.set(o.metadata.name, { ...((o.metadata.labels as Labels) ?? {}), [LABELS.namespaceName]: o.metadata.name });
    }
  }

  public selecting(pod: PodRef): Policy[] {
    return this.policies.filter((p) => p.namespace === pod.namespace && selects(p.podSelector, pod.labels));
  }

  public allowed(direction: Direction, pod: PodRef, peer: Endpoint, port: number, protocol: Protocol): boolean {
    const applying = this.selecting(pod).filter((p) => (p.policyTypes ?? ['Ingress']).includes(direction));
    if (applying.length === 0) return true;
    return applying.some((p) =>
      ((direction === 'Ingress' ? p.ingress : p.egress) ?? []).some((rule) => {
        const peers = (direction === 'Ingress' ? rule.from : rule.to) ?? [];
        const peerOk = peers.length === 0 || peers.some((x) => this.peerMatches(x, p.namespace, peer));
        const portOk =
          (rule.ports ?? []).length === 0 ||
          rule.ports!.some(
            (x) =>
              (x.protocol ?? 'TCP') === protocol &&
              (x.port === undefined || (typeof x.port === 'number' && port >= x.port && port <= (x.endPort ?? x.port))),
          );
        return peerOk && portOk;
      }),
    );
  }

  private peerMatches(peer: Peer, policyNamespace: string, target: Endpoint): boolean {
    if (peer.ipBlock)
      return (
        'cidr' in target &&
        cidrContains(peer.ipBlock.cidr, target.cidr) &&
        !(peer.ipBlock.except ?? []).some((e) => overlaps(e, target.cidr))
      );
    if ('cidr' in target) return false;
    const namespaceOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, this.namespaceLabels.get(target.namespace) ?? { [LABELS.namespaceName]: target.namespace })
      : target.namespace === policyNamespace;
    return namespaceOk && selects(peer.podSelector, target.labels);
  }
}
