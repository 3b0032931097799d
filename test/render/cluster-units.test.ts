import { App, Chart } from 'cdk8s';
import { EdgeApp, EdgeSite } from '../../lib';
import type { ResolvedSite } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import { clusterUnits } from '../../lib/render/cluster-units';
import { renderContextOf } from '../../lib/synth/tree-plan';
import { smallFleet } from '../support/small-fleet';

describe('clusterUnits', () => {
  test('a render hook gets a copy of its site: changing it changes no other site, though sites share settings objects', () => {
    const f = smallFleet({ sites: 1 });
    const hooked = new EdgeApp(f.fleet, 'hooked', {
      image: 'ghcr.io/example/hooked:1.0.0',
      arches: ['arm64'],
      requests: { cpu: '10m', memory: '16Mi' },
      renderHook: (_scope, site) => {
        (site.settings.hub.cidrs as string[]).push('192.0.2.0/24');
      },
    });
    for (const id of ['shop-8', 'shop-9']) new EdgeSite(f.tier, id, { nodes: [{ deviceClass: f.pi }], apps: [hooked] });
    const sites = resolveFleet(f.fleet).sites.filter((s) => s.cluster === 'shop-8' || s.cluster === 'shop-9');
    expect(sites[0].settings.hub).toBe(sites[1].settings.hub);
    const hook = clusterUnits(sites[0], renderContextOf(f.fleet)).find((u) => u.hookOf === 'hooked')!;
    hook.render(new Chart(new App(), 'shop-8'), hook.input as ResolvedSite);
    expect(sites[1].settings.hub.cidrs).toEqual(['198.51.100.0/24']);
    expect(sites[0].settings.hub.cidrs).toEqual(['198.51.100.0/24']);
  });
});
