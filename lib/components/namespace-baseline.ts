import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { FlowPolicy, POLICY_LABELS, PolicyPort } from './flow-policy';

/** The cluster DNS pods as a policy peer: their namespace and labels (from the distribution profile). */
export interface DnsPeer {
  readonly namespace: string;
  readonly pods: Readonly<Record<string, string>>;
}

/** The cluster DNS of k3s: kube-system pods labelled `k8s-app: kube-dns`. */
export const DNS_PEER: DnsPeer = { namespace: 'kube-system', pods: { 'k8s-app': 'kube-dns' } };
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
  /** The cluster DNS pods, as the distribution labels them. @default DNS_PEER (kube-system, `k8s-app: kube-dns`) */
  readonly dns?: DnsPeer;
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
    new FlowPolicy(this, 'Dns', {
      name: 'allow-dns',
      namespace,
      podLabels: {},
      egress: [{ peers: [props.dns ?? DNS_PEER], ports: DNS_PORTS }],
    });
    if (props.withinNamespace) {
      new k8s.KubeNetworkPolicy(this, 'SameNamespace', {
        metadata: { name: 'allow-same-namespace', namespace, labels: { ...POLICY_LABELS } },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ podSelector: {} }] }],
          egress: [{ to: [{ podSelector: {} }] }],
        },
      });
    }
  }
}
