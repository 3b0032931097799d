import { parse } from 'yaml';
import { z } from 'zod';
import { promtailConfig, PromtailConfigProps } from '../../lib/components/promtail-config';
import { batchTransferSeconds, CONNECTIVITY_PROFILES, connectivityProfile, LOG_BATCH_MARGIN } from '../../lib/model/connectivity-profile';
import { promDurationSeconds } from '../../lib/model/settings';
import { toYaml } from '../../lib/util/yaml';

/*
 * No Promtail binary is installable here (Debian has none, npm neither), so
 * the generated config is checked against a strict schema of Promtail's
 * config keys, taken from the Loki 3.x "Configure Promtail" reference.
 * Like Promtail's own YAML parsing, it rejects unknown keys, and it rejects
 * the undocumented top-level `wal:` block.
 */
const duration = z.string().regex(/^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/, { message: 'must be a Go duration' });
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
const promtailSchema = z
  .object({
    server: z
      .object({
        http_listen_port: z.number().int().min(1).max(65535),
        grpc_listen_port: z.number().int().min(0).max(65535),
        http_listen_address: z.string(),
        grpc_listen_address: z.string(),
        log_level: z.enum(['debug', 'info', 'warn', 'error']),
        register_instrumentation: z.boolean(),
        graceful_shutdown_timeout: duration,
      })
      .partial()
      .strict(),
    positions: z
      .object({ filename: z.string().startsWith('/'), sync_period: duration, ignore_invalid_yaml: z.boolean() })
      .partial()
      .strict(),
    clients: z
      .array(
        z
          .object({
            url: z.url().refine((u) => u.endsWith('/loki/api/v1/push'), { message: 'must end in /loki/api/v1/push' }),
            tenant_id: z.string().min(1).optional(),
            batchwait: duration.optional(),
            batchsize: z.number().int().positive().optional(),
            timeout: duration.optional(),
            backoff_config: z
              .object({ min_period: duration, max_period: duration, max_retries: z.number().int().min(0) })
              .partial()
              .strict()
              .optional(),
            external_labels: z.record(labelName, z.string()).optional(),
            drop_rate_limited_batches: z.boolean().optional(),
            headers: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      )
      .min(1),
    scrape_configs: z.array(
      z
        .object({
          job_name: z.string().min(1),
          kubernetes_sd_configs: z
            .array(
              z
                .object({
                  role: z.enum(['node', 'pod', 'service', 'endpoints', 'endpointslice', 'ingress']),
                  namespaces: z
                    .object({ names: z.array(z.string()) })
                    .strict()
                    .optional(),
                })
                .strict(),
            )
            .optional(),
          pipeline_stages: z.array(z.object({ cri: z.object({}).strict() }).strict()).optional(),
          relabel_configs: z
            .array(
              z
                .object({
                  source_labels: z.array(labelName).optional(),
                  separator: z.string().optional(),
                  target_label: labelName.optional(),
                  regex: z.string().optional(),
                  replacement: z.string().optional(),
                  action: z.enum(['replace', 'keep', 'drop', 'labelmap', 'labeldrop', 'labelkeep', 'hashmod']).optional(),
                })
                .strict(),
            )
            .optional(),
        })
        .strict(),
    ),
    target_config: z.object({ sync_period: duration }).partial().strict().optional(),
    limits_config: z.object({}).passthrough().optional(),
    options: z.object({}).passthrough().optional(),
    tracing: z.object({ enabled: z.boolean() }).strict().optional(),
  })
  .strict();

const base: PromtailConfigProps = {
  pushUrl: 'https://logs.hub.example/loki/api/v1/push',
  tenant: 'edge-emea',
  externalLabels: { cluster: 'paris-3', site: 'paris-3', tier: 'emea/fr', region: 'eu-west' },
  connectivity: 'intermittent',
};
/** The config as Promtail reads it: through the YAML the tree carries. */
const build = (p: PromtailConfigProps = base) => parse(toYaml(promtailConfig(p)));

describe('promtail config', () => {
  test('passes the strict schema for every connectivity profile, with and without tenant', () => {
    for (const connectivity of CONNECTIVITY_PROFILES) {
      for (const tenant of [undefined, 'edge']) {
        const result = promtailSchema.safeParse(build({ ...base, connectivity, tenant }));
        expect(result.error?.issues).toBeUndefined();
      }
    }
  });

  test('the schema can fail: unknown keys, a wal block, a wrong URL', () => {
    expect(promtailSchema.safeParse({ ...build(), wal: { enabled: true } }).success).toBe(false);
    const config = build();
    config.clients[0].url = 'https://logs.hub.example/api/prom/push';
    expect(promtailSchema.safeParse(config).success).toBe(false);
    config.clients[0].url = base.pushUrl;
    config.server.http_port = 3101;
    expect(promtailSchema.safeParse(config).success).toBe(false);
  });

  test('server.http_listen_port is set (Promtail would default to 80), and no wal block', () => {
    const config = build();
    expect(config.server.http_listen_port).toBe(3101);
    expect(config.server.grpc_listen_port).toBe(9095);
    expect(config).not.toHaveProperty('wal');
  });

  test('client: push URL, tenant, external labels, explicit batch settings', () => {
    const [client] = build().clients;
    expect(client.url.endsWith('/loki/api/v1/push')).toBe(true);
    expect(client.tenant_id).toBe('edge-emea');
    expect(client.external_labels).toEqual(base.externalLabels);
    expect(client).toMatchObject({ batchwait: '1s', batchsize: connectivityProfile(base.connectivity).logBatching.batchBytes });
    expect(build({ ...base, tenant: undefined }).clients[0]).not.toHaveProperty('tenant_id');
  });

  // Issue 10 item 7: the old fixed 1 MiB / 10 s client needed 839 kbit/s, and failed this on every profile below always-on.
  test.each(CONNECTIVITY_PROFILES)(
    "%s: a full batch finishes within the timeout, with margin, on the profile's assumed link",
    (connectivity) => {
      const [client] = build({ ...base, connectivity }).clients;
      const { linkKbps } = connectivityProfile(connectivity).logBatching;
      const transferSeconds = (client.batchsize * 8) / (linkKbps * 1000);
      expect(transferSeconds * LOG_BATCH_MARGIN).toBeLessThanOrEqual(promDurationSeconds(client.timeout));
    },
  );

  test('the link assumptions: a satellite site (rarely-connected) is sized for 64 kbit/s, where 1 MiB takes over two minutes', () => {
    const satellite = connectivityProfile('rarely-connected').logBatching;
    expect(satellite.linkKbps).toBe(64);
    expect(batchTransferSeconds({ ...satellite, batchBytes: 1048576 })).toBeGreaterThan(130);
    expect(build({ ...base, connectivity: 'rarely-connected' }).clients[0]).toMatchObject({ batchsize: 65536, timeout: '30s' });
    expect(build({ ...base, connectivity: 'always-on' }).clients[0]).toMatchObject({ batchsize: 1048576, timeout: '10s' });
  });

  test('max_retries 0 (retry forever) on intermittent and rarely-connected sites, 10 on always-on', () => {
    expect(build({ ...base, connectivity: 'intermittent' }).clients[0].backoff_config).toEqual({
      min_period: '500ms',
      max_period: '5m',
      max_retries: 0,
    });
    expect(build({ ...base, connectivity: 'rarely-connected' }).clients[0].backoff_config.max_retries).toBe(0);
    expect(build({ ...base, connectivity: 'always-on' }).clients[0].backoff_config.max_retries).toBe(10);
  });

  test('pod discovery: role pod, cri stage, __host__ and the /var/log/pods path', () => {
    const [job] = build().scrape_configs;
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    expect(job.pipeline_stages).toEqual([{ cri: {} }]);
    expect(job.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: '__host__' });
    const path = job.relabel_configs.find((r: any) => r.target_label === '__path__');
    expect(path).toEqual({
      source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'],
      separator: '/',
      target_label: '__path__',
      replacement: '/var/log/pods/*$1/*.log',
    });
    // What Promtail computes for a pod: the joined source labels substituted for $1.
    const joined = ['0b6e-uid', 'pos'].join(path.separator);
    expect(path.replacement.replace('$1', joined)).toBe('/var/log/pods/*0b6e-uid/pos/*.log');
  });
});
