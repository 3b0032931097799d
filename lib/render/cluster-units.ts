import { ManagedNamespaces } from '../components/managed-namespaces';
import type { ResolvedSite } from '../model/resolved-site';
import { appConfigUnit } from './app-config-unit';
import { alertingUnits } from './alerting-units';
import { appUnit } from './app-unit';
import { gpuUnits } from './gpu-units';
import { loggingUnits } from './logging-units';
import { metricsUnits } from './metrics-units';
import { networkUnits } from './network-units';
import type { RenderContext } from './render-context';
import { RenderUnit, unit } from './render-unit';

/** Every unit of one cluster, in a fixed order. */
export function clusterUnits(site: ResolvedSite, context: RenderContext): RenderUnit[] {
  const { namespaces } = site.settings;
  const units: RenderUnit[] = [
    unit({
      name: 'namespaces',
      placement: 'shared',
      input: { names: [namespaces.platform, namespaces.apps] },
      render: (chart, props) => new ManagedNamespaces(chart, 'Namespaces', props),
    }),
  ];
  units.push(...metricsUnits(site, context));
  units.push(...loggingUnits(site, context));
  units.push(...gpuUnits(site, context));
  units.push(...alertingUnits(site, context));
  units.push(...networkUnits(site));
  for (const app of site.apps) {
    units.push(appUnit(app, site, context.imageLock, context.pinDigests));
    const config = appConfigUnit(app, site);
    if (config) units.push(config);
    const hook = context.hooks.get(app.name);
    if (hook) {
      // A copy: sites share the objects of their apps and inherited settings (resolve.ts), which a hook changing its argument would change for every site.
      units.push(
        unit({
          name: `hook-${app.name}`,
          placement: 'cluster',
          namespace: namespaces.apps,
          input: site,
          render: (chart, s) => hook(chart, structuredClone(s)),
          hookOf: app.name,
        }),
      );
    }
  }
  return units;
}
