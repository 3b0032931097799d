import { join } from 'node:path';
import { parse } from 'yaml';
import { DISTRIBUTION_PROFILES } from '../../lib/model/distribution';
import { EdgeSite, Fleet, DeviceClass, RegionalTier } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import { synth } from '../../lib/synth/synth';
import { fleet as distributions } from '../../examples/distributions';
import { BuiltObject, kustomizeObjects } from '../support/kustomize';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

describeWithTool('kubectl', ['version', '--client'])('distribution profiles in the built trees of examples/distributions', () => {
  const out = tempDir();
  synth(distributions, { outDir: out });
  const objects = (cluster: string): BuiltObject[] => kustomizeObjects(join(out, 'clusters', cluster));
  const policy = (cluster: string, name: string) => objects(cluster).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name);
  const prometheusJobs = (cluster: string): string[] => {
    const config = objects(cluster).find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-agent'))!;
    return parse(Object.values(config.data as Record<string, string>)[0]).scrape_configs.map((j: { job_name: string }) => j.job_name);
  };

  test.each([
    ['lab-k3s', 6443],
    ['lab-k0s', 6443],
    ['lab-microk8s', 16443],
    ['lab-kubeedge', 6443],
  ])('%s: the platform agents reach the API server on its port %d', (cluster, port) => {
    expect(policy(cluster, 'platform-api-egress')!.spec.egress[0].ports).toEqual([{ port, protocol: 'TCP' }]);
  });

  test('KubeEdge: no kubelet scrape and no kubelet egress, elsewhere both', () => {
    expect(prometheusJobs('lab-kubeedge')).not.toContain('kubelet');
    expect(policy('lab-kubeedge', 'prometheus-kubelet-egress')).toBeUndefined();
    expect(prometheusJobs('lab-k3s')).toEqual(expect.arrayContaining(['kubelet', 'cadvisor']));
    expect(policy('lab-microk8s', 'prometheus-kubelet-egress')!.spec.egress[0].ports).toEqual([{ port: 10250, protocol: 'TCP' }]);
  });

  test("the DNS rule selects the profile's CoreDNS pods", () => {
    const dns = policy('lab-microk8s', 'allow-dns')!;
    expect(dns.spec.egress[0].to[0].podSelector.matchLabels).toEqual(DISTRIBUTION_PROFILES.microk8s.dns.pods);
  });
});

describe('distribution defaults', () => {
  function siteOf(distribution: 'k3s' | 'k0s' | 'microk8s' | 'kubeedge', extra: object = {}) {
    const fleet = new Fleet(undefined, 'f', {
      gitops: { repoUrl: 'ssh://git@git.example/f.git' },
      hub: { metricsUrl: 'https://m.example/api/v1/push', logsUrl: 'https://l.example/loki/api/v1/push' },
      apiServerCidrs: ['10.0.0.10/32'],
    });
    const dc = new DeviceClass(fleet, 'pc', { arch: 'amd64', cpu: '4', memory: '8Gi' });
    new EdgeSite(new RegionalTier(fleet, 't'), 's', { distribution, nodes: [{ deviceClass: dc }], ...extra });
    return resolveFleet(fleet);
  }

  test.each(['k3s', 'k0s', 'microk8s', 'kubeedge'] as const)("%s: the system reserve defaults to the profile's", (distribution) => {
    const resolved = siteOf(distribution, { metrics: { storageClass: 'local' } });
    expect(resolved.sites[0].settings.systemReserve).toEqual(DISTRIBUTION_PROFILES[distribution].systemReserve);
  });

  test('k0s ships no default StorageClass: the WAL volume must name one', () => {
    expect(siteOf('k0s').problems).toEqual([
      expect.objectContaining({
        site: 's',
        field: 'metrics.storageClass',
        message: expect.stringMatching(/k0s has no default StorageClass/),
      }),
    ]);
    expect(siteOf('k3s').problems).toEqual([]);
  });

  test('a reserve set on the site still wins over the profile', () => {
    const resolved = siteOf('microk8s', { systemReserve: { agent: { cpu: '1', memory: '1Gi' } } });
    expect(resolved.sites[0].settings.systemReserve).toEqual({
      server: DISTRIBUTION_PROFILES.microk8s.systemReserve.server,
      agent: { cpu: '1', memory: '1Gi' },
    });
  });
});
