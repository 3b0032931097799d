import { ALERT_EVALUATOR_NAME, alertEvaluatorConfig, AlertEvaluatorConfigProps } from '../components/alert-evaluator-config';
import { AlertEvaluator, AlertEvaluatorProps } from '../components/alert-evaluator';
import { AlertRuleGroup, namedRules, nodeRules, ruleFile } from '../components/alert-rules';
import { Alertmanager, ALERTMANAGER_NAME, AlertmanagerProps } from '../components/alertmanager';
import { alertmanagerConfig, AlertmanagerConfigProps } from '../components/alertmanager-config';
import { ARCHES } from '../model/names';
import type { ResolvedSite } from '../model/resolved-site';
import { imageRef } from './app-unit';
import type { RenderContext } from './render-context';
import { platformImageArches } from './image-arches';
import { prometheusConfigProps } from './metrics-units';
import { RenderUnit, unit } from './render-unit';
import { toYaml } from '../util/yaml';

/** The URL of a critical webhook: the app's Service in the apps namespace. */
export function criticalWebhookUrl(site: ResolvedSite, hook: ResolvedSite['settings']['alerting']['criticalWebhooks'][number]): string {
  return `http://${hook.app}.${site.settings.namespaces.apps}.svc:${hook.port}${hook.path}`;
}

/** The site's rule groups: the built-in node rules, the settings' rules, then each app's; disabled ones left out. */
export function siteRuleGroups(site: ResolvedSite): AlertRuleGroup[] {
  const { rules, disabledRules } = site.settings.alerting;
  const enabled = <T extends { alert: string }>(list: T[]) => list.filter((r) => !disabledRules.includes(r.alert));
  return [
    { name: 'edgefleet-node', rules: enabled(nodeRules()) },
    { name: 'site', rules: enabled(namedRules(rules)) },
    ...site.apps.map((app) => ({
      name: `app-${app.name}`,
      rules: enabled(namedRules(app.alertRules)).map((r) => ({ ...r, labels: { ...r.labels, app: app.name } })),
    })),
  ];
}

/** Props of the Alertmanager config: the hub webhook and the site's critical receivers. */
export function alertmanagerConfigProps(site: ResolvedSite): AlertmanagerConfigProps {
  const { alerting } = site.settings;
  return {
    hubWebhookUrl: alerting.hubWebhookUrl!,
    criticalWebhooks: alerting.criticalWebhooks.map((h) => ({ url: criticalWebhookUrl(site, h) })),
  };
}

/** Evaluator prometheus.yml inputs: the agent's, plus the evaluation interval. */
export function alertEvaluatorConfigProps(site: ResolvedSite): AlertEvaluatorConfigProps {
  return {
    ...prometheusConfigProps(site),
    evaluationInterval: site.settings.alerting.evaluationInterval,
    namespace: site.settings.namespaces.platform,
  };
}

/**
 * Local alerting (`alerting.local`): the evaluator (workload, prometheus.yml
 * and rules) and the Alertmanager (workload and config), each one base.
 * None when off.
 */
export function alertingUnits(site: ResolvedSite, context: RenderContext): RenderUnit[] {
  const { settings } = site;
  if (!settings.alerting.local) return [];
  const namespace = settings.namespaces.platform;
  const prometheusImage = settings.platformImages.prometheus;
  const amImage = settings.platformImages.alertmanager;
  return [
    unit<AlertEvaluatorProps>({
      name: ALERT_EVALUATOR_NAME,
      placement: 'shared',
      input: {
        image: imageRef(prometheusImage, context.imageLock, context.pinDigests),
        arches: platformImageArches(prometheusImage, ARCHES, site, context.imageLock),
        namespace,
        config: toYaml(alertEvaluatorConfig(alertEvaluatorConfigProps(site))),
        rules: toYaml(ruleFile(siteRuleGroups(site))),
        retention: settings.alerting.retention,
      },
      render: (chart, props) => new AlertEvaluator(chart, 'AlertEvaluator', props),
    }),
    unit<AlertmanagerProps>({
      name: ALERTMANAGER_NAME,
      placement: 'shared',
      input: {
        image: imageRef(amImage, context.imageLock, context.pinDigests),
        // Alertmanager publishes amd64, arm64 and armv7 (its Makefile's DOCKER_ARCHS); the lock narrows it.
        arches: platformImageArches(amImage, ARCHES, site, context.imageLock),
        namespace,
        config: toYaml(alertmanagerConfig(alertmanagerConfigProps(site))),
      },
      render: (chart, props) => new Alertmanager(chart, 'Alertmanager', props),
    }),
  ];
}
