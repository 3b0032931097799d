import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { LABELS } from '../model/label-keys';
import type { Arch } from '../model/names';
import { configHash, HARDENED_CONTAINER, singlePodDeployment } from './alerting-pod';
import { commonLabels } from './labels';

/** Name of the Alertmanager's objects (Service included) and its selector label. */
export const ALERTMANAGER_NAME = 'alertmanager';
/** Alertmanager's API port. */
export const ALERTMANAGER_PORT = 9093;
const CONFIG_KEY = 'alertmanager.yml';
const CONFIG_DIR = '/etc/alertmanager';
const DATA_DIR = '/alertmanager';

/** Sized for a handful of alerts: Alertmanager 0.2x idles at about 20 MiB. */
export const ALERTMANAGER_RESOURCES = {
  requests: { cpu: '10m', memory: '32Mi' },
  limits: { cpu: '100m', memory: '96Mi' },
} as const;

export interface AlertmanagerProps {
  /** Alertmanager image (0.2x). */
  readonly image: string;
  /** Arches the pod may run on: required node affinity on `kubernetes.io/arch`. */
  readonly arches: readonly Arch[];
  readonly namespace: string;
  /** alertmanager.yml as text. */
  readonly config: string;
  /** Size of the volume holding silences and the notification log. @default "128Mi" */
  readonly volumeSize?: string;
}

/**
 * One Alertmanager for the site: silences and the notification log live on
 * a PersistentVolumeClaim (`--storage.path`), so they survive restarts; no
 * cluster gossip (`--cluster.listen-address=` empty: one replica). Its config
 * is a ConfigMap in the same shared base, hashed onto the pod template.
 */
export class Alertmanager extends Construct {
  constructor(scope: Construct, id: string, props: AlertmanagerProps) {
    super(scope, id);
    const name = ALERTMANAGER_NAME;
    const labels = commonLabels(name);
    const metadata = { name, namespace: props.namespace, labels };
    new ApiObject(this, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { [CONFIG_KEY]: props.config } });
    new ApiObject(this, 'Volume', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata,
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: props.volumeSize ?? '128Mi' } } },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: {
        selector: { [LABELS.name]: name },
        ports: [{ name: 'http', port: ALERTMANAGER_PORT, targetPort: ALERTMANAGER_PORT, protocol: 'TCP' }],
      },
    });
    new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: singlePodDeployment(name, labels, props.arches, configHash(props.config), {
        automountServiceAccountToken: false,
        containers: [
          {
            name,
            image: props.image,
            ...HARDENED_CONTAINER,
            args: [
              `--config.file=${CONFIG_DIR}/${CONFIG_KEY}`,
              `--storage.path=${DATA_DIR}`,
              `--web.listen-address=:${ALERTMANAGER_PORT}`,
              '--cluster.listen-address=',
            ],
            ports: [{ name: 'http', containerPort: ALERTMANAGER_PORT, protocol: 'TCP' }],
            readinessProbe: { httpGet: { path: '/-/ready', port: 'http' }, periodSeconds: 10 },
            livenessProbe: { httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 30, failureThreshold: 5 },
            resources: ALERTMANAGER_RESOURCES,
            volumeMounts: [
              { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
              { name: 'data', mountPath: DATA_DIR },
            ],
          },
        ],
        volumes: [
          { name: 'config', configMap: { name } },
          { name: 'data', persistentVolumeClaim: { claimName: name } },
        ],
      }),
    });
  }
}
