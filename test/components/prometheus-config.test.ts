import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { prometheusConfig } from '../../lib/components/prometheus-config';
import { resolveFleet } from '../../lib/model/resolve';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import { buildTree } from '../../lib/synth/tree-build';
import { prometheusConfigProps } from '../../lib/render/metrics-units';
import { fleet } from '../../sites/fleet';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The prometheus.yml of every cluster of sites/, as synth writes it: a configMapGenerator literal of the cluster's kustomization.yaml. */
function generatedConfigs(): Map<string, string> {
  const { tree } = buildTree(fleet, undefined);
  const configs = new Map<string, string>();
  for (const [path, text] of tree.content) {
    const match = /^clusters\/([^/]+)\/kustomization\.yaml$/.exec(path);
    if (!match) continue;
    const generators = (parse(text) as { configMapGenerator?: { name: string; literals?: string[] }[] }).configMapGenerator ?? [];
    const literal = generators.find((g) => g.name === 'prometheus-agent-config')?.literals?.find((l) => l.startsWith('prometheus.yml='));
    if (literal) configs.set(match[1], literal.slice('prometheus.yml='.length));
  }
  return configs;
}

function promtool(file: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Whether this promtool was built with Kubernetes discovery: Debian's 2.42 leaves it out (its Go client is not packaged). */
function promtoolKnowsKubernetes(dir: string): boolean {
  const probe = join(dir, 'probe.yml');
  writeFileSync(probe, 'scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: node\n');
  return promtool(probe).status === 0;
}

const KUBERNETES_SD_KEYS = new Set(['role', 'namespaces']);
const KUBERNETES_ROLES = new Set(['node', 'pod', 'service', 'endpoints', 'endpointslice', 'ingress']);

describeWithTool('promtool')('promtool check config on every cluster of sites/', () => {
  it('accepts each generated prometheus.yml', () => {
    const dir = tempDir('edgefleet-promtool-');
    // promtool checks that credential and CA files exist: stand in for the pod's ServiceAccount mount.
    const saDir = join(dir, 'serviceaccount');
    mkdirSync(saDir);
    writeFileSync(join(saDir, 'token'), 'token');
    writeFileSync(join(saDir, 'ca.crt'), '');
    const verbatim = promtoolKnowsKubernetes(dir);
    if (!verbatim) {
      console.warn(
        'promtool lacks kubernetes_sd_configs (Debian build): kubernetes_sd_configs blocks are checked by shape here, everything else by promtool',
      );
    }
    const configs = generatedConfigs();
    expect(configs.size).toBe(resolveFleet(fleet).sites.length);
    for (const [cluster, text] of configs) {
      const config = parse(text);
      for (const job of config.scrape_configs) {
        for (const sd of job.kubernetes_sd_configs ?? []) {
          expect(Object.keys(sd).filter((k) => !KUBERNETES_SD_KEYS.has(k))).toEqual([]);
          expect(KUBERNETES_ROLES.has(sd.role)).toBe(true);
        }
        if (!verbatim && job.kubernetes_sd_configs) {
          delete job.kubernetes_sd_configs;
          job.static_configs = [];
        }
      }
      const checked = (verbatim ? text : JSON.stringify(config)).split(SERVICE_ACCOUNT_DIR).join(saDir);
      const file = join(dir, `${cluster}.yml`);
      writeFileSync(file, checked);
      const result = promtool(file);
      expect({ cluster, output: result.output, status: result.status }).toEqual({
        cluster,
        output: expect.stringContaining('SUCCESS'),
        status: 0,
      });
    }
  });

  it('rejects a config promtool must refuse (the check can fail)', () => {
    const dir = tempDir('edgefleet-promtool-');
    const file = join(dir, 'bad.yml');
    const site = resolveFleet(fleet).sites[0];
    const config = prometheusConfig(prometheusConfigProps(site)) as { remote_write: { queue_config: Record<string, unknown> }[] };
    config.remote_write[0].queue_config.max_retries = 10;
    writeFileSync(file, JSON.stringify({ global: {}, remote_write: config.remote_write }));
    expect(promtool(file).status).not.toBe(0);
  });
});

describe('prometheusConfig', () => {
  const sites = resolveFleet(fleet).sites;
  const site = sites.find((s) => s.cluster === 'mv-nordlys')!;
  const config = (s: ResolvedSite) => prometheusConfig(prometheusConfigProps(s)) as Record<string, any>;

  it('has no key agent mode refuses', () => {
    for (const s of sites) {
      const c = config(s);
      expect(Object.keys(c).sort()).toEqual(['global', 'remote_write', 'scrape_configs']);
      expect(JSON.stringify(c)).not.toMatch(/rule_files|alerting|alertmanagers|remote_read|max_retries/);
    }
  });

  it('writes static external labels naming cluster, site, tier, region and device classes', () => {
    expect(config(site).global.external_labels).toEqual({
      // The site's `labels` (fleet to site), beneath edgefleet's own.
      company: 'acme',
      site_kind: 'vessel',
      cluster: 'mv-nordlys',
      site: 'mv-nordlys',
      tier: 'maritime',
      region: 'global',
      device_classes: 'ipc-x86-16g,rpi4-4g',
    });
  });

  it('escapes $ in external label values so Prometheus does not expand them', () => {
    const props = { ...prometheusConfigProps(site), externalLabels: { cluster: 'a$b' } };
    expect((prometheusConfig(props) as any).global.external_labels.cluster).toBe('a$$b');
  });

  it('sets every queue_config field, with min_shards <= max_shards and max_backoff >= min_backoff', () => {
    const rw = config(site).remote_write[0];
    expect(Object.keys(rw.queue_config).sort()).toEqual(
      [
        'batch_send_deadline',
        'capacity',
        'max_backoff',
        'max_samples_per_send',
        'max_shards',
        'min_backoff',
        'min_shards',
        'retry_on_http_429',
      ].sort(),
    );
    expect(rw.queue_config.min_shards).toBeLessThanOrEqual(rw.queue_config.max_shards);
    expect(rw.queue_config).toMatchObject({ min_backoff: '30ms', max_backoff: '1m' });
  });

  it('sends the tenant as X-Scope-OrgID, and no header without a tenant', () => {
    expect(config(site).remote_write[0].headers).toEqual({ 'X-Scope-OrgID': 'edge-maritime' });
    const noTenant = { ...site, settings: { ...site.settings, hub: { ...site.settings.hub, tenant: undefined } } };
    expect(config(noTenant).remote_write[0].headers).toBeUndefined();
  });

  it('scrapes kubelet and cAdvisor on the kubelet port, and pods that opt in, in the managed namespaces', () => {
    const jobs = Object.fromEntries(config(site).scrape_configs.map((j: any) => [j.job_name, j]));
    expect(jobs.kubelet).toMatchObject({ scheme: 'https', metrics_path: '/metrics', kubernetes_sd_configs: [{ role: 'node' }] });
    expect(jobs.cadvisor).toMatchObject({ scheme: 'https', metrics_path: '/metrics/cadvisor' });
    expect(jobs.pods.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['edge-system', 'edge-apps'] } }]);
    expect(jobs.pods.relabel_configs[0]).toEqual({
      source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
      action: 'keep',
      regex: 'true',
    });
  });

  it('never sets a scrape timeout above the interval', () => {
    const fast = { ...site, settings: { ...site.settings, metrics: { ...site.settings.metrics, scrapeInterval: '5s' } } };
    expect(config(fast).global).toMatchObject({ scrape_interval: '5s', scrape_timeout: '5s' });
    expect(config(site).global).toMatchObject({ scrape_interval: '60s', scrape_timeout: '10s' });
  });
});
