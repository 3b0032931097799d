import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { fluxSyncObjects } from '../lib/layout/flux-sync';
import type { ResolvedSite } from '../lib/model/resolved-site';
import { clusterUnits } from '../lib/render/cluster-units';
import type { RenderContext } from '../lib/render/render-context';

/**
 * The plain-cdk8s way to do what edgefleet does: one App, one Chart per
 * cluster holding every unit's constructs, the generated ConfigMaps and the
 * Flux sync objects, written by App.synth() into `outDir`.
 */
export function plainCdk8sSynth(sites: readonly ResolvedSite[], context: RenderContext, outDir: string): void {
  const app = new App({ outdir: outDir });
  for (const site of sites) {
    const chart = new Chart(app, site.cluster, { namespace: site.settings.namespaces.platform, disableResourceNameHashes: true });
    for (const unit of clusterUnits(site, context)) {
      // A scope per unit keeps construct ids unique; components find the cluster's chart through Chart.of.
      unit.render(new Construct(chart, unit.name) as unknown as Chart, unit.input);
      for (const cm of unit.configMaps?.(unit.input) ?? []) {
        new ApiObject(chart, `${unit.name}-${cm.name}`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: cm.name, namespace: cm.namespace },
          data: { ...cm.files },
        });
      }
    }
    fluxSyncObjects(site).forEach((o, i) => new ApiObject(chart, `flux-${i}`, o));
  }
  app.synth();
}
