import { App, Chart } from 'cdk8s';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Alloy, ALLOY_CONFIG_FILE, ALLOY_CONFIG_MAP } from '../../lib/components/alloy';
import { ALLOY_HTTP_PORT, ALLOY_STATE_DIR, alloyBytes, alloyConfig, AlloyConfigProps } from '../../lib/components/alloy-config';

/*
 * No Alloy binary is installable here, so the config is read with a small
 * reader of Alloy's syntax (blocks `name "label" { ... }`, attributes,
 * strings, comments): braces must balance, every component block must be
 * labelled and unique, and every component reference (`loki.write.hub.receiver`)
 * must name a component the file defines.
 */
interface AlloyBlock {
  readonly name: string;
  readonly label?: string;
  readonly body: string;
}

function topLevelBlocks(text: string): AlloyBlock[] {
  const blocks: AlloyBlock[] = [];
  const header = /([a-z_][a-z0-9_.]*)\s*(?:"([^"]*)")?\s*\{/gy;
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    header.lastIndex = i;
    const m = header.exec(text);
    if (!m) throw new Error(`unexpected text at ${i}: ${text.slice(i, i + 30)}`);
    let depth = 1;
    let j = header.lastIndex;
    let inString = false;
    for (; j < text.length && depth > 0; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    if (depth !== 0) throw new Error(`unbalanced braces in ${m[1]}`);
    blocks.push({ name: m[1], label: m[2], body: text.slice(header.lastIndex, j - 1) });
    i = j;
  }
  return blocks;
}

const base: AlloyConfigProps = {
  pushUrl: 'https://logs.hub.example/loki/api/v1/push',
  tenant: 'edge-emea',
  externalLabels: { cluster: 'paris-3', site: 'paris-3', tier: 'emea/fr', region: 'eu-west' },
  connectivity: 'intermittent',
};

describe('alloy config', () => {
  const text = alloyConfig(base);
  const blocks = topLevelBlocks(text);
  const block = (name: string) => blocks.find((b) => b.name === name)!;

  test('the syntax reader can fail', () => {
    expect(() => topLevelBlocks('loki.write "hub" { endpoint { url = "x" }')).toThrow(/unbalanced/);
    expect(() => topLevelBlocks('loki.write "hub" = 3')).toThrow(/unexpected/);
  });

  test('the discovery chain, in order, each component labelled once, every reference defined', () => {
    expect(blocks.map((b) => b.name)).toEqual([
      'discovery.kubernetes',
      'discovery.relabel',
      'local.file_match',
      'loki.source.file',
      'loki.process',
      'loki.write',
    ]);
    const defined = new Set(blocks.map((b) => `${b.name}.${b.label}`));
    expect(defined.size).toBe(blocks.length);
    const references = [...text.matchAll(/=\s*\[?((?:discovery|local|loki)\.[a-z_.]+)\.(targets|output|receiver)\b/g)].map((m) => m[1]);
    expect(references.length).toBe(5);
    for (const ref of references) expect(defined).toContain(ref);
  });

  test("only this node's pods, files under /var/log/pods, CRI lines parsed", () => {
    expect(block('discovery.kubernetes').body).toContain('field = "spec.nodeName=" + sys.env("HOSTNAME")');
    expect(block('discovery.relabel').body).toContain('replacement   = "/var/log/pods/*$1/*.log"');
    expect(block('loki.process').body).toMatch(/stage\.cri \{\}/);
  });

  test('loki.write: push URL, tenant, retries forever on intermittent sites, WAL enabled', () => {
    const write = block('loki.write').body;
    expect(write).toContain('url                 = "https://logs.hub.example/loki/api/v1/push"');
    expect(write).toContain('tenant_id           = "edge-emea"');
    expect(write).toContain('max_backoff_retries = 0');
    expect(write).toMatch(/wal \{\s*enabled\s*= true\s*max_segment_age = "24h"\s*\}/);
    expect(write).toContain('site = "paris-3",');
    expect(alloyConfig({ ...base, connectivity: 'always-on' })).toContain('max_backoff_retries = 10');
    expect(alloyConfig({ ...base, connectivity: 'rarely-connected' })).toContain('max_segment_age = "72h"');
    expect(alloyConfig({ ...base, tenant: undefined })).not.toContain('tenant_id');
  });

  // Issue 10 item 7: Alloy used the same fixed 1MiB / 10s endpoint on every link.
  test('loki.write batch_size and remote_timeout per connectivity profile, as the connectivity profile sizes them for the link', () => {
    const endpoint = (connectivity: AlloyConfigProps['connectivity']) =>
      topLevelBlocks(alloyConfig({ ...base, connectivity })).find((b) => b.name === 'loki.write')!.body;
    expect(endpoint('always-on')).toMatch(/batch_size\s+= "1MiB"\s+remote_timeout\s+= "10s"/);
    expect(endpoint('intermittent')).toMatch(/batch_size\s+= "256KiB"\s+remote_timeout\s+= "20s"/);
    expect(endpoint('rarely-connected')).toMatch(/batch_size\s+= "64KiB"\s+remote_timeout\s+= "30s"/);
    expect(alloyBytes(1500)).toBe('1500B');
  });
});

describe('Alloy DaemonSet', () => {
  const chart = new Chart(new App(), 'logs', { namespace: 'edge-system', disableResourceNameHashes: true });
  new Alloy(chart, 'Alloy', { image: 'docker.io/grafana/alloy:v1.11.3', arches: ['amd64', 'arm64'] });
  const objects = chart.toJson();
  const ds = objects.find((o) => o.kind === 'DaemonSet');
  const pod = ds.spec.template.spec;
  const container = pod.containers[0];

  test('validates against the Kubernetes OpenAPI schema', () => {
    expect(() => new DaemonSet(ds).validate()).not.toThrow();
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'DaemonSet', 'ServiceAccount']);
  });

  test('runs the mounted config with the experimental stability level and storage on the host', () => {
    const configMount = container.volumeMounts.find((m: any) => m.name === 'config');
    expect(container.args).toEqual([
      'run',
      `${configMount.mountPath}/${ALLOY_CONFIG_FILE}`,
      `--server.http.listen-addr=0.0.0.0:${ALLOY_HTTP_PORT}`,
      `--storage.path=${ALLOY_STATE_DIR}`,
      '--stability.level=experimental',
      '--disable-reporting',
    ]);
    expect(pod.volumes.find((v: any) => v.name === 'config').configMap).toEqual({ name: ALLOY_CONFIG_MAP });
    expect(pod.volumes.find((v: any) => v.name === 'state').hostPath).toEqual({ path: ALLOY_STATE_DIR, type: 'DirectoryOrCreate' });
    expect(container.volumeMounts).toContainEqual({ name: 'state', mountPath: ALLOY_STATE_DIR });
    expect(container.volumeMounts).toContainEqual({ name: 'pod-logs', mountPath: '/var/log/pods', readOnly: true });
  });

  test('HOSTNAME from spec.nodeName, readiness on /-/ready', () => {
    expect(container.env).toContainEqual({ name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http' });
    expect(container.ports[0].containerPort).toBe(ALLOY_HTTP_PORT);
  });
});
