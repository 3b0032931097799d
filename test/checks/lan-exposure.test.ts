import { join } from 'node:path';
import { formatProblem } from '../../lib';
import { checkLanReachability } from '../../lib/checks/lan-exposure';
import { checkNetworkPolicies } from '../../lib/checks/network-policy';
import { resolveFleet } from '../../lib/model/resolve';
import { synth } from '../../lib/synth/synth';
import type { KubeObject } from '../../lib/util/kube-object';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';
import { validateObject } from '../support/validate-objects';

const LAN = { lanCidrs: ['192.168.10.0/24'] };

function built(web: NonNullable<Parameters<typeof smallFleet>[0]>['web']) {
  const f = smallFleet({ sites: 1, web, site: LAN });
  const out = tempDir('edgefleet-lan-');
  synth(f.fleet, { outDir: out });
  const site = resolveFleet(f.fleet).sites[0];
  return { site, objects: kustomizeObjects(join(out, 'clusters/shop-1')) as unknown as KubeObject[] };
}

describe('LAN exposure (kustomize-built output)', () => {
  it('LoadBalancer: a -lan Service with externalTrafficPolicy Local on the LAN port only, and the policy lets the LAN in', () => {
    const { site, objects } = built({
      ports: [
        { name: 'http', port: 8080 },
        { name: 'admin', port: 9000 },
      ],
      lanIngress: [{ port: 8080 }],
    });
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'web-lan')!;
    expect(service.spec).toEqual(
      expect.objectContaining({
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }],
      }),
    );
    expect(validateObject(service)).toEqual([]);
    expect(checkNetworkPolicies(site, objects)).toEqual([]);
    // Nothing else new is open: the LAN policy lists 8080 alone.
    const lanPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'web-lan')!;
    expect((lanPolicy.spec as { ingress: { ports: unknown[] }[] }).ingress.flatMap((r) => r.ports)).toEqual([
      { port: 8080, protocol: 'TCP' },
    ]);
  });

  it('NodePort: the fixed node port; hostPort: the container port bound on the node', () => {
    const nodePort = built({ lanIngress: [{ port: 8080, nodePort: 30080 }], lanExposure: 'NodePort' });
    expect(nodePort.objects.find((o) => o.metadata.name === 'web-lan' && o.kind === 'Service')!.spec).toEqual(
      expect.objectContaining({ type: 'NodePort', externalTrafficPolicy: 'Local', ports: [expect.objectContaining({ nodePort: 30080 })] }),
    );
    expect(checkNetworkPolicies(nodePort.site, nodePort.objects)).toEqual([]);
    const host = built({ lanIngress: [{ port: 8080 }], lanExposure: 'hostPort' });
    expect(host.objects.some((o) => o.kind === 'Service' && o.metadata.name === 'web-lan')).toBe(false);
    const container = (host.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web')!.spec as any).template.spec
      .containers[0];
    expect(container.ports).toEqual([expect.objectContaining({ containerPort: 8080, hostPort: 8080 })]);
    expect(checkNetworkPolicies(host.site, host.objects)).toEqual([]);
  });

  it('reports a Service that rewrites the client address, and one that is missing, naming site, path and field', () => {
    const { site, objects } = built({ lanIngress: [{ port: 8080 }] });
    const cluster = objects.map((o) =>
      o.kind === 'Service' && o.metadata.name === 'web-lan'
        ? { ...o, spec: { ...(o.spec as object), externalTrafficPolicy: 'Cluster' } }
        : o,
    );
    expect(checkLanReachability(site, cluster).map(formatProblem)).toEqual([
      expect.stringMatching(/^site shop-1 \(test\/web\): lanIngress\.0: Service web-lan does not keep the client address/),
    ]);
    const none = objects.filter((o) => !(o.kind === 'Service' && o.metadata.name === 'web-lan'));
    expect(checkLanReachability(site, none).map(formatProblem)).toEqual([
      expect.stringMatching(/lanIngress\.0: LAN clients cannot reach 8080\/TCP of app web by LoadBalancer: there is no Service web-lan/),
    ]);
  });

  it('rejects a lanIngress port the app does not listen on, and node ports given wrong, naming the field', () => {
    const problems = (web: NonNullable<Parameters<typeof smallFleet>[0]>['web']) =>
      resolveFleet(smallFleet({ sites: 1, web, site: LAN }).fleet).problems.map(formatProblem);
    expect(problems({ lanIngress: [{ port: 9999 }] })).toEqual([
      expect.stringMatching(/^test\/web: lanIngress\.0\.port: 9999\/TCP is not a port the app listens on/),
    ]);
    expect(problems({ lanIngress: [{ port: 8080 }], lanExposure: 'NodePort' })).toEqual([
      expect.stringMatching(/lanIngress\.0\.nodePort: is required with lanExposure "NodePort"/),
    ]);
    expect(problems({ lanIngress: [{ port: 8080, nodePort: 30080 }] })).toEqual([
      expect.stringMatching(/lanIngress\.0\.nodePort: means nothing with lanExposure "LoadBalancer"/),
    ]);
  });
});
