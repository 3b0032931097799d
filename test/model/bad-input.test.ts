import { readdirSync } from 'node:fs';
import { EdgeApp, EdgeSite, formatProblem, FleetValidationError, synth } from '../../lib';
import type { Fleet, Problem } from '../../lib';
import { smallFleet, SmallFleet, SmallFleetOptions } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';

/*
 * The bad-input suite: each case is one mistake in the small fleet. Every one
 * must be refused by synth with a FleetValidationError holding exactly one
 * problem (no follow-on problems) that names the site (when it is one
 * site's), the construct path and the field, with a hint, and nothing may be
 * written.
 */

interface Expected {
  readonly path: string;
  readonly field: string;
  /** Cluster name, for problems of one site. */
  readonly site?: string;
  readonly message: RegExp;
}

type Case = [name: string, options: SmallFleetOptions, expected: Expected, extra?: (f: SmallFleet) => void];

const SITE = { path: 'test/eu/shop-1', site: 'shop-1' } as const;
const FLEET = { path: 'test' } as const;
const WEB = { path: 'test/web' } as const;
const PI = { path: 'test/pi' } as const;
const hub = {
  metricsUrl: 'https://hub.example.com/api/v1/write',
  logsUrl: 'https://hub.example.com/loki/api/v1/push',
  cidrs: ['198.51.100.0/24'],
};
const lock = (...images: string[]) => ({
  images: Object.fromEntries(
    images.map((image) => [image, { digest: `sha256:${'a'.repeat(64)}`, platforms: ['linux/amd64', 'linux/arm64'] }]),
  ),
});
const app = (f: SmallFleet, id: string, props: Partial<ConstructorParameters<typeof EdgeApp>[2]> = {}) =>
  new EdgeApp(f.fleet, id, {
    image: `ghcr.io/example/${id}:1.0.0`,
    arches: ['amd64', 'arm64'],
    requests: { cpu: '10m', memory: '16Mi' },
    ...props,
  });
const throwingHook = () => {
  throw new Error('boom');
};

