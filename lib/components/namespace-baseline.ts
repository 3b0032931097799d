import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { FlowPolicy, POLICY_LABELS, PolicyPort } from './flow-policy';

/** The cluster DNS: kube-system pods labelled `k8s-app: kube-dns` (k3s CoreDNS carries it). */
export const DNS_PEER = { namespace: 'kube-system', pods: { 'k8s-app': 'kube-dns' } } as const;
/** DNS ports: UDP 53 and TCP 53 (large answers fall back to TCP). */
export const DNS_PORTS: readonly PolicyPort[] = [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
];

export interface NamespaceBaselineProps {
  /** The namespace. */
  readonly namespace: string;
  /** Allow every pod of the namespace to reach every other one, on any port. @default false */
  readonly withinNamespace?: boolean;
}

/**
 * The baseline of one managed namespace: `default-deny` (every pod, both
 * directions, policyTypes explicit), `allow-dns` (egress to kube-dns on UDP
 * and TCP 53) and, when asked, `allow-same-namespace`.
 */
export class NamespaceBaseline extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceBaselineProps) {
    super(scope, id);
    const { namespace } = props;
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace, labels: { ...POLICY_LABELS } },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new FlowPolicy(this, 'Dns', { name: 'allow-dns', namespace, podLabels: {}, egress: [{ peers: [DNS_PEER], ports: DNS_PORTS }] });
    if (props.withinNamespace) {
      new k8s.KubeNetworkPolicy(this, 'SameNamespace', {
        metadata: { name: 'allow-same-namespace', namespace, labels: { ...POLICY_LABELS } },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] },
      });
    }
  }
}
