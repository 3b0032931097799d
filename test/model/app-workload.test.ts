import { EdgeApp, Fleet } from '../../lib';
import { PROBE_DEFAULTS } from '../../lib/model/app-probes';
import { FleetValidationError, Problem } from '../../lib/model/problem';
import { resolveFleet } from '../../lib/model/resolve';
import { synth } from '../../lib/synth/synth';
import { SOPS_SECRET } from '../support/secret-files';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';

/** The problems a synth of the fleet reports (it must fail). */
function synthProblems(fleet: Fleet): readonly Problem[] {
  try {
    synth(fleet, { outDir: tempDir() });
  } catch (error) {
    if (error instanceof FleetValidationError) return error.problems;
    throw error;
  }
  throw new Error('the synth did not fail');
}

describe('app workload props', () => {
  test('probes get the edge defaults of their kind; given timings win', () => {
    const { fleet } = smallFleet({
      web: {
        probes: {
          startup: { http: { port: 8080 } },
          liveness: { tcp: { port: 8080 }, periodSeconds: 60 },
          readiness: { exec: { command: ['true'] } },
        },
      },
    });
    const web = resolveFleet(fleet).sites[0].apps.find((a) => a.name === 'web')!;
    expect(web.probes.startup).toEqual({ http: { port: 8080, path: '/' }, initialDelaySeconds: 0, ...PROBE_DEFAULTS.startup });
    expect(web.probes.liveness).toMatchObject({ periodSeconds: 60, failureThreshold: PROBE_DEFAULTS.liveness.failureThreshold });
    // Startup gets 5 minutes: a slow SD-card board is not killed while it boots.
    expect(PROBE_DEFAULTS.startup.periodSeconds * PROBE_DEFAULTS.startup.failureThreshold).toBe(300);
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'a probe port the app does not listen on',
      { probes: { liveness: { http: { port: 9090 } } } },
      'probes.liveness.http.port',
      /port 9090 is not a TCP port of the app \(its TCP ports: 8080\)/,
    ],
    [
      'a probe with two checks',
      { probes: { readiness: { tcp: { port: 8080 }, exec: { command: ['x'] } } } },
      'probes.readiness',
      /exactly one of http, tcp or exec/,
    ],
    [
      'a volume mounted over a writable path',
      { volumes: [{ name: 'data', size: '1Gi', mountPath: '/tmp' }] },
      'volumes.0.mountPath',
      /used twice in the pod/,
    ],
    [
      'two volumes of one name',
      {
        volumes: [
          { name: 'data', size: '1Gi', mountPath: '/a' },
          { name: 'data', size: '1Gi', mountPath: '/b' },
        ],
      },
      'volumes.1.name',
      /defined twice/,
    ],
    [
      'a ReadWriteOnce volume on 2 replicas',
      { replicas: 2, volumes: [{ name: 'data', size: '1Gi', mountPath: '/a' }] },
      'volumes.0.accessMode',
      /cannot be shared by 2 replicas/,
    ],
    ['a volume size that is no quantity', { volumes: [{ name: 'data', size: 'lots', mountPath: '/a' }] }, 'volumes.0.size', /./],
    [
      'a placement on something not a DeviceClass',
      { placement: { deviceClasses: ['pi'] } },
      'placement.deviceClasses.0',
      /must be a DeviceClass construct/,
    ],
  ])('%s is rejected at its path and field', (_what, web, field, message) => {
    const { fleet } = smallFleet({ web: web as never });
    const problems = resolveFleet(fleet).problems;
    expect(problems).toContainEqual(expect.objectContaining({ path: 'test/web', field, message: expect.stringMatching(message) }));
  });

  test('volumes resolve to stable claim names and the placement to device-class names with their taints tolerated', () => {
    const { fleet, ipc } = smallFleet({ web: { volumes: [{ name: 'buffer', size: '2Gi', mountPath: '/var/lib/web' }] } });
    new EdgeApp(fleet, 'tainted', {
      image: 'ghcr.io/example/t:1.0.0',
      arches: ['amd64'],
      requests: { cpu: '10m', memory: '8Mi' },
      placement: { deviceClasses: [ipc] },
      tolerations: [{ key: 'example.com/dedicated' }],
    });
    const resolved = resolveFleet(fleet);
    const web = resolved.sites[0].apps.find((a) => a.name === 'web')!;
    expect(web.volumes).toEqual([
      { name: 'buffer', claimName: 'web-buffer', size: '2Gi', sizeMiB: 2048, mountPath: '/var/lib/web', accessMode: 'ReadWriteOnce' },
    ]);
    expect(resolved.problems).toEqual([]);
  });
});

