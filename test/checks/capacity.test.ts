import { DeviceClass, EdgeApp, EdgeSite, Fleet, formatProblem, RegionalTier, TRIMMED_FLUX_COMPONENTS } from '../../lib';
import { checkCapacity, eligible } from '../../lib/checks/capacity';
import { resolveFleet } from '../../lib/model/resolve';
import type { ResolvedDeviceClass } from '../../lib/model/device-class';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import { renderContextOf } from '../../lib/synth/tree-plan';
import { clusterUnits } from '../../lib/render/cluster-units';
import { UnitRenderer } from '../../lib/render/unit-renderer';
import { fleet as sitesFleet } from '../../sites/fleet';

interface Case {
  /** Memory request of the app. @default "64Mi" */
  readonly appMemory?: string;
  readonly appCpu?: string;
  readonly replicas?: number;
  readonly nodes?: ('rpi4' | 'armv7')[];
  readonly site?: Record<string, unknown>;
}

function fleetOf(c: Case): Fleet {
  const fleet = new Fleet(undefined, 'acme', {
    gitops: { repoUrl: 'https://git.example.com/fleet.git' },
    hub: { metricsUrl: 'https://hub.example.com/api/v1/write', logsUrl: 'https://hub.example.com/loki/api/v1/push' },
    apiServerCidrs: ['10.0.0.10/32'],
    nodeCidrs: ['10.0.0.0/24'],
  });
  const classes = {
    rpi4: new DeviceClass(fleet, 'rpi4', { arch: 'arm64', cpu: '4', memory: '4Gi' }),
    armv7: new DeviceClass(fleet, 'armv7-1g', { arch: 'arm', cpu: '4', memory: '1Gi' }),
  };
  const app = new EdgeApp(fleet, 'pos', {
    image: 'ghcr.io/acme/pos:1.0.0',
    arches: ['arm64', 'arm'],
    replicas: c.replicas,
    requests: { cpu: c.appCpu ?? '100m', memory: c.appMemory ?? '64Mi' },
  });
  new EdgeSite(new RegionalTier(fleet, 'eu'), 'paris-3', {
    nodes: (c.nodes ?? ['rpi4']).map((n) => ({ deviceClass: classes[n] })),
    apps: [app],
    ...c.site,
  });
  return fleet;
}

function capacityOf(fleet: Fleet, site?: ResolvedSite) {
  const resolved = resolveFleet(fleet);
  expect(resolved.problems).toEqual([]);
  const target = site ?? resolved.sites[0];
  const renderer = new UnitRenderer();
  return checkCapacity(
    target,
    clusterUnits(target, renderContextOf(fleet)).map((u) => renderer.render(u)),
  );
}

