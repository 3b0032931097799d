import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Arch } from '../model/names';
import { promDurationSeconds } from '../model/settings';
import { LABELS } from '../model/label-keys';
import { commonLabels } from './labels';
import { NON_ROOT_SECURITY_CONTEXT } from './container-security';

/** Name of the agent's objects and its selector label. */
export const PROMETHEUS_AGENT_NAME = 'prometheus-agent';
/** Name of the ConfigMap holding prometheus.yml (Kustomize suffixes it with a content hash). */
export const PROMETHEUS_CONFIG_MAP = 'prometheus-agent-config';
/** Key of prometheus.yml in the ConfigMap. */
export const PROMETHEUS_CONFIG_KEY = 'prometheus.yml';
/** The port Prometheus listens on. */
export const PROMETHEUS_PORT = 9090;

/** Requests and limits, sized for the agent on a small site (a few thousand series) and to fit a 1 GiB armv7 node. */
export const PROMETHEUS_AGENT_RESOURCES = {
  requests: { cpu: '50m', memory: '96Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
} as const;

/** Prometheus's image user (nobody). */
const PROMETHEUS_UID = 65534;
const CONFIG_DIR = '/etc/prometheus';
const WAL_DIR = '/prometheus';

/**
 * WAL volume size: 1 GiB per started 24h of (retention + 2h truncation slack)
 * at a 60s scrape interval, scaled by 60s / scrapeInterval. A WAL sample costs
 * about 16 bytes, so 1 GiB holds a day of about 45,000 series scraped every
 * minute: ample headroom for an edge cluster.
 */
export function agentVolumeSize(retention: string, scrapeInterval: string): string {
  const days = (promDurationSeconds(retention) + 7200) / 86400;
  return `${Math.max(1, Math.ceil(days * (60 / promDurationSeconds(scrapeInterval))))}Gi`;
}

export interface PrometheusAgentProps {
  /** Prometheus image; must be 3.x, as it runs with `--agent` (2.x would need `--enable-feature=agent`). */
  readonly image: string;
  /** Arches the pod may run on (the image's, intersected with the site's): required node affinity on `kubernetes.io/arch`. */
  readonly arches: readonly Arch[];
  /** Namespace of the agent; also the subject namespace of its ClusterRoleBinding. */
  readonly namespace: string;
  /** `--storage.agent.retention.max-time` (the model defaults it by connectivity). */
  readonly retention: string;
  /** Scrape interval; scales the default volume size (the model's default is "60s"). */
  readonly scrapeInterval: string;
  /** Size of the WAL volume. @default agentVolumeSize(retention, scrapeInterval): 1Gi per started 24h of retention + 2h at 60s */
  readonly volumeSize?: string;
  /** Storage class of the WAL volume. @default the cluster's default class (k3s: local-path) */
  readonly storageClass?: string;
}

/**
 * Prometheus in agent mode: scrapes the node and opted-in pods and
 * remote-writes to the hub, buffering in a WAL on a persistent volume
 * through outages. Its prometheus.yml is per cluster, in the ConfigMap
 * PROMETHEUS_CONFIG_MAP, which Kustomize generates.
 *
 * The backlog is lost on restart: after a pod restart or node reboot,
 * remote write sends only samples newer than the restart (upstream issues
 * 8809 and 13542).
 */
export class PrometheusAgent extends Construct {
  constructor(scope: Construct, id: string, props: PrometheusAgentProps) {
    super(scope, id);
    const name = PROMETHEUS_AGENT_NAME;
    const labels = commonLabels(name);
    const metadata = { name, namespace: props.namespace, labels };
    const { retention, scrapeInterval } = props;

    new ApiObject(this, 'ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata });
    // Cluster-scoped: named apart from other installs, no namespace.
    const clusterName = `edgefleet-${name}`;
    new ApiObject(this, 'ClusterRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: clusterName, labels },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['/metrics', '/metrics/cadvisor'], verbs: ['get'] },
      ],
    });
    new ApiObject(this, 'ClusterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: clusterName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    });
    new ApiObject(this, 'Volume', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata,
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: props.volumeSize ?? agentVolumeSize(retention, scrapeInterval) } },
        ...(props.storageClass ? { storageClassName: props.storageClass } : {}),
      },
    });
    new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 1,
        // The WAL volume is ReadWriteOnce and Prometheus locks it: the old pod must go first.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { [LABELS.name]: name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            securityContext: { runAsNonRoot: true, runAsUser: PROMETHEUS_UID, runAsGroup: PROMETHEUS_UID, fsGroup: PROMETHEUS_UID },
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: LABELS.arch, operator: 'In', values: [...props.arches] }] }],
                },
              },
            },
            containers: [
              {
                name: 'prometheus',
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                // Never a --storage.tsdb.* flag: with --agent it is fatal.
                args: [
                  '--agent',
                  `--config.file=${CONFIG_DIR}/${PROMETHEUS_CONFIG_KEY}`,
                  `--storage.agent.path=${WAL_DIR}`,
                  `--storage.agent.retention.max-time=${retention}`,
                  `--web.listen-address=:${PROMETHEUS_PORT}`,
                ],
                ports: [{ name: 'http', containerPort: PROMETHEUS_PORT, protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/-/ready', port: 'http' }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 30, failureThreshold: 5 },
                resources: PROMETHEUS_AGENT_RESOURCES,
                securityContext: NON_ROOT_SECURITY_CONTEXT,
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                  { name: 'wal', mountPath: WAL_DIR },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: PROMETHEUS_CONFIG_MAP } },
              { name: 'wal', persistentVolumeClaim: { claimName: name } },
            ],
          },
        },
      },
    });
  }
}
