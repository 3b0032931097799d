import { z } from 'zod';
import { cidrList } from './cidr';
import { refineYamlString } from './yaml-string';

const url = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http:// or https:// URL' })
  .max(2048)
  .superRefine(refineYamlString);

/**
 * Tenant ids as Loki and Mimir take them: at most 150 letters, digits and
 * `!-_.*'()`, not "." or ".." (https://grafana.com/docs/mimir/latest/configure/about-tenant-ids,
 * https://grafana.com/docs/enterprise-logs/latest/operations/multi-tenancy/).
 */
const tenant = z
  .string()
  .refine((t) => /^[A-Za-z0-9!._*'()-]{1,150}$/.test(t), {
    message: "must be 1 to 150 letters, digits or !-_.*'()",
    params: { hint: 'use a plain id such as "edge-emea"' },
  })
  .refine((t) => t !== '.' && t !== '..', { message: 'must not be "." or ".."', params: { hint: 'use a plain id such as "edge-emea"' } });

/** Where a site sends metrics and logs. */
export interface HubSettings {
  /** Prometheus remote-write URL (Prometheus `/api/v1/write`, Mimir `/api/v1/push`, Thanos `/api/v1/receive`). Required. */
  readonly metricsUrl?: string;
  /** Loki push URL; must end in `/loki/api/v1/push`. Required. */
  readonly logsUrl?: string;
  /** Tenant sent as `X-Scope-OrgID` to Mimir/Loki. @default no tenant header */
  readonly tenant?: string;
  /** The hub's address ranges: platform agents get egress to them on TCP 443. @default [] */
  readonly cidrs?: readonly string[];
}

/** Schema of HubSettings: every field optional, unknown keys rejected. */
export const hubOverridesSchema = z.object({ metricsUrl: url, logsUrl: url, tenant, cidrs: cidrList }).partial().strict();

/** HubSettings after resolution. */
export const resolvedHubSchema = z.object({
  metricsUrl: url,
  logsUrl: url.refine((u) => u.endsWith('/loki/api/v1/push'), { message: 'must end in /loki/api/v1/push' }),
  tenant: z.string().optional(),
  cidrs: z.array(z.string()),
});
