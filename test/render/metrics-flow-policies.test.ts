import { join } from 'node:path';
import { formatProblem } from '../../lib';
import { prometheusConfig } from '../../lib/components/prometheus-config';
import { SCRAPE_ANNOTATIONS } from '../../lib/model/label-keys';
import { checkNetworkPolicies } from '../../lib/checks/network-policy';
import { resolveFleet } from '../../lib/model/resolve';
import { synth } from '../../lib/synth/synth';
import { prometheusConfigProps } from '../../lib/render/metrics-units';
import type { KubeObject } from '../../lib/util/kube-object';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';

function built() {
  const f = smallFleet({
    sites: 1,
    web: {
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9102 },
      ],
      metrics: { port: 9102 },
    },
  });
  const out = tempDir('edgefleet-metrics-');
  synth(f.fleet, { outDir: out });
  return { site: resolveFleet(f.fleet).sites[0], objects: kustomizeObjects(join(out, 'clusters/shop-1')) as unknown as KubeObject[] };
}

describe('app metrics', () => {
  const { site, objects } = built();

  it('annotates the pods as the agent pods job reads them', () => {
    const template = (objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web')!.spec as any).template;
    expect(template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9102',
      'prometheus.io/path': '/metrics',
    });
    // Prometheus maps annotation names to __meta_kubernetes_pod_annotation_<name with [^a-zA-Z0-9_] as _>.
    const sources = JSON.stringify(prometheusConfig(prometheusConfigProps(site)));
    for (const name of Object.values(SCRAPE_ANNOTATIONS))
      expect(sources).toContain(`__meta_kubernetes_pod_annotation_${name.replace(/[^a-zA-Z0-9_]/g, '_')}`);
  });

  it('opens the agent to the metrics port at both ends, and only that port (network policy check proves the path)', () => {
    expect(checkNetworkPolicies(site, objects)).toEqual([]);
    const egress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'prometheus-app-metrics')!.spec as any;
    expect(egress.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-apps' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          },
        ],
        ports: [{ port: 9102, protocol: 'TCP' }],
      },
    ]);
    const ingress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'web-metrics')!.spec as any;
    expect(ingress.ingress[0].ports).toEqual([{ port: 9102, protocol: 'TCP' }]);
  });

  it('reports a missing end of the path, naming site and workload', () => {
    const withoutIngress = objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'web-metrics'));
    expect(checkNetworkPolicies(site, withoutIngress).map(formatProblem)).toEqual([
      expect.stringMatching(
        /^site shop-1 \(test\/eu\/shop-1\): Deployment\/edge-apps\/web: ingress of web from the Prometheus agent on its metrics port TCP 9102 is not allowed/,
      ),
    ]);
    const withoutEgress = objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'prometheus-app-metrics'));
    expect(checkNetworkPolicies(site, withoutEgress).map(formatProblem)).toEqual([
      expect.stringMatching(/egress of the Prometheus agent to the metrics of web on TCP 9102 is not allowed/),
    ]);
  });

  it('rejects a metrics port the app does not listen on, naming the field', () => {
    const f = smallFleet({ sites: 1, web: { metrics: { port: 9102 } } });
    expect(resolveFleet(f.fleet).problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^test\/web: metrics\.port: 9102\/TCP is not a port the app listens on \(its ports: 8080\/TCP\)/),
    ]);
  });
});