describe('app workload checks (synth)', () => {
  test('storage over the disk of the device classes it may land on names site, app path and field', () => {
    const { fleet } = smallFleet({
      pi: { disk: '4Gi' },
      web: { arches: ['arm64'], volumes: [{ name: 'buffer', size: '6Gi', mountPath: '/var/lib/web' }] },
    });
    expect(synthProblems(fleet)).toContainEqual(
      expect.objectContaining({
        site: 'shop-1',
        path: 'test/web',
        field: 'volumes.0.size',
        message: expect.stringMatching(/claim web-buffer of 6.0 GiB fits on no node's disk it may land on \(largest 4.0 GiB on pi\)/),
      }),
    );
  });

  test('claims that fit one by one but not together are reported at the nodes', () => {
    const { fleet } = smallFleet({
      pi: { disk: '4Gi' },
      web: {
        arches: ['arm64'],
        volumes: [
          { name: 'a', size: '3Gi', mountPath: '/a' },
          { name: 'b', size: '3Gi', mountPath: '/b' },
        ],
      },
    });
    expect(synthProblems(fleet)).toContainEqual(
      expect.objectContaining({
        site: 'shop-1',
        field: 'nodes (disk of pi)',
        message: expect.stringMatching(/claims 6.0 GiB .* > disk 4.0 GiB of the pi nodes/),
      }),
    );
  });

  test('an unknown image pull Secret names site, app path and field', () => {
    const { fleet } = smallFleet({ web: { imagePullSecrets: ['registry'] } });
    expect(synthProblems(fleet)).toContainEqual(
      expect.objectContaining({
        site: 'shop-1',
        path: 'test/web',
        field: 'imagePullSecrets.0',
        message: expect.stringMatching(/Secret registry, which no secret file/),
      }),
    );
  });

  test('a pull Secret of the wrong type is refused; of type dockerconfigjson it is written into the pod', () => {
    const opaque = SOPS_SECRET.replace('pos-credentials', 'registry');
    const { fleet: wrong } = smallFleet({ web: { imagePullSecrets: ['registry'], secretFiles: { 'registry.sops.yaml': opaque } } });
    expect(synthProblems(wrong)).toContainEqual(
      expect.objectContaining({
        field: 'imagePullSecrets.0',
        message: expect.stringMatching(/has type Opaque, not kubernetes.io\/dockerconfigjson/),
      }),
    );
    const docker = opaque.replace('type: Opaque', 'type: kubernetes.io/dockerconfigjson').replace('token:', '.dockerconfigjson:');
    const { fleet } = smallFleet({ web: { imagePullSecrets: ['registry'], secretFiles: { 'registry.sops.yaml': docker } } });
    expect(() => synth(fleet, { outDir: tempDir() })).not.toThrow();
  });

  test('a placement on device classes the site lacks names site and field', () => {
    const base = smallFleet({
      site: ({ pi, ipc }) => ({
        nodes: [{ deviceClass: pi }],
        apps: [
          new EdgeApp(ipc.node.scope as Fleet, 'x86-only', {
            image: 'ghcr.io/example/x:1.0.0',
            arches: ['amd64', 'arm64'],
            requests: { cpu: '10m', memory: '8Mi' },
            placement: { deviceClasses: [ipc] },
          }),
        ],
      }),
    });
    expect(synthProblems(base.fleet)).toContainEqual(
      expect.objectContaining({
        site: 'shop-1',
        field: 'apps[x86-only].placement.deviceClasses',
        message: expect.stringMatching(/placed on ipc, but the site's nodes are pi/),
      }),
    );
  });
});
