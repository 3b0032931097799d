import type { Reserve } from './reserve-settings';

/*
 * What differs between the Kubernetes distributions edge sites run, in one
 * table that the render, check and bootstrap code read. Each fact names its
 * source.
 */

/** Kubernetes distributions a site may run. */
export const DISTRIBUTIONS = ['k3s', 'k0s', 'microk8s', 'kubeedge'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** One distribution's facts. */
export interface DistributionProfile {
  /** Port of the API server as a NetworkPolicy enforcer sees it (after the kubernetes Service's DNAT). */
  readonly apiServerPort: number;
  /** Kubelet port the Prometheus agent scrapes. */
  readonly kubeletPort: number;
  /**
   * Whether pods can reach every node's kubelet. False on KubeEdge: edge
   * nodes run edgecore, whose embedded kubelet (edged) serves no port the
   * cluster can reach by default, so the kubelet and cAdvisor scrape jobs and
   * their egress policy are left out.
   */
  readonly kubeletReachable: boolean;
  /** Default `systemReserve`: the first node (server, control plane or cloud node) and every other node. */
  readonly systemReserve: { readonly server: Reserve; readonly agent: Reserve };
  /** StorageClass a claim without `storageClassName` gets; undefined when the distribution ships none (then `metrics.storageClass` is required). */
  readonly defaultStorageClass?: string;
  /** The cluster DNS pods, as a NetworkPolicy peer: namespace and pod labels. */
  readonly dns: { readonly namespace: string; readonly pods: Readonly<Record<string, string>> };
  /** Whether the default network plugin enforces NetworkPolicies, and what to do when it does not. */
  readonly networkPolicy: { readonly enforcedByDefault: boolean; readonly note: string };
  /** Whether kube-proxy (or an equivalent Service proxy) runs on every node by default. */
  readonly kubeProxy: boolean;
}

/** CoreDNS as all four ship it: kube-system pods labelled `k8s-app: kube-dns`. */
const KUBE_DNS = { namespace: 'kube-system', pods: { 'k8s-app': 'kube-dns' } } as const;

/** The profile of each distribution. */
export const DISTRIBUTION_PROFILES: Readonly<Record<Distribution, DistributionProfile>> = {
  /*
   * k3s: API on 6443, kubelet 10250, local-path as default class, CoreDNS
   * labelled k8s-app=kube-dns, embedded kube-router policy controller
   * (docs.k3s.io/installation/requirements, /networking/networking-services,
   * /storage; k3s-io/k3s manifests/coredns.yaml). An idle server uses about
   * 550 MiB (docs.k3s.io/reference/resource-profiling).
   */
  k3s: {
    apiServerPort: 6443,
    kubeletPort: 10250,
    kubeletReachable: true,
    systemReserve: { server: { cpu: '500m', memory: '600Mi' }, agent: { cpu: '100m', memory: '256Mi' } },
    defaultStorageClass: 'local-path',
    dns: KUBE_DNS,
    networkPolicy: {
      enforcedByDefault: true,
      note: 'k3s enforces NetworkPolicies with its embedded controller unless it runs with --disable-network-policy',
    },
    kubeProxy: true,
  },
  /*
   * k0s: API on 6443 (k0s.yaml spec.api.port), kube-router as the built-in
   * default network provider (docs.k0sproject.io/stable/networking), CoreDNS
   * labelled k8s-app=kube-dns, and no storage provider by default
   * (docs.k0sproject.io/stable/storage: OpenEBS is an opt-in extension).
   * Controllers need 1 CPU and 1 GiB, workers 1 CPU and 0.5 GiB
   * (docs.k0sproject.io/stable/system-requirements).
   */
  k0s: {
    apiServerPort: 6443,
    kubeletPort: 10250,
    kubeletReachable: true,
    systemReserve: { server: { cpu: '500m', memory: '700Mi' }, agent: { cpu: '100m', memory: '300Mi' } },
    dns: KUBE_DNS,
    networkPolicy: {
      enforcedByDefault: true,
      note: 'k0s enforces NetworkPolicies with its default kube-router provider; with spec.network.provider custom, the CNI you install must enforce them',
    },
    kubeProxy: true,
  },
  /*
   * MicroK8s: API on 16443 (canonical.com/microk8s/docs/services-and-ports),
   * Calico as the default CNI since 1.19, which enforces NetworkPolicies;
   * the dns addon runs CoreDNS labelled k8s-app=kube-dns and the
   * hostpath-storage addon adds the default class microk8s-hostpath
   * (canonical.com/microk8s/docs/addon-dns, /addon-hostpath-storage). It
   * needs about 540 MB of memory (canonical.com/microk8s/docs/getting-started).
   */
  microk8s: {
    apiServerPort: 16443,
    kubeletPort: 10250,
    kubeletReachable: true,
    systemReserve: { server: { cpu: '500m', memory: '700Mi' }, agent: { cpu: '200m', memory: '400Mi' } },
    defaultStorageClass: 'microk8s-hostpath',
    dns: KUBE_DNS,
    networkPolicy: {
      enforcedByDefault: true,
      note: 'MicroK8s enforces NetworkPolicies with its default Calico CNI; the launch configuration enables the dns and hostpath-storage addons the tree needs',
    },
    kubeProxy: true,
  },
  /*
   * KubeEdge: the first node is the cloud side (a Kubernetes control plane
   * running cloudcore, API on 6443); every other node is an edge node running
   * edgecore, which has no kube-proxy by default (EdgeMesh proxies Services)
   * and no kubelet port reachable from the cluster (kubeedge.io/docs/setup/config,
   * kubeedge.io/docs/advanced/metrics: kubectl logs/exec and metrics go through
   * the cloudStream/edgeStream tunnel, off by default). No CNI is installed on
   * edge nodes by default, so nothing there enforces a NetworkPolicy, and
   * edge nodes get no volume from the cloud side's default class.
   * edgecore itself needs about 70 MB (kubeedge.io/docs/faq).
   */
  kubeedge: {
    apiServerPort: 6443,
    kubeletPort: 10250,
    kubeletReachable: false,
    systemReserve: { server: { cpu: '500m', memory: '1Gi' }, agent: { cpu: '100m', memory: '128Mi' } },
    dns: KUBE_DNS,
    networkPolicy: {
      enforcedByDefault: false,
      note: 'KubeEdge edge nodes run no CNI by default: the NetworkPolicies are written but only enforced once the edge nodes run a policy-enforcing CNI (e.g. Calico or Cilium)',
    },
    kubeProxy: false,
  },
};

/** The profile of a distribution. */
export function distributionProfile(distribution: Distribution): DistributionProfile {
  return DISTRIBUTION_PROFILES[distribution];
}
