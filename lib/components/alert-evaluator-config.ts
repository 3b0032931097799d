import { prometheusConfig, PrometheusConfigProps } from './prometheus-config';
import { ALERTMANAGER_NAME, ALERTMANAGER_PORT } from './alertmanager';
import { PROMETHEUS_AGENT_NAME } from './prometheus-agent';

/** Name of the evaluator's objects and its selector label. */
export const ALERT_EVALUATOR_NAME = 'alert-evaluator';

/** Directory of the evaluator's prometheus.yml and rules.yaml (one ConfigMap each). */
export const EVALUATOR_CONFIG_DIR = '/etc/prometheus';
export const EVALUATOR_RULES_DIR = '/etc/prometheus-rules';
/** Key of the rule file in its ConfigMap. */
export const EVALUATOR_RULES_KEY = 'rules.yaml';

export interface AlertEvaluatorConfigProps extends PrometheusConfigProps {
  /** How often rules are evaluated (Prometheus duration). */
  readonly evaluationInterval: string;
  /** Namespace of the Alertmanager Service. */
  readonly namespace: string;
}

/**
 * prometheus.yml of the site's rule evaluator (Prometheus in server mode):
 * the agent's scrape jobs and external labels, so alerts carry `cluster`,
 * `site` and `tier`, plus `rule_files` and the local Alertmanager. It has no
 * `remote_write`: the agent alone delivers metrics to the hub, so delivery
 * stays as it is. Alerts go to the local Alertmanager only; it forwards them
 * to the hub, so a hub that cannot be reached never delays a local alert.
 */
export function alertEvaluatorConfig(props: AlertEvaluatorConfigProps): Record<string, unknown> {
  const { global, scrape_configs: scrapeConfigs } = prometheusConfig(props);
  // The agent's self-scrape job would name the evaluator "prometheus-agent"; it scrapes itself under its own name.
  const jobs = (scrapeConfigs as Record<string, unknown>[]).map((j) =>
    j.job_name === PROMETHEUS_AGENT_NAME ? { ...j, job_name: ALERT_EVALUATOR_NAME } : j,
  );
  return {
    global: { ...(global as Record<string, unknown>), evaluation_interval: props.evaluationInterval },
    scrape_configs: jobs,
    rule_files: [`${EVALUATOR_RULES_DIR}/${EVALUATOR_RULES_KEY}`],
    alerting: {
      alertmanagers: [
        {
          api_version: 'v2',
          timeout: '10s',
          static_configs: [{ targets: [`${ALERTMANAGER_NAME}.${props.namespace}.svc:${ALERTMANAGER_PORT}`] }],
        },
      ],
    },
  };
}
