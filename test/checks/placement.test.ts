import {
  DeviceClass,
  EdgeApp,
  EdgeAppProps,
  EdgeSite,
  Fleet,
  FleetProps,
  formatProblem,
  FleetValidationError,
  ImageLockData,
  RegionalTier,
} from '../../lib';
import { checkPlacement } from '../../lib/checks/placement';
import { resolveFleet } from '../../lib/model/resolve';
import { buildTree } from '../../lib/synth/tree-build';
import { fleet as sitesFleet } from '../../sites/fleet';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const PLATFORM_LOCK: ImageLockData['images'] = Object.fromEntries(
  Object.entries(sitesFleet.resolved!.imageLock!.images).filter(
    ([image]) => image.includes('/prometheus/') || image.includes('/grafana/') || image.includes('/nvidia/'),
  ),
);

interface Case {
  readonly fleet?: Partial<FleetProps>;
  readonly site?: Record<string, unknown>;
  readonly app?: Partial<EdgeAppProps>;
  /** Device classes of the site's nodes. @default ["pi"] */
  readonly nodes?: ('pi' | 'armv7' | 'jetson')[];
}

/** A one-site fleet with a locked app, varied per test. */
function fleetOf(c: Case = {}): Fleet {
  const fleet = new Fleet(undefined, 'acme', {
    gitops: { repoUrl: 'https://git.example.com/fleet.git' },
    hub: { metricsUrl: 'https://hub.example.com/api/v1/write', logsUrl: 'https://hub.example.com/loki/api/v1/push' },
    apiServerCidrs: ['10.0.0.10/32'],
    nodeCidrs: ['10.0.0.0/24'],
    imageLock: {
      images: { ...PLATFORM_LOCK, 'ghcr.io/acme/pos:1.0.0': { digest: DIGEST, platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'] } },
    },
    ...c.fleet,
  });
  const classes = {
    pi: new DeviceClass(fleet, 'rpi4', { arch: 'arm64', cpu: '4', memory: '4Gi' }),
    armv7: new DeviceClass(fleet, 'armv7-1g', { arch: 'arm', cpu: '4', memory: '1Gi' }),
    jetson: new DeviceClass(fleet, 'jetson', { arch: 'arm64', cpu: '6', memory: '8Gi', gpu: { vendor: 'nvidia' } }),
  };
  const app = new EdgeApp(fleet, 'pos', { image: 'ghcr.io/acme/pos:1.0.0', requests: { cpu: '100m', memory: '64Mi' }, ...c.app });
  const tier = new RegionalTier(fleet, 'eu');
  new EdgeSite(tier, 'paris-3', { nodes: (c.nodes ?? ['pi']).map((n) => ({ deviceClass: classes[n] })), apps: [app], ...c.site });
  return fleet;
}

function problemsOf(c: Case) {
  const fleet = fleetOf(c);
  const resolved = resolveFleet(fleet);
  expect(resolved.problems).toEqual([]);
  return checkPlacement(resolved, { requireLockedImages: fleet.resolved?.requireLockedImages });
}

describe('checkPlacement', () => {
  it('passes the example fleet and a valid one-site fleet', () => {
    expect(checkPlacement(resolveFleet(sitesFleet))).toEqual([]);
    expect(problemsOf({})).toEqual([]);
  });

  it('reports a GPU app on a site without a GPU device class of its vendor, naming app and site', () => {
    const problems = problemsOf({ app: { gpu: { vendor: 'nvidia' } } });
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'paris-3',
        field: 'apps[pos].gpu',
        message: expect.stringMatching(/app pos needs 1 nvidia\.com\/gpu.*\(rpi4\) has a nvidia GPU/),
      }),
    ]);
    expect(problemsOf({ app: { gpu: { vendor: 'nvidia' } }, nodes: ['pi', 'jetson'] })).toEqual([]);
    expect(problemsOf({ app: { gpu: { vendor: 'amd' } }, nodes: ['jetson'] })).toHaveLength(1);
  });

  it('reports Alloy on a site with 32-bit arm nodes, and accepts Promtail there', () => {
    const problems = problemsOf({ site: { logShipper: 'alloy' }, nodes: ['pi', 'armv7'] });
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'paris-3',
        field: 'logShipper',
        message: expect.stringContaining('no image for arm (nodes of armv7-1g)'),
        hint: expect.stringContaining('promtail'),
      }),
    ]);
    expect(problemsOf({ nodes: ['pi', 'armv7'] })).toEqual([]);
    expect(problemsOf({ site: { logShipper: 'alloy' } })).toEqual([]);
  });

  it('knows Alloy has no arm image even without a lock', () => {
    const problems = problemsOf({
      fleet: { imageLock: undefined },
      app: { arches: ['arm'] },
      site: { logShipper: 'alloy' },
      nodes: ['armv7'],
    });
    expect(problems).toEqual([expect.objectContaining({ field: 'logShipper', message: expect.stringContaining('no image for arm') })]);
  });

  it.each(['ghcr.io/acme/pos:latest', 'ghcr.io/acme/pos'])('reports the floating image %s naming app and site', (image) => {
    const problems = problemsOf({ app: { image, arches: ['arm64'] } });
    expect(problems).toEqual([
      expect.objectContaining({
        site: 'paris-3',
        field: 'apps[pos].image',
        message: `image "${image}" of app pos has no tag or uses :latest`,
      }),
    ]);
    expect(formatProblem(problems[0])).toMatch(/^site paris-3 \(acme\/eu\/paris-3\): apps\[pos\]\.image: /);
  });

  it('reports an image missing from the lock when the lock is required, and not when it is not', () => {
    const app = { image: 'ghcr.io/acme/pos:1.0.1', arches: ['arm64' as const] };
    expect(problemsOf({ app })).toEqual([
      expect.objectContaining({
        site: 'paris-3',
        field: 'apps[pos].image',
        message: 'image "ghcr.io/acme/pos:1.0.1" of app pos is not in the image lock',
      }),
    ]);
    expect(problemsOf({ app, fleet: { requireLockedImages: false } })).toEqual([]);
  });

  it('checks platform images against the lock and the Prometheus major version', () => {
    const unlocked = problemsOf({ site: { platformImages: { prometheus: 'quay.io/prometheus/prometheus:v3.6.0' } } });
    expect(unlocked).toEqual([
      expect.objectContaining({
        field: 'platformImages.prometheus',
        message: expect.stringContaining('of the Prometheus agent is not in the image lock'),
      }),
    ]);
    const old = problemsOf({
      site: { platformImages: { prometheus: 'quay.io/prometheus/prometheus:v2.55.1' } },
      fleet: { requireLockedImages: false },
    });
    expect(old).toEqual([expect.objectContaining({ field: 'platformImages.prometheus', message: expect.stringContaining('needs 3.x') })]);
    const floating = problemsOf({ site: { platformImages: { promtail: 'docker.io/grafana/promtail:latest' } } });
    expect(floating).toEqual([
      expect.objectContaining({ field: 'platformImages.promtail', message: expect.stringContaining('has no tag or uses :latest') }),
    ]);
  });

  it('reports a Prometheus image with none of the site arches', () => {
    const lock = {
      images: {
        ...PLATFORM_LOCK,
        'ghcr.io/acme/pos:1.0.0': { digest: DIGEST, platforms: ['linux/arm64'] },
        'example.com/prom:v3.0.0': { digest: DIGEST, platforms: ['linux/amd64'] },
      },
    };
    const problems = problemsOf({ fleet: { imageLock: lock }, site: { platformImages: { prometheus: 'example.com/prom:v3.0.0' } } });
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'platformImages.prometheus',
        message: expect.stringContaining("supports amd64, but the site's nodes are arm64"),
      }),
    ]);
  });

  it('fails the synth with every placement problem at once', () => {
    const fleet = fleetOf({
      app: { image: 'ghcr.io/acme/pos:latest', arches: ['arm64'], gpu: { vendor: 'nvidia' } },
      site: { logShipper: 'alloy' },
      nodes: ['armv7'],
    });
    let error: unknown;
    try {
      buildTree(fleet, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FleetValidationError);
    const fields = (error as FleetValidationError).problems.map((p) => p.field).sort();
    // The resolve problem (the app's arch on an armv7-only site) comes with them.
    expect(fields).toEqual(['apps.0', 'apps[pos].gpu', 'apps[pos].image', 'logShipper']);
  });
});
