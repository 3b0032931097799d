import type { ResolvedApp } from '../model/resolved-app';
import type { ResolvedSite } from '../model/resolved-site';
import { RenderUnit, unit } from './render-unit';

/** Name of an app's config ConfigMap as its Deployment references it (Kustomize appends the content hash). */
export function appConfigMapName(app: ResolvedApp): string | undefined {
  return Object.keys(app.configFiles).length > 0 ? `${app.name}-config` : undefined;
}

/**
 * An app's `configFiles` as a ConfigMap Kustomize generates in the cluster
 * directory, as the platform's own configs are: its name gets a hash of the
 * content and Kustomize rewrites the reference in the shared Deployment, so
 * a config change rolls the pods. Undefined when the app has no config files.
 */
export function appConfigUnit(app: ResolvedApp, site: ResolvedSite): RenderUnit | undefined {
  const name = appConfigMapName(app);
  if (!name) return undefined;
  const namespace = site.settings.namespaces.apps;
  return unit({
    name: `app-${app.name}-config`,
    placement: 'cluster',
    namespace,
    input: app.configFiles,
    render: () => undefined,
    configMaps: (files) => [{ name, namespace, files }],
  });
}