describe('checkCapacity', () => {
  it('passes every site of the example fleet', () => {
    for (const site of resolveFleet(sitesFleet).sites) expect(capacityOf(sitesFleet, site)).toEqual([]);
  });

  it('fits the whole platform stack on one 1 GiB armv7 node (the smallest device class of sites/)', () => {
    expect(capacityOf(fleetOf({ nodes: ['armv7'], appMemory: '1Mi', appCpu: '1m' }))).toEqual([]);
  });

  it('reports memory requests above allocatable with the numbers', () => {
    // 4 GiB - 600 MiB server reserve = 3496 MiB allocatable; 3 x 1200 MiB of app alone is more.
    const problems = capacityOf(fleetOf({ appMemory: '1200Mi', replicas: 3 }));
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'paris-3',
        field: 'nodes (memory)',
        message: expect.stringMatching(/^requests 3\.\d GiB > allocatable 3\.4 GiB on 1 x rpi4$/),
      }),
    ]);
    expect(formatProblem(problems[0])).toMatch(
      /^site paris-3 \(acme\/eu\/paris-3\): nodes \(memory\): requests 3\.\d GiB > allocatable 3\.4 GiB on 1 x rpi4\./,
    );
  });

  it('subtracts the agent reserve on every node after the first, and takes reserve overrides', () => {
    // rpi4 + armv7: (4096 - 600) + (1024 - 256) = 4264 MiB.
    const two = capacityOf(fleetOf({ appMemory: '1500Mi', replicas: 3, nodes: ['rpi4', 'armv7'] }));
    expect(two).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/> allocatable 4\.2 GiB on 1 x rpi4 \+ 1 x armv7-1g$/) }),
    ]);
    const reserved = capacityOf(
      fleetOf({ appMemory: '1000Mi', replicas: 3, site: { systemReserve: { server: { cpu: '500m', memory: '1Gi' } } } }),
    );
    expect(reserved).toEqual([expect.objectContaining({ message: expect.stringContaining('> allocatable 3.0 GiB') })]);
  });

  it('reports CPU requests above allocatable', () => {
    const problems = capacityOf(fleetOf({ appCpu: '1', replicas: 4 }));
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'nodes (cpu)',
        message: expect.stringMatching(/^requests 4\d{3}m CPU > allocatable 3500m CPU on 1 x rpi4$/),
      }),
    ]);
  });

  it('reports a pod that fits on no single node, even when the site total fits', () => {
    // Two armv7 nodes: 424 + 768 MiB in total, but no single node has 800 MiB free
    // (two Flux controllers, so that the 1152 MiB total fits).
    const problems = capacityOf(
      fleetOf({ appMemory: '800Mi', nodes: ['armv7', 'armv7'], site: { gitopsAgent: { fluxComponents: TRIMMED_FLUX_COMPONENTS } } }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'paris-3',
        field: 'Deployment/pos.resources.requests',
        message: expect.stringContaining('fits on no single node it may run on (largest allocatable 768 MiB; nodes 2 x armv7-1g)'),
      }),
    ]);
  });

  // Issue 10 item 6: these fail on the code that did not count the GitOps agent.
  describe('counts the GitOps agent, installed outside the tree', () => {
    // The kiosk of sites/: one 1 GiB armv7 board (424 MiB allocatable) running
    // Prometheus (96Mi), Promtail (64Mi) and shelf-sensors (48Mi): 208 MiB.
    const kiosk = (site: Record<string, unknown> = {}) => capacityOf(fleetOf({ nodes: ['armv7'], appMemory: '48Mi', site }));

    it('the four controllers flux bootstrap installs (256Mi) push the 208 MiB stack over the 1 GiB board', () => {
      const problems = kiosk();
      expect(problems).toEqual([
        expect.objectContaining({
          site: 'paris-3',
          field: 'nodes (memory)',
          message: 'requests 464 MiB > allocatable 424 MiB on 1 x armv7-1g',
        }),
      ]);
      expect(problems[0].hint).toContain('the GitOps agent takes 256 MiB of it, or run only source-controller and kustomize-controller');
    });

    it('the trimmed set (source-controller and kustomize-controller, 128Mi) fits', () => {
      expect(kiosk({ gitopsAgent: { fluxComponents: TRIMMED_FLUX_COMPONENTS } })).toEqual([]);
    });

    it('the Fleet agent requests nothing upstream; a gitopsAgent.requests override is counted as one pod', () => {
      expect(kiosk({ gitops: { engine: 'fleet' } })).toEqual([]);
      const problems = kiosk({ gitops: { engine: 'fleet' }, gitopsAgent: { requests: { cpu: '100m', memory: '500Mi' } } });
      expect(problems.map((p) => p.field).sort()).toEqual(['gitopsAgent (fleet-agent)', 'nodes (memory)']);
      expect(problems.find((p) => p.field === 'gitopsAgent (fleet-agent)')!.message).toContain(
        'requests 500 MiB and 100m CPU, which fits on no untainted node',
      );
    });
  });
});

describe('eligible: required node affinity', () => {
  const pi: ResolvedDeviceClass = {
    name: 'rpi4',
    arch: 'arm64',
    cpuMillis: 4000,
    memoryMiB: 4096,
    nodeLabels: { cores: '4' },
    taints: [],
    diskMiB: 32768,
  };
  const affinity = (matchExpressions: { key: string; operator: string; values?: string[] }[]) => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } },
  });

  test('arch and device class as the nodes carry them', () => {
    expect(
      eligible(
        affinity([
          { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
          { key: 'edgefleet.io/device-class', operator: 'In', values: ['rpi4'] },
        ]),
        pi,
      ),
    ).toBe(true);
    expect(eligible(affinity([{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }]), pi)).toBe(false);
  });

  // Before lib/util/label-selector.ts an unknown operator matched every node, and Gt/Lt were not evaluated.
  test('a term with an unknown operator matches no node; Gt and Lt compare the label as an integer', () => {
    expect(eligible(affinity([{ key: 'kubernetes.io/arch', operator: 'Equals', values: ['arm64'] }]), pi)).toBe(false);
    expect(eligible(affinity([{ key: 'cores', operator: 'Gt', values: ['2'] }]), pi)).toBe(true);
    expect(eligible(affinity([{ key: 'cores', operator: 'Gt', values: ['8'] }]), pi)).toBe(false);
  });
});
