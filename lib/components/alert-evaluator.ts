import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { Arch } from '../model/names';
import { ALERT_EVALUATOR_NAME, EVALUATOR_CONFIG_DIR, EVALUATOR_RULES_DIR, EVALUATOR_RULES_KEY } from './alert-evaluator-config';
import { configHash, HARDENED_CONTAINER, singlePodDeployment } from './alerting-pod';
import { commonLabels } from './labels';
import { PROMETHEUS_AGENT_NAME, PROMETHEUS_CONFIG_KEY, PROMETHEUS_PORT } from './prometheus-agent';

/** The evaluator's prometheus.yml and its rules. */
export const EVALUATOR_CONFIG_MAP = 'alert-evaluator-config';
const RULES_CONFIG_MAP = 'alert-evaluator-rules';
const TSDB_DIR = '/prometheus';

/** A Prometheus server holding a few hours of one site's series: the agent's figures, with room for a head block. */
export const ALERT_EVALUATOR_RESOURCES = {
  requests: { cpu: '50m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '384Mi' },
} as const;

export interface AlertEvaluatorProps {
  /** Prometheus image (3.x; 2.x takes the same server flags). */
  readonly image: string;
  readonly arches: readonly Arch[];
  readonly namespace: string;
  /** prometheus.yml as text. */
  readonly config: string;
  /** The rule file (rules.yaml) as text. */
  readonly rules: string;
  /** `--storage.tsdb.retention.time`. */
  readonly retention: string;
}

/**
 * The site's rule evaluator: Prometheus in server mode, scraping what the
 * agent scrapes, keeping a few hours in a TSDB on an emptyDir (a restart
 * only resets pending `for` timers) and sending alerts to the local
 * Alertmanager. It never remote-writes. Config and rules are ConfigMaps of
 * its own base, hashed onto the pod template; the config holds the site's
 * external labels, so the base is one site's (kept out of the cluster
 * directory, which stays small). It runs under the agent's
 * ServiceAccount, whose ClusterRole already grants the discovery and kubelet
 * reads the scrape jobs need.
 */
export class AlertEvaluator extends Construct {
  constructor(scope: Construct, id: string, props: AlertEvaluatorProps) {
    super(scope, id);
    const name = ALERT_EVALUATOR_NAME;
    const labels = commonLabels(name);
    new ApiObject(this, 'Config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: EVALUATOR_CONFIG_MAP, namespace: props.namespace, labels },
      data: { [PROMETHEUS_CONFIG_KEY]: props.config },
    });
    new ApiObject(this, 'Rules', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: RULES_CONFIG_MAP, namespace: props.namespace, labels },
      data: { [EVALUATOR_RULES_KEY]: props.rules },
    });
    new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: props.namespace, labels },
      spec: singlePodDeployment(name, labels, props.arches, configHash(props.config, props.rules), {
        serviceAccountName: PROMETHEUS_AGENT_NAME,
        containers: [
          {
            name: 'prometheus',
            image: props.image,
            ...HARDENED_CONTAINER,
            // Server-mode flags that Prometheus 2.x and 3.x both take.
            args: [
              `--config.file=${EVALUATOR_CONFIG_DIR}/${PROMETHEUS_CONFIG_KEY}`,
              `--storage.tsdb.path=${TSDB_DIR}`,
              `--storage.tsdb.retention.time=${props.retention}`,
              '--storage.tsdb.retention.size=400MB',
              `--web.listen-address=:${PROMETHEUS_PORT}`,
            ],
            ports: [{ name: 'http', containerPort: PROMETHEUS_PORT, protocol: 'TCP' }],
            readinessProbe: { httpGet: { path: '/-/ready', port: 'http' }, periodSeconds: 10 },
            livenessProbe: { httpGet: { path: '/-/healthy', port: 'http' }, periodSeconds: 30, failureThreshold: 5 },
            resources: ALERT_EVALUATOR_RESOURCES,
            volumeMounts: [
              { name: 'config', mountPath: EVALUATOR_CONFIG_DIR, readOnly: true },
              { name: 'rules', mountPath: EVALUATOR_RULES_DIR, readOnly: true },
              { name: 'tsdb', mountPath: TSDB_DIR },
            ],
          },
        ],
        volumes: [
          { name: 'config', configMap: { name: EVALUATOR_CONFIG_MAP } },
          { name: 'rules', configMap: { name: RULES_CONFIG_MAP } },
          { name: 'tsdb', emptyDir: { sizeLimit: '512Mi' } },
        ],
      }),
    });
  }
}
