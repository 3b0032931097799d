import type { WorkloadPlacement } from '../components/edge-workload';
import type { ResolvedApp } from '../model/resolved-app';
import type { ResolvedSite } from '../model/resolved-site';

/**
 * Where an app's pods may run on one site: the site's device classes that
 * have the app's GPU vendor (GPU apps) and are in its `placement` (when
 * given); tolerating the taints of those GPU classes and the app's own
 * tolerations (which include its placement classes' taints).
 */
export function appPlacement(app: ResolvedApp, site: ResolvedSite): WorkloadPlacement {
  if (!app.gpu && !app.deviceClasses && app.tolerations.length === 0) return {};
  const classes = [...new Map(site.nodes.map((n) => [n.deviceClass.name, n.deviceClass])).values()].filter(
    (dc) => (!app.gpu || dc.gpu?.vendor === app.gpu.vendor) && (!app.deviceClasses || app.deviceClasses.includes(dc.name)),
  );
  const tolerations = [...(app.gpu ? classes.flatMap((dc) => dc.taints) : []), ...app.tolerations];
  const unique = [...new Map(tolerations.map((t) => [JSON.stringify([t.key, t.value, t.effect]), t])).values()];
  return {
    ...(app.gpu || app.deviceClasses ? { deviceClasses: classes.map((dc) => dc.name) } : {}),
    ...(unique.length > 0 ? { tolerations: unique } : {}),
  };
}
