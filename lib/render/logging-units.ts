import { Alloy, ALLOY_CONFIG_FILE, ALLOY_CONFIG_MAP, ALLOY_NAME, AlloyProps } from '../components/alloy';
import { ALLOY_UPSTREAM_ARCHES } from '../model/settings';
import { alloyConfig } from '../components/alloy-config';
import {
  Promtail,
  PROMTAIL_CONFIG_FILE,
  PROMTAIL_CONFIG_MAP,
  PROMTAIL_NAME,
  PROMTAIL_UPSTREAM_ARCHES,
  PromtailProps,
} from '../components/promtail';
import { promtailConfig } from '../components/promtail-config';
import type { ResolvedSite } from '../model/resolved-site';
import { EXTERNAL_LABELS } from '../model/label-keys';
import { externalLabelsOf } from '../model/site-labels';
import { imageRef } from './app-unit';
import { platformImageArches } from './image-arches';
import type { RenderContext } from './render-context';
import { RenderUnit, unit } from './render-unit';
import { toYaml } from '../util/yaml';

/**
 * Static labels on every log line and metric of a cluster: the site's
 * `labels` first, then edgefleet's own, which win (settings refuse a label
 * that would take their name).
 */
export function siteExternalLabels(site: ResolvedSite): Record<string, string> {
  return {
    ...externalLabelsOf(site.settings.labels),
    [EXTERNAL_LABELS.cluster]: site.cluster,
    [EXTERNAL_LABELS.site]: site.path.slice(site.path.lastIndexOf('/') + 1),
    [EXTERNAL_LABELS.tier]: site.tierPath.join('/'),
    [EXTERNAL_LABELS.region]: site.region,
  };
}

/**
 * The log shipper of one cluster, as chosen by `logShipper`: a shared unit
 * with the DaemonSet and its RBAC (identical on every site with the same
 * image and arches), and a cluster unit whose only output is the
 * Kustomize-generated ConfigMap with the site's config file.
 */
export function loggingUnits(site: ResolvedSite, context: RenderContext): RenderUnit[] {
  const { settings } = site;
  const namespace = settings.namespaces.platform;
  const common = {
    pushUrl: settings.hub.logsUrl,
    tenant: settings.hub.tenant,
    externalLabels: siteExternalLabels(site),
    connectivity: settings.connectivity,
  };
  const configUnit = (name: string, file: string, text: string): RenderUnit =>
    unit({
      name,
      placement: 'cluster',
      namespace,
      input: text,
      render: () => undefined,
      configMaps: (t) => [{ name, namespace, files: { [file]: t } }],
    });

  if (settings.logShipper === 'alloy') {
    const image = settings.platformImages.alloy;
    const props: AlloyProps = {
      image: imageRef(image, context.imageLock, context.pinDigests),
      arches: platformImageArches(image, ALLOY_UPSTREAM_ARCHES, site, context.imageLock),
    };
    return [
      unit<AlloyProps>({
        name: ALLOY_NAME,
        placement: 'shared',
        namespace,
        input: props,
        render: (chart, p) => new Alloy(chart, 'Alloy', p),
      }),
      configUnit(ALLOY_CONFIG_MAP, ALLOY_CONFIG_FILE, alloyConfig(common)),
    ];
  }
  const image = settings.platformImages.promtail;
  const props: PromtailProps = {
    image: imageRef(image, context.imageLock, context.pinDigests),
    arches: platformImageArches(image, PROMTAIL_UPSTREAM_ARCHES, site, context.imageLock),
  };
  return [
    unit<PromtailProps>({
      name: PROMTAIL_NAME,
      placement: 'shared',
      namespace,
      input: props,
      render: (chart, p) => new Promtail(chart, 'Promtail', p),
    }),
    configUnit(PROMTAIL_CONFIG_MAP, PROMTAIL_CONFIG_FILE, toYaml(promtailConfig(common))),
  ];
}