const cases: Case[] = [
  // CIDRs, everywhere one is taken
  [
    'hub.cidrs mask above /32',
    { fleet: { hub: { ...hub, cidrs: ['198.51.100.0/33'] } } },
    { ...FLEET, field: 'hub.cidrs.0', message: /\/33, above \/32/ },
  ],
  [
    'hub.cidrs octet above 255',
    { fleet: { hub: { ...hub, cidrs: ['198.51.256.0/24'] } } },
    { ...FLEET, field: 'hub.cidrs.0', message: /octet 256, above 255/ },
  ],
  [
    'apiServerCidrs mask /40 on a site',
    { site: { apiServerCidrs: ['10.0.0.10/40'] } },
    { ...SITE, field: 'apiServerCidrs.0', message: /\/40, above \/32/ },
  ],
  [
    'apiServerCidrs octet 999 on a tier',
    { tier: { apiServerCidrs: ['10.0.999.10/32'] } },
    { path: 'test/eu', field: 'apiServerCidrs.0', message: /octet 999/ },
  ],
  ['apiServerCidrs empty', { site: { apiServerCidrs: [] } }, { ...SITE, field: 'apiServerCidrs', message: /1/ }],
  ['lanCidrs mask /33', { site: { lanCidrs: ['192.168.1.0/33'] } }, { ...SITE, field: 'lanCidrs.0', message: /\/33/ }],
  ['lanCidrs not a CIDR', { site: { lanCidrs: ['the shop LAN'] } }, { ...SITE, field: 'lanCidrs.0', message: /not an IPv4 CIDR/ }],
  ['lanCidrs without a mask', { site: { lanCidrs: ['192.168.1.0'] } }, { ...SITE, field: 'lanCidrs.0', message: /not an IPv4 CIDR/ }],
  [
    '10,000 lanCidrs',
    { site: { lanCidrs: Array.from({ length: 10_000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`) } },
    { ...SITE, field: 'lanCidrs', message: /256/ },
  ],
  [
    'egress cidr mask /33',
    { web: { egress: [{ cidr: '203.0.113.0/33', port: 443 }] } },
    { ...WEB, field: 'egress.0.cidr', message: /\/33/ },
  ],
  [
    'egress cidr octet 300',
    { web: { egress: [{ cidr: '300.0.113.0/24', port: 443 }] } },
    { ...WEB, field: 'egress.0.cidr', message: /octet 300/ },
  ],
  // requests and limits
  [
    'cpu limit below the request',
    { web: { limits: { cpu: '50m', memory: '64Mi' } } },
    { ...WEB, field: 'limits.cpu', message: /limit 50m is below the request 100m/ },
  ],
  [
    'memory limit below the request',
    { web: { limits: { cpu: '100m', memory: '32Mi' } } },
    { ...WEB, field: 'limits.memory', message: /below the request 64Mi/ },
  ],
  [
    'sidecar limit below its request',
    {
      web: {
        sidecars: [
          {
            name: 'proxy',
            image: 'ghcr.io/example/proxy:1.0.0',
            requests: { cpu: '10m', memory: '32Mi' },
            limits: { cpu: '10m', memory: '16Mi' },
          },
        ],
      },
    },
    { ...WEB, field: 'sidecars.0.limits.memory', message: /below the request/ },
  ],
  [
    'cpu request of zero',
    { web: { requests: { cpu: '0', memory: '64Mi' } } },
    { ...WEB, field: 'requests.cpu', message: /greater than zero/ },
  ],
  [
    'memory request that is no quantity',
    { web: { requests: { cpu: '100m', memory: 'lots' } } },
    { ...WEB, field: 'requests.memory', message: /not a quantity/ },
  ],
  [
    'cpu request of a million cores',
    { web: { requests: { cpu: '1000000', memory: '64Mi' } } },
    { ...WEB, field: 'requests.cpu', message: /above 1024 cores/ },
  ],
  [
    'memory request with 400 digits',
    { web: { requests: { cpu: '100m', memory: '9'.repeat(400) } } },
    { ...WEB, field: 'requests.memory', message: /above 64Ti/ },
  ],
  ['device class memory of 0Gi', { pi: { memory: '0Gi' } }, { ...PI, field: 'memory', message: /greater than zero/ }],
  ['device class cpu "four"', { pi: { cpu: 'four' } }, { ...PI, field: 'cpu', message: /not a quantity/ }],
  ['device class arch riscv64', { pi: { arch: 'riscv64' as never } }, { ...PI, field: 'arch', message: /unknown arch/ }],
  // metrics
  [
    'scrapeInterval 0s',
    { fleet: { metrics: { scrapeInterval: '0s' } } },
    { ...FLEET, field: 'metrics.scrapeInterval', message: /at least 1s/ },
  ],
  [
    'scrapeInterval 500ms',
    { site: { metrics: { scrapeInterval: '500ms' } } },
    { ...SITE, field: 'metrics.scrapeInterval', message: /at least 1s/ },
  ],
  [
    'scrapeInterval "often"',
    { fleet: { metrics: { scrapeInterval: 'often' } } },
    { ...FLEET, field: 'metrics.scrapeInterval', message: /Prometheus duration/ },
  ],
  [
    'retention of 99999y',
    { fleet: { metrics: { retention: '99999y' } } },
    { ...FLEET, field: 'metrics.retention', message: /at most 10y/ },
  ],
  [
    'volumeSize 0Gi',
    { fleet: { metrics: { volumeSize: '0Gi' } } },
    { ...FLEET, field: 'metrics.volumeSize', message: /greater than zero/ },
  ],
  [
    'minShards above maxShards',
    { fleet: { metrics: { queue: { minShards: 20 } } } },
    { ...SITE, field: 'metrics.queue.minShards', message: /minShards must be <= maxShards.*1 more site/ },
  ],
  [
    'maxBackoff below minBackoff',
    { tier: { metrics: { queue: { minBackoff: '5m' } } } },
    { ...SITE, field: 'metrics.queue.maxBackoff', message: /maxBackoff must be >= minBackoff/ },
  ],
  [
    'queue capacity of a billion',
    { fleet: { metrics: { queue: { capacity: 1e9 } } } },
    { ...FLEET, field: 'metrics.queue.capacity', message: /1000000/ },
  ],
  // GPUs
  [
    'more GPUs than a node has',
    { web: { gpu: { vendor: 'nvidia', count: 2 } }, pi: { gpu: { vendor: 'nvidia', count: 1 } } },
    { ...SITE, field: 'apps[web].gpu.count', message: /needs 2 nvidia.com\/gpu in one pod.*at most 1/ },
  ],
  [
    'a GPU app on a site without GPUs',
    { web: { gpu: { vendor: 'nvidia' } } },
    { ...SITE, field: 'apps[web].gpu', message: /no device class of the site/ },
  ],
  ['a GPU vendor that does not exist', { web: { gpu: { vendor: 'matrox' as never } } }, { ...WEB, field: 'gpu.vendor', message: /nvidia/ }],
  ['a GPU count of 64', { pi: { gpu: { vendor: 'nvidia', count: 64 } } }, { ...PI, field: 'gpu.count', message: /16/ }],
  ['a GPU count of 0', { web: { gpu: { vendor: 'nvidia', count: 0 } } }, { ...WEB, field: 'gpu.count', message: /0/ }],
  // the fleet id names objects
  ['a fleet id with upper case and "_"', { fleetId: 'Test_Fleet' }, { path: 'Test_Fleet', field: 'id', message: /DNS-1123/ }],
  ['a fleet id of 64 characters', { fleetId: 'f'.repeat(64) }, { path: 'f'.repeat(64), field: 'id', message: /63 characters/ }],
  // repoUrl as Flux takes it
  [
    'an scp-style repoUrl',
    { fleet: { gitops: { repoUrl: 'git@github.com:acme/fleet.git' } } },
    { ...FLEET, field: 'gitops.repoUrl', message: /http:\/\/, https:\/\/ or ssh:\/\// },
  ],
  [
    'an ftp repoUrl',
    { fleet: { gitops: { repoUrl: 'ftp://git.example.com/fleet.git' } } },
    { ...FLEET, field: 'gitops.repoUrl', message: /ssh:\/\// },
  ],
  [
    'a repoUrl without a scheme',
    { fleet: { gitops: { repoUrl: 'github.com/acme/fleet' } } },
    { ...FLEET, field: 'gitops.repoUrl', message: /ssh:\/\// },
  ],
  ['no repoUrl at all', { fleet: { gitops: {} } }, { ...SITE, field: 'gitops.repoUrl', message: /expected string/ }],
  // branch names (git check-ref-format)
  ...(
    [
      ['feature..x', /"\.\."/],
      ['release.lock', /\.lock/],
      ['my branch', /" "/],
      ['-main', /starts with "-"/],
      ['a//b', /empty path component/],
      ['main~1', /"~"/],
      ['.hidden', /starts with "\."/],
      ['main@{1}', /"@\{"/],
      ['main.', /ends with "\."/],
      ['', /is empty/],
      ['topic:x', /":"/],
    ] as const
  ).map(([branch, message]): Case => [
    `branch ${JSON.stringify(branch)}`,
    { fleet: { gitops: { repoUrl: 'https://git.example.com/fleet.git', branch } } },
    { ...FLEET, field: 'gitops.branch', message },
  ]),
  // pathPrefix
  [
    'pathPrefix with "./"',
    { fleet: { gitops: { repoUrl: 'https://git.example.com/fleet.git', pathPrefix: './out' } } },
    { ...FLEET, field: 'gitops.pathPrefix', message: /"\." or "\.\." components/ },
  ],
  [
    'pathPrefix with a trailing "/"',
    { tier: { gitops: { pathPrefix: 'out/' } } },
    { path: 'test/eu', field: 'gitops.pathPrefix', message: /trailing/ },
  ],
  [
    'pathPrefix with ".."',
    { site: { gitops: { pathPrefix: '../elsewhere' } } },
    { ...SITE, field: 'gitops.pathPrefix', message: /"\.\."/ },
  ],
  // flows
  [
    'talksTo a port the callee does not listen on',
    {},
    { path: 'test/caller', field: 'talksTo.0.port', message: /app web does not listen on 9090\/TCP \(its ports: 8080\/TCP\)/ },
    (f) => app(f, 'caller', { talksTo: [{ app: f.web, port: 9090 }] }),
  ],
  [
    'talksTo UDP on a TCP port',
    {},
    { path: 'test/caller', field: 'talksTo.0.port', message: /8080\/UDP/ },
    (f) => app(f, 'caller', { talksTo: [{ app: f.web, port: 8080, protocol: 'UDP' }] }),
  ],
  [
    'talksTo an app with no ports',
    {},
    { path: 'test/caller', field: 'talksTo.0.port', message: /it has no ports/ },
    (f) => app(f, 'caller', { talksTo: [{ app: f.worker, port: 80 }] }),
  ],
  [
    'talksTo an app the site does not run',
    {},
    { path: 'test/eu/lonely', site: 'lonely', field: 'apps (caller.talksTo)', message: /calls app web, which this site does not run/ },
    (f) =>
      new EdgeSite(f.tier, 'lonely', {
        nodes: [{ deviceClass: f.ipc }],
        apps: [app(f, 'caller', { talksTo: [{ app: f.web, port: 8080 }] })],
      }),
  ],
  [
    'lanIngress on a port the app does not listen on',
    { web: { lanIngress: [{ port: 9999 }] }, site: { lanCidrs: ['192.168.1.0/24'] } },
    { ...WEB, field: 'lanIngress.0.port', message: /9999\/TCP is not a port the app listens on/ },
  ],
  [
    'lanIngress without lanCidrs',
    { web: { lanIngress: [{ port: 8080 }] }, sites: 1 },
    { ...SITE, field: 'lanCidrs', message: /no lanCidrs/ },
  ],
  // apps on a site
  [
    'the same app listed twice on a site',
    { site: (p) => ({ apps: [p.web, p.worker, p.web] }) },
    { ...SITE, field: 'apps.2', message: /lists app web twice/ },
  ],
  // ports
  [
    'two ports named alike',
    {
      web: {
        ports: [
          { name: 'http', port: 8080 },
          { name: 'http', port: 8081 },
        ],
      },
    },
    { ...WEB, field: 'ports.1.name', message: /port name "http" is used twice/ },
  ],
  [
    'two ports with one number',
    {
      web: {
        ports: [
          { name: 'http', port: 8080 },
          { name: 'admin', port: 8080 },
        ],
      },
    },
    { ...WEB, field: 'ports.1.port', message: /8080\/TCP is used twice/ },
  ],
  [
    'a sidecar port named like an app port',
    {
      web: {
        sidecars: [
          {
            name: 'proxy',
            image: 'ghcr.io/example/proxy:1.0.0',
            requests: { cpu: '10m', memory: '16Mi' },
            ports: [{ name: 'http', port: 9000 }],
          },
        ],
      },
    },
    { ...WEB, field: 'sidecars.0.ports.0.name', message: /port name "http" is used twice/ },
  ],
  [
    'a port name of 16 characters',
    { web: { ports: [{ name: 'a-long-port-name', port: 8080 }] } },
    { ...WEB, field: 'ports.0.name', message: /IANA service name/ },
  ],
  [
    'a port name without a letter',
    { web: { ports: [{ name: '8080', port: 8080 }] } },
    { ...WEB, field: 'ports.0.name', message: /at least one letter/ },
  ],
  ['a port name with "--"', { web: { ports: [{ name: 'a--b', port: 8080 }] } }, { ...WEB, field: 'ports.0.name', message: /no "--"/ }],
  ['port 0', { web: { ports: [{ name: 'http', port: 0 }] } }, { ...WEB, field: 'ports.0.port', message: /1/ }],
  ['port 70000', { web: { ports: [{ name: 'http', port: 70000 }] } }, { ...WEB, field: 'ports.0.port', message: /65535/ }],
  // namespaces
  [
    'apps namespace equal to the platform namespace',
    { fleet: { namespaces: { platform: 'edge', apps: 'edge' } } },
    { ...SITE, field: 'namespaces.apps', message: /same namespace.*1 more site/ },
  ],
  ['apps in kube-system', { fleet: { namespaces: { apps: 'kube-system' } } }, { ...FLEET, field: 'namespaces.apps', message: /reserved/ }],
  [
    'platform in flux-system',
    { site: { namespaces: { platform: 'flux-system' } } },
    { ...SITE, field: 'namespaces.platform', message: /reserved/ },
  ],
  [
    'apps in cattle-system',
    { tier: { namespaces: { apps: 'cattle-system' } } },
    { path: 'test/eu', field: 'namespaces.apps', message: /reserved/ },
  ],
  ['apps in default', { fleet: { namespaces: { apps: 'default' } } }, { ...FLEET, field: 'namespaces.apps', message: /reserved/ }],
  ['apps in kube-public', { fleet: { namespaces: { apps: 'kube-public' } } }, { ...FLEET, field: 'namespaces.apps', message: /reserved/ }],
  [
    'a namespace with upper case',
    { fleet: { namespaces: { apps: 'Edge_Apps' } } },
    { ...FLEET, field: 'namespaces.apps', message: /DNS-1123/ },
  ],
  // code that throws
  [
    'a render hook that throws',
    { web: { renderHook: throwingHook } },
    { ...WEB, site: 'shop-1', field: 'renderHook', message: /render hook of app web threw at .*bad-input\.test\.ts:\d+: boom/ },
  ],
  // reserves and taints
  [
    'a server reserve bigger than the node',
    { site: { systemReserve: { server: { cpu: '500m', memory: '8Gi' } } } },
    { ...SITE, field: 'systemReserve.server.memory', message: /server reserve of 8Gi leaves nothing of a pi node's 4.0 GiB/ },
  ],
  [
    'an agent reserve bigger than the node',
    { site: { systemReserve: { agent: { cpu: '8', memory: '256Mi' } } } },
    { ...SITE, field: 'systemReserve.agent.cpu', message: /agent reserve of 8 leaves nothing of a ipc node's 4 CPU/ },
  ],
  [
    'a GPU-tainted node alone',
    {
      pi: { gpu: { vendor: 'nvidia' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] },
      site: (p) => ({ nodes: [{ deviceClass: p.pi }], apps: [p.web] }),
    },
    { ...SITE, field: 'nodes', message: /every node of the site carries a taint \(pi: nvidia.com\/gpu:NoSchedule\)/ },
  ],
  // images
  [
    'a :latest image locked under :latest',
    { webImage: 'ghcr.io/example/web:latest', fleet: { imageLock: lock('ghcr.io/example/web:latest') } },
    { ...FLEET, field: 'imageLock.images.ghcr.io/example/web:latest', message: /floating reference/ },
  ],
  [
    'a :latest image',
    { webImage: 'ghcr.io/example/web:latest' },
    { ...SITE, field: 'apps[web].image', message: /uses :latest.*1 more site/ },
  ],
  ['an untagged image', { webImage: 'ghcr.io/example/web' }, { ...SITE, field: 'apps[web].image', message: /has no tag/ }],
  ['an image with a space', { webImage: 'ghcr.io/example/web :1.0' }, { ...WEB, field: 'image', message: /whitespace/ }],
  [
    'an image missing from a required lock',
    {
      fleet: {
        imageLock: lock('ghcr.io/example/worker:2.1.0', 'quay.io/prometheus/prometheus:v3.5.0', 'docker.io/grafana/promtail:3.6.2'),
      },
    },
    { ...SITE, field: 'apps[web].image', message: /not in the image lock/ },
  ],
  // names
  ['an app id with a leading digit', { webId: '2web' }, { path: 'test/2web', field: 'id', message: /DNS-1035/ }],
  ['an app id with upper case', { webId: 'Web' }, { path: 'test/Web', field: 'id', message: /DNS-1035/ }],
  [
    'a sidecar named like the app',
    { web: { sidecars: [{ name: 'web', image: 'ghcr.io/example/proxy:1.0.0', requests: { cpu: '10m', memory: '16Mi' } }] } },
    { ...WEB, field: 'sidecars.0.name', message: /container name "web" is used twice/ },
  ],
  [
    'two sidecars named alike',
    {
      web: {
        sidecars: [
          { name: 'proxy', image: 'ghcr.io/example/proxy:1.0.0', requests: { cpu: '10m', memory: '16Mi' } },
          { name: 'proxy', image: 'ghcr.io/example/proxy:1.0.0', requests: { cpu: '10m', memory: '16Mi' } },
        ],
      },
    },
    { ...WEB, field: 'sidecars.1.name', message: /container name "proxy" is used twice/ },
  ],
  [
    'a sidecar name with "_"',
    { web: { sidecars: [{ name: 'side_car', image: 'ghcr.io/example/proxy:1.0.0', requests: { cpu: '10m', memory: '16Mi' } }] } },
    { ...WEB, field: 'sidecars.0.name', message: /DNS-1123/ },
  ],
  [
    'two apps with one id',
    {},
    { path: 'test/worker (2)', field: 'id', message: /"worker" is already the id of another construct in test/ },
    (f) => app(f, 'worker'),
  ],
  ['an empty app id', { webId: '' }, { path: 'test/""', field: 'id', message: /DNS-1035/ }],
  [
    'a cluster name with "_"',
    { site: { clusterName: 'Shop_1' } },
    { path: 'test/eu/shop-1', site: 'Shop_1', field: 'clusterName', message: /DNS-1123/ },
  ],
  [
    'two sites with one cluster name',
    { site: { clusterName: 'shop-2' } },
    { path: 'test/eu/shop-1', site: 'shop-2', field: 'clusterName', message: /used by 2 sites/ },
  ],
  [
    'a secretName with upper case',
    { fleet: { gitops: { repoUrl: 'https://git.example.com/fleet.git', secretName: 'Flux_System' } } },
    { ...FLEET, field: 'gitops.secretName', message: /DNS-1123/ },
  ],
  // mounts
  [
    'a writable path twice',
    { web: { writablePaths: ['/tmp', '/tmp/'] } },
    { ...WEB, field: 'writablePaths.1', message: /mount path \/tmp is used twice/ },
  ],
  [
    'a writable path equal to the config mount path',
    { web: { writablePaths: ['/etc/web'], configFiles: { 'web.yaml': 'a: 1\n' } } },
    { ...WEB, field: 'configMountPath', message: /mount path \/etc\/web is used twice/ },
  ],
  ['a relative writable path', { web: { writablePaths: ['tmp'] } }, { ...WEB, field: 'writablePaths.0', message: /absolute path/ }],
  [
    'a writable path with ".."',
    { web: { writablePaths: ['/tmp/../etc'] } },
    { ...WEB, field: 'writablePaths.0', message: /absolute path/ },
  ],
  ['a relative configMountPath', { web: { configMountPath: 'etc/web' } }, { ...WEB, field: 'configMountPath', message: /absolute path/ }],
  [
    'config files above 1 MiB',
    { web: { configFiles: { 'big.txt': 'x'.repeat(1024 * 1024 + 1) } } },
    { ...WEB, field: 'configFiles', message: /1 MiB/ },
  ],
  [
    'a config file name with "/"',
    { web: { configFiles: { 'conf/app.yaml': 'a: 1\n' } } },
    { ...WEB, field: 'configFiles.conf/app.yaml', message: /plain file name/ },
  ],
  // user ids
  ['runAsUser 0', { web: { runAsUser: 0 } }, { ...WEB, field: 'runAsUser', message: /root/ }],
  ['runAsUser 2^32', { web: { runAsUser: 2 ** 32 } }, { ...WEB, field: 'runAsUser', message: /int32/ }],
  ['runAsUser 1.5', { web: { runAsUser: 1.5 } }, { ...WEB, field: 'runAsUser', message: /int/ }],
  // sizes
  [
    'a node count of 2^31',
    { site: (p) => ({ nodes: [{ deviceClass: p.pi, count: 2 ** 31 }] }) },
    { ...SITE, field: 'nodes.0.count', message: /at most 500/ },
  ],
  ['a site with no nodes', { site: { nodes: [] } }, { ...SITE, field: 'nodes', message: /at least one node/ }],
  ['replicas 0', { web: { replicas: 0 } }, { ...WEB, field: 'replicas', message: /1/ }],
  ['replicas 1000', { web: { replicas: 1000 } }, { ...WEB, field: 'replicas', message: /100/ }],
  [
    '300 env variables',
    { web: { env: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`V${i}`, 'x'])) } },
    { ...WEB, field: 'env', message: /256/ },
  ],
  ['an env name with a leading digit', { web: { env: { '1BAD': 'x' } } }, { ...WEB, field: 'env.1BAD', message: /./ }],
  // waves and labels
  ['a wave listed twice', { fleet: { waves: ['canary', 'canary', 'wave-1'] } }, { ...FLEET, field: 'waves', message: /twice/ }],
  ['a wave the fleet does not list', { site: { wave: 'wave-9' } }, { ...SITE, field: 'wave', message: /not one of the fleet's waves/ }],
  ['a label value with a space', { fleet: { labels: { team: 'edge ops' } } }, { ...FLEET, field: 'labels.team', message: /label value/ }],
  [
    'a label key with a space',
    { tier: { labels: { 'edge team': 'ops' } } },
    { path: 'test/eu', field: 'labels.edge team', message: /"edge team" is not a qualified name/ },
  ],
  [
    'a taint key with a space',
    { pi: { taints: [{ key: 'bad key', effect: 'NoSchedule' }] } },
    { ...PI, field: 'taints.0.key', message: /qualified name/ },
  ],
  // hub and other settings
  [
    'a logsUrl that is not a Loki push URL',
    { fleet: { hub: { ...hub, logsUrl: 'https://hub.example.com/logs' } } },
    { ...SITE, field: 'hub.logsUrl', message: /\/loki\/api\/v1\/push.*1 more site/ },
  ],
  [
    'a metricsUrl that is no URL',
    { fleet: { hub: { ...hub, metricsUrl: 'hub:9090' } } },
    { ...FLEET, field: 'hub.metricsUrl', message: /URL/ },
  ],
  ['a tenant with a space', { fleet: { hub: { ...hub, tenant: 'edge emea' } } }, { ...FLEET, field: 'hub.tenant', message: /150/ }],
  ['a misspelt setting', { site: { lanCidr: ['10.0.0.0/24'] } as never }, { ...SITE, field: '(props)', message: /lanCidr/ }],
  ['an unknown connectivity', { site: { connectivity: 'sometimes' as never } }, { ...SITE, field: 'connectivity', message: /./ }],
  ['an unknown log shipper', { tier: { logShipper: 'fluentd' as never } }, { path: 'test/eu', field: 'logShipper', message: /./ }],
  [
    'an unknown engine',
    { fleet: { gitops: { repoUrl: 'https://git.example.com/fleet.git', engine: 'argo' as never } } },
    { ...FLEET, field: 'gitops.engine', message: /./ },
  ],
];

/** Builds a case's fleet. */
function build([, options, , extra]: Case): Fleet {
  const f = smallFleet(options);
  extra?.(f);
  return f.fleet;
}

function refusal(fleet: Fleet): { error: unknown; written: string[] } {
  const out = tempDir();
  let error: unknown;
  try {
    synth(fleet, { outDir: out });
  } catch (e) {
    error = e;
  }
  return { error, written: readdirSync(out) };
}

describe('bad input: one clear problem per mistake, nothing written', () => {
  test('the suite has at least 80 distinct mistakes', () => {
    expect(new Set(cases.map(([name]) => name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  test('the small fleet itself is valid', () => {
    const out = tempDir();
    expect(synth(smallFleet().fleet, { outDir: out }).clusters).toBe(2);
  });

  test.each(cases)('%s', (...testCase) => {
    const [, , expected] = testCase;
    const { error, written } = refusal(build(testCase));
    expect(written).toEqual([]);
    expect(error).toBeInstanceOf(FleetValidationError);
    const problems = (error as FleetValidationError).problems;
    expect(problems).toEqual([
      expect.objectContaining({ path: expected.path, field: expected.field, message: expect.stringMatching(expected.message) }),
    ]);
    const problem: Problem = problems[0];
    expect(problem.site).toBe(expected.site);
    expect(problem.hint).toMatch(/\w{3}/);
    const line = formatProblem(problem);
    expect(
      line.startsWith(
        expected.site ? `site ${expected.site} (${expected.path}): ${expected.field}: ` : `${expected.path}: ${expected.field}: `,
      ),
    ).toBe(true);
    expect((error as Error).message).toContain(line);
  });
});
