import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { LABELS } from '../model/label-keys';

/** Labels of every NetworkPolicy: nothing selects policies, so only the owner is recorded (per-cluster bytes count). */
export const POLICY_LABELS: Readonly<Record<string, string>> = { [LABELS.managedBy]: 'edgefleet' };

/** Pods by label, in the policy's namespace or in a named one. */
export interface PodPeer {
  /** Labels the pods carry; `{}` means every pod. */
  readonly pods: Readonly<Record<string, string>>;
  /** Namespace of the pods. @default the policy's namespace */
  readonly namespace?: string;
}

/** An address range outside the cluster. */
export interface CidrPeer {
  /** IPv4 CIDR. */
  readonly cidr: string;
}

export type PolicyPeer = PodPeer | CidrPeer;

/** A port and protocol. */
export interface PolicyPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

/** Peers that may be reached (egress) or may connect (ingress), on ports. */
export interface FlowRule {
  /** At least one peer: a rule without peers would match everything. */
  readonly peers: readonly PolicyPeer[];
  /** At least one port: a rule without ports would open every port. */
  readonly ports: readonly PolicyPort[];
}

export interface FlowPolicyProps {
  /** Policy name. */
  readonly name: string;
  /** Namespace of the policy and of the pods it selects. */
  readonly namespace: string;
  /** Labels of the pods the policy applies to; `{}` selects every pod of the namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Allowed inbound flows. @default [] */
  readonly ingress?: readonly FlowRule[];
  /** Allowed outbound flows. @default [] */
  readonly egress?: readonly FlowRule[];
}

function peerJson(peer: PolicyPeer): k8s.NetworkPolicyPeer {
  if ('cidr' in peer) return { ipBlock: { cidr: peer.cidr } };
  const podSelector = { matchLabels: { ...peer.pods } };
  // Namespace and pod selectors in one peer item are ANDed: exactly these pods of exactly that namespace.
  return peer.namespace === undefined
    ? { podSelector }
    : { namespaceSelector: { matchLabels: { [LABELS.namespaceName]: peer.namespace } }, podSelector };
}

function portsJson(rule: FlowRule): k8s.NetworkPolicyPort[] {
  return rule.ports.map((p) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol }));
}

/**
 * One NetworkPolicy that allows declared flows, and nothing else. It lists
 * only the directions it has rules for in `policyTypes`, always explicitly:
 * without it an egress-only policy would be read as an ingress policy.
 * Isolation itself comes from the namespace's default-deny.
 */
export class FlowPolicy extends Construct {
  constructor(scope: Construct, id: string, props: FlowPolicyProps) {
    super(scope, id);
    const ingress = props.ingress ?? [];
    const egress = props.egress ?? [];
    const policyTypes = [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])];
    new k8s.KubeNetworkPolicy(this, 'Policy', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...POLICY_LABELS } },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes,
        ...(ingress.length > 0 ? { ingress: ingress.map((r) => ({ from: r.peers.map(peerJson), ports: portsJson(r) })) } : {}),
        ...(egress.length > 0 ? { egress: egress.map((r) => ({ to: r.peers.map(peerJson), ports: portsJson(r) })) } : {}),
      },
    });
  }
}
