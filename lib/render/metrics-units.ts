import { PROMETHEUS_CONFIG_KEY, PROMETHEUS_CONFIG_MAP, PrometheusAgent, PrometheusAgentProps } from '../components/prometheus-agent';
import { prometheusConfig, PrometheusConfigProps } from '../components/prometheus-config';
import { distributionProfile } from '../model/distribution';
import { metricsRetention } from '../model/metrics-settings';
import { ARCHES } from '../model/names';
import { EXTERNAL_LABELS } from '../model/label-keys';
import type { ResolvedSite } from '../model/resolved-site';
import { imageRef } from './app-unit';
import { siteExternalLabels } from './logging-units';
import { platformImageArches } from './image-arches';
import type { RenderContext } from './render-context';
import { RenderUnit, unit } from './render-unit';
import { toYaml } from '../util/yaml';

/** Props of the agent workload: the same on every site of the same retention, size, image and arches. */
export function prometheusAgentProps(site: ResolvedSite, context: RenderContext): PrometheusAgentProps {
  const image = site.settings.platformImages.prometheus;
  const { metrics } = site.settings;
  return {
    image: imageRef(image, context.imageLock, context.pinDigests),
    // Prometheus publishes every arch (armv7 too); the lock narrows it when the image is locked.
    arches: platformImageArches(image, ARCHES, site, context.imageLock),
    namespace: site.settings.namespaces.platform,
    retention: metricsRetention(site.settings),
    scrapeInterval: metrics.scrapeInterval,
    volumeSize: metrics.volumeSize,
    storageClass: metrics.storageClass,
  };
}

/** The cluster's prometheus.yml inputs: static external labels and the tier's hub. */
export function prometheusConfigProps(site: ResolvedSite): PrometheusConfigProps {
  const { settings } = site;
  return {
    externalLabels: {
      ...siteExternalLabels(site),
      [EXTERNAL_LABELS.deviceClasses]: [...new Set(site.nodes.map((n) => n.deviceClass.name))].sort().join(','),
    },
    podNamespaces: [settings.namespaces.platform, settings.namespaces.apps],
    scrapeInterval: settings.metrics.scrapeInterval,
    remoteWriteUrl: settings.hub.metricsUrl,
    tenant: settings.hub.tenant,
    queue: settings.metrics.queue,
    ...(distributionProfile(settings.distribution).kubeletReachable ? {} : { scrapeKubelets: false }),
  };
}

/**
 * The metrics units of a cluster: the Prometheus agent workload (shared) and
 * its per-cluster prometheus.yml, generated as a ConfigMap by Kustomize.
 */
export function metricsUnits(site: ResolvedSite, context: RenderContext): RenderUnit[] {
  const namespace = site.settings.namespaces.platform;
  return [
    unit<PrometheusAgentProps>({
      name: 'prometheus-agent',
      placement: 'shared',
      // No chart namespace: it would land on the cluster-scoped RBAC objects too; namespaced objects set their own.
      input: prometheusAgentProps(site, context),
      render: (chart, props) => new PrometheusAgent(chart, 'PrometheusAgent', props),
    }),
    unit<PrometheusConfigProps>({
      name: 'prometheus-agent-config',
      placement: 'cluster',
      namespace,
      input: prometheusConfigProps(site),
      render: () => undefined,
      configMaps: (props) => [
        { name: PROMETHEUS_CONFIG_MAP, namespace, files: { [PROMETHEUS_CONFIG_KEY]: toYaml(prometheusConfig(props)) } },
      ],
    }),
  ];
}
