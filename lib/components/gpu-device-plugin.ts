import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import type { NodeTaint } from '../model/device-class';
import type { Arch } from '../model/names';
import { ANNOTATIONS, LABELS } from '../model/label-keys';
import { commonLabels } from './labels';
import { ROOT_SECURITY_CONTEXT } from './container-security';
import { kubeQuantities } from './kube-quantities';

/** Name of the device plugin's DaemonSet and selector label. */
export const NVIDIA_DEVICE_PLUGIN_NAME = 'nvidia-device-plugin';

/**
 * The RuntimeClass GPU pods run with. k3s registers the NVIDIA container
 * runtime found on a node (/usr/bin/nvidia-container-runtime, or the GPU
 * operator's /usr/local/nvidia/toolkit) as the containerd runtime `nvidia`
 * (k3s-io/k3s pkg/agent/containerd/runtimes.go); k3s itself runs runc, so a
 * pod that does not ask for it sees no GPU.
 */
export const NVIDIA_RUNTIME_CLASS = 'nvidia';

/** Where the kubelet looks for device plugin sockets. */
const DEVICE_PLUGINS_DIR = '/var/lib/kubelet/device-plugins';

export interface NvidiaDevicePluginProps {
  /** Namespace of the DaemonSet (the platform namespace); the RuntimeClass is cluster-scoped. */
  readonly namespace: string;
  /** Image with an explicit tag (setting `platformImages.nvidiaDevicePlugin`). */
  readonly image: string;
  /** Arches of the GPU nodes the image covers: required node affinity on `kubernetes.io/arch`. */
  readonly arches: readonly Arch[];
  /** NVIDIA GPU device classes of the site: the plugin runs on their nodes only. */
  readonly deviceClasses: readonly string[];
  /** Taints of those device classes, tolerated. @default [] */
  readonly tolerations?: readonly NodeTaint[];
}

/**
 * The NVIDIA device plugin, after the upstream static manifest
 * (NVIDIA/k8s-device-plugin deployments/static/nvidia-device-plugin.yml,
 * v0.17.1): a DaemonSet that advertises `nvidia.com/gpu` to the kubelet
 * through a socket in /var/lib/kubelet/device-plugins. Unlike upstream it
 * runs only on nodes of the GPU device classes (node affinity on
 * `edgefleet.io/device-class`), with the `nvidia` RuntimeClass (it needs
 * NVML, which only the NVIDIA runtime mounts), explicit requests and limits
 * and a read-only root filesystem. It runs as root to create its socket in
 * the root-owned kubelet directory. Also writes that RuntimeClass.
 */
export class NvidiaDevicePlugin extends Construct {
  constructor(scope: Construct, id: string, props: NvidiaDevicePluginProps) {
    super(scope, id);
    const labels = commonLabels(NVIDIA_DEVICE_PLUGIN_NAME);
    new k8s.KubeRuntimeClass(this, 'RuntimeClass', { metadata: { name: NVIDIA_RUNTIME_CLASS, labels }, handler: NVIDIA_RUNTIME_CLASS });
    new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: {
        name: NVIDIA_DEVICE_PLUGIN_NAME,
        namespace: props.namespace,
        labels,
        annotations: { [ANNOTATIONS.runsAsRoot]: `creates its socket in the root-owned ${DEVICE_PLUGINS_DIR}` },
      },
      spec: {
        selector: { matchLabels: { [LABELS.name]: NVIDIA_DEVICE_PLUGIN_NAME } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels },
          spec: {
            runtimeClassName: NVIDIA_RUNTIME_CLASS,
            automountServiceAccountToken: false,
            securityContext: { runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } },
            // Upstream tolerates nvidia.com/gpu:NoSchedule, the usual GPU node taint; the device classes may add their own.
            tolerations: [
              { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
              ...(props.tolerations ?? [])
                .filter((t) => t.key !== 'nvidia.com/gpu')
                .map((t) => ({ key: t.key, operator: t.value === undefined ? 'Exists' : 'Equal', value: t.value, effect: t.effect })),
            ],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    {
                      matchExpressions: [
                        { key: LABELS.arch, operator: 'In', values: [...props.arches] },
                        { key: LABELS.deviceClass, operator: 'In', values: [...props.deviceClasses] },
                      ],
                    },
                  ],
                },
              },
            },
            containers: [
              {
                name: NVIDIA_DEVICE_PLUGIN_NAME,
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                // As upstream: keep running on a node whose driver is not ready yet instead of crash-looping.
                env: [{ name: 'FAIL_ON_INIT_ERROR', value: 'false' }],
                resources: {
                  requests: kubeQuantities({ cpu: '10m', memory: '32Mi' }),
                  limits: kubeQuantities({ cpu: '100m', memory: '64Mi' }),
                },
                securityContext: ROOT_SECURITY_CONTEXT,
                volumeMounts: [{ name: 'device-plugins', mountPath: DEVICE_PLUGINS_DIR }],
              },
            ],
            volumes: [{ name: 'device-plugins', hostPath: { path: DEVICE_PLUGINS_DIR, type: 'Directory' } }],
          },
        },
      },
    });
  }
}
