import { DeviceClass, EdgeApp, EdgeSite, formatProblem, RegionalTier } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import type { Problem } from '../../lib';
import { smallFleet } from '../support/small-fleet';

function problemsOf(build: (f: ReturnType<typeof smallFleet>) => void): Problem[] {
  const f = smallFleet();
  build(f);
  return [...resolveFleet(f.fleet).problems];
}

describe('resolveFleet rejects bad input, naming construct path and field', () => {
  test('duplicate cluster names', () => {
    const problems = problemsOf((f) => {
      const other = new RegionalTier(f.fleet, 'us');
      new EdgeSite(other, 'shop-1', { nodes: [{ deviceClass: f.pi }] });
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'test/eu/shop-1',
          site: 'shop-1',
          field: 'clusterName',
          message: expect.stringContaining('test/us/shop-1'),
        }),
        expect.objectContaining({ path: 'test/us/shop-1', field: 'clusterName' }),
      ]),
    );
  });

  test('a name that is not a DNS-1123 label', () => {
    const problems = problemsOf((f) => new EdgeSite(f.tier, 'Shop_7', { nodes: [{ deviceClass: f.pi }] }));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'test/eu/Shop_7', site: 'Shop_7', field: 'id', message: expect.stringContaining('DNS-1123') }),
    ]);
    expect(formatProblem(problems[0])).toMatch(/^site Shop_7 \(test\/eu\/Shop_7\): id: .*DNS-1123.*Hint: /);
  });

  test('an unknown arch', () => {
    const problems = problemsOf((f) => new DeviceClass(f.fleet, 'riscv-board', { arch: 'riscv64' as never, cpu: '4', memory: '2Gi' }));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'test/riscv-board', field: 'arch', message: expect.stringContaining('unknown arch "riscv64"') }),
    ]);
  });

  test('zero or negative resources', () => {
    const problems = problemsOf((f) => {
      new DeviceClass(f.fleet, 'zero-cpu', { arch: 'arm64', cpu: '0', memory: '1Gi' });
      new EdgeApp(f.fleet, 'hungry', { image: 'ghcr.io/x/hungry:1.0', arches: ['arm64'], requests: { cpu: '100m', memory: '-5Mi' } });
    });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'test/zero-cpu', field: 'cpu', message: expect.stringContaining('greater than zero') }),
      expect.objectContaining({ path: 'test/hungry', field: 'requests.memory', message: expect.stringContaining('not a quantity') }),
    ]);
  });

  test('a site with no nodes', () => {
    const problems = problemsOf((f) => new EdgeSite(f.tier, 'empty-shop', { nodes: [] }));
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'empty-shop',
        path: 'test/eu/empty-shop',
        field: 'nodes',
        message: 'a site needs at least one node',
      }),
    ]);
  });

  test("an app none of whose arches the site's nodes have", () => {
    const problems = problemsOf((f) => new EdgeSite(f.tier, 'pi-only', { nodes: [{ deviceClass: f.pi }], apps: [f.worker] }));
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'pi-only',
        field: 'apps.0',
        message: "app worker supports amd64, but the site's nodes are arm64",
        hint: expect.any(String),
      }),
    ]);
  });

  // Issue 10 item 5: before nodeCidrs, a multi-node site resolved silently with one scrapeable kubelet.
  test('a multi-node site without addresses for every kubelet (nodeCidrs)', () => {
    const problems = problemsOf((f) => {
      new EdgeSite(f.tier, 'wind-3', { nodes: [{ deviceClass: f.pi, count: 3 }], nodeCidrs: [] });
      new EdgeSite(f.tier, 'wind-4', { nodes: [{ deviceClass: f.pi, count: 3 }], nodeCidrs: ['10.0.0.11/32'] });
      new EdgeSite(f.tier, 'wind-5', { nodes: [{ deviceClass: f.pi, count: 3 }], nodeCidrs: ['10.0.0.8/30'] });
    });
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'wind-3',
        path: 'test/eu/wind-3',
        field: 'nodeCidrs',
        message: 'the site has 3 nodes but no nodeCidrs: the Prometheus agent could not reach every kubelet',
        hint: expect.stringContaining('set nodeCidrs on the site'),
      }),
      expect.objectContaining({
        site: 'wind-4',
        field: 'nodeCidrs',
        message: expect.stringContaining('the site has 3 nodes but nodeCidrs and apiServerCidrs that cover only 2 addresses'),
      }),
    ]);
    expect(formatProblem(problems[0])).toMatch(/^site wind-3 \(test\/eu\/wind-3\): nodeCidrs: .*Hint: set nodeCidrs/);
  });

  test('every problem of the fleet is reported at once', () => {
    const problems = problemsOf((f) => {
      new EdgeSite(f.tier, 'Bad_Name', { nodes: [{ deviceClass: f.pi }] });
      new EdgeSite(f.tier, 'no-nodes', { nodes: [] });
      new DeviceClass(f.fleet, 'bad-arch', { arch: 'mips' as never, cpu: '1', memory: '1Gi' });
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['test/bad-arch', 'test/eu/Bad_Name', 'test/eu/no-nodes']);
  });

  test('a required setting missing everywhere is named with its field', () => {
    const f = smallFleet();
    const tier = new RegionalTier(f.fleet, 'apac', { hub: { logsUrl: 'https://logs.example.com/wrong' } });
    new EdgeSite(tier, 'tokyo', { nodes: [{ deviceClass: f.pi }] });
    const problems = resolveFleet(f.fleet).problems;
    expect(problems).toEqual([expect.objectContaining({ site: 'tokyo', field: 'hub.logsUrl', message: 'must end in /loki/api/v1/push' })]);
  });
});

describe('resolveFleet merges settings fleet > tiers (outside in) > site', () => {
  test('the innermost setting wins and labels merge key by key', () => {
    const f = smallFleet({ sites: 0 });
    const outer = new RegionalTier(f.fleet, 'emea', {
      connectivity: 'intermittent',
      labels: { a: 'outer', b: 'outer' },
      region: 'eu-central',
    });
    const inner = new RegionalTier(outer, 'nordics', { labels: { b: 'inner' }, wave: 'wave-2' });
    new EdgeSite(inner, 'oslo', { nodes: [{ deviceClass: f.pi, count: 2 }], labels: { c: 'site' }, connectivity: 'rarely-connected' });
    const { sites, problems } = resolveFleet(f.fleet);
    expect(problems).toEqual([]);
    const oslo = sites.find((s) => s.cluster === 'oslo')!;
    expect(oslo.settings.connectivity).toBe('rarely-connected');
    expect(oslo.settings.wave).toBe('wave-2');
    expect(oslo.settings.labels).toEqual({ a: 'outer', b: 'inner', c: 'site' });
    expect(oslo.tierPath).toEqual(['emea', 'nordics']);
    expect(oslo.region).toBe('eu-central');
    expect(oslo.nodes).toEqual([
      { deviceClass: expect.objectContaining({ name: 'pi', arch: 'arm64', cpuMillis: 4000, memoryMiB: 4096 }), count: 2 },
    ]);
    expect(JSON.parse(JSON.stringify(oslo))).toEqual(oslo);
  });
});
