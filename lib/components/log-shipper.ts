import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import type { Arch } from '../model/names';
import { parseMemoryMiB } from '../model/quantity';
import { ANNOTATIONS, LABELS } from '../model/label-keys';
import type { ResourceQuantities } from '../util/kube-object';
import { commonLabels } from './labels';
import { ROOT_SECURITY_CONTEXT } from './container-security';
import { kubeQuantities } from './kube-quantities';

/** Where host pod logs are read from (kubelet layout, containerd/k3s). */
export const POD_LOGS_DIR = '/var/log/pods';

/** What a user may set on either log shipper (Promtail or Alloy). */
export interface LogShipperImageProps {
  /** Image with an explicit tag (settings `platformImages.promtail` or `platformImages.alloy`). */
  readonly image: string;
  /** Arches to run on: the image's platforms intersected with the site's node arches. */
  readonly arches: readonly Arch[];
  /** Requests. @default Promtail { cpu: "50m", memory: "64Mi" }, Alloy { cpu: "50m", memory: "96Mi" } (the whole platform stack must fit a 1 GiB armv7 node) */
  readonly requests?: ResourceQuantities;
  /** Limits. @default Promtail { cpu: "250m", memory: "128Mi" }, Alloy { cpu: "300m", memory: "192Mi" } */
  readonly limits?: ResourceQuantities;
}

export interface LogShipperDaemonSetProps {
  /** Name of every object and value of the selector label; never derived from a construct path. */
  readonly name: string;
  /** Image with an explicit tag (or digest). */
  readonly image: string;
  /** Arches the pods may run on: required node affinity on `kubernetes.io/arch`. */
  readonly arches: readonly Arch[];
  /** Container arguments (the config file flag among them). */
  readonly args: readonly string[];
  /** The HTTP port: readiness probe and metrics. */
  readonly httpPort: number;
  /** Path of the readiness endpoint on the HTTP port. */
  readonly readinessPath: string;
  /** ConfigMap (generated per cluster by Kustomize) mounted read-only at `configDir`. */
  readonly configMapName: string;
  /** Where the ConfigMap is mounted. */
  readonly configDir: string;
  /** Host directory for state that must outlive the pod (positions, WAL), mounted at the same path. */
  readonly stateDir: string;
  /** Requests of the container. */
  readonly requests: ResourceQuantities;
  /** Limits of the container; GOMEMLIMIT is set to 85% of the memory limit. */
  readonly limits: ResourceQuantities;
}

/**
 * A node-level log shipper: a DaemonSet on every node (every taint
 * tolerated, so GPU nodes ship logs too) with its own ServiceAccount and a
 * ClusterRole that can only get/list/watch pods, nodes and services (pod
 * discovery). It runs as root, because container log files are root-owned
 * 0640, but with a read-only root filesystem, no capabilities and no
 * privilege escalation; the DaemonSet says why under ANNOTATIONS.runsAsRoot.
 */
export class LogShipperDaemonSet extends Construct {
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: LogShipperDaemonSetProps) {
    super(scope, id);
    const labels = commonLabels(props.name);
    const namespace = Chart.of(this).namespace;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.name, labels } });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: props.name, labels },
      rules: [{ apiGroups: [''], resources: ['nodes', 'pods', 'services'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: props.name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace }],
    });
    const env = [
      // Promtail and Alloy keep only the targets of their own node.
      { name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      // Both shippers are Go programs: collect garbage before the kernel kills the pod.
      { name: 'GOMEMLIMIT', value: `${Math.floor((parseMemoryMiB(props.limits.memory) ?? 0) * 0.85)}MiB` },
    ];
    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: {
        name: props.name,
        labels,
        annotations: { [ANNOTATIONS.runsAsRoot]: `reads the root-owned container log files under ${POD_LOGS_DIR}` },
      },
      spec: {
        selector: { matchLabels: { [LABELS.name]: props.name } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.name,
            securityContext: { runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } },
            tolerations: [{ operator: 'Exists' }],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: LABELS.arch, operator: 'In', values: [...props.arches] }] }],
                },
              },
            },
            containers: [
              {
                name: props.name,
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                args: [...props.args],
                env,
                ports: [{ name: 'http', containerPort: props.httpPort, protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: props.readinessPath, port: k8s.IntOrString.fromString('http') }, periodSeconds: 10 },
                resources: { requests: kubeQuantities(props.requests), limits: kubeQuantities(props.limits) },
                securityContext: ROOT_SECURITY_CONTEXT,
                volumeMounts: [
                  { name: 'config', mountPath: props.configDir, readOnly: true },
                  { name: 'pod-logs', mountPath: POD_LOGS_DIR, readOnly: true },
                  { name: 'state', mountPath: props.stateDir },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: props.configMapName } },
              { name: 'pod-logs', hostPath: { path: POD_LOGS_DIR, type: 'Directory' } },
              { name: 'state', hostPath: { path: props.stateDir, type: 'DirectoryOrCreate' } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
            ],
          },
        },
      },
    });
  }
}
