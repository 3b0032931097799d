import { z } from 'zod';
import { AlertRule, alertRulesSchema } from './alert-rule';
import { promDuration } from './duration';
import type { ResolvedApp } from './resolved-app';
import { dns1035Label } from './names';
import type { Problem } from './problem';
import { refineYamlString } from './yaml-string';

/** A webhook served by an app of the site, which critical alerts reach without the hub (a machine stop, a siren, a pager). */
export interface CriticalWebhook {
  /** Name of an app the site runs; its Service takes the call, and the network policy opens this flow. Required. */
  readonly app: string;
  /** TCP port the app listens on. Required. */
  readonly port: number;
  /** HTTP path of the webhook. @default "/" */
  readonly path?: string;
}

/** Alerting on the site itself, and to the hub (`alerting.*`). */
export interface AlertingSettings {
  /**
   * Run a rule evaluator and an Alertmanager on the site, so that alerts fire
   * while the link to the hub is down. Costs 60m CPU and 160Mi of requests.
   * @default false
   */
  readonly local?: boolean;
  /**
   * URL at the hub that takes Alertmanager webhook notifications
   * (`webhook_config` JSON): every alert goes there, with its resolution,
   * whenever the link is up. Required when `local` is on.
   */
  readonly hubWebhookUrl?: string;
  /** Receivers of `critical` alerts on the site. At least one when `local` is on. @default [] */
  readonly criticalWebhooks?: readonly CriticalWebhook[];
  /** How often the site's evaluator evaluates its rules (Prometheus duration). @default "15s" */
  readonly evaluationInterval?: string;
  /** How long the evaluator keeps samples (its TSDB, on an emptyDir); must cover the longest range a rule reads. @default "6h" */
  readonly retention?: string;
  /** Alert rules of the sites below, keyed by alert name; merged key by key, so a tier or site adds to the fleet's. @default {} */
  readonly rules?: Readonly<Record<string, AlertRule>>;
  /** Names of built-in or inherited rules to leave out. @default [] */
  readonly disabledRules?: readonly string[];
}

const hubWebhookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an absolute http:// or https:// URL' })
  .max(2048)
  .superRefine(refineYamlString);

const criticalWebhookSchema = z
  .object({
    app: dns1035Label,
    port: z.number().int().min(1).max(65535),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, { message: 'must be an absolute URL path such as "/alert"' })
      .max(1024)
      .default('/'),
  })
  .strict();

const alertingFields = {
  local: z.boolean(),
  hubWebhookUrl,
  criticalWebhooks: z.array(criticalWebhookSchema).max(8),
  evaluationInterval: promDuration,
  retention: promDuration,
  rules: alertRulesSchema,
  disabledRules: z.array(z.string().max(200)).max(200),
};

/** `alerting` as the fleet, a tier or a site gives it: every field optional. */
export const alertingOverridesSchema = z.object(alertingFields).partial().strict();

/** Built-in defaults of `alerting`. */
export const DEFAULT_ALERTING = {
  local: false,
  criticalWebhooks: [],
  evaluationInterval: '15s',
  retention: '6h',
  rules: {},
  disabledRules: [],
} as const;

/** `alerting` after resolution; the hub webhook and a local receiver are required once local alerting is on. */
export const resolvedAlertingSchema = z.object({ ...alertingFields, hubWebhookUrl: hubWebhookUrl.optional() }).superRefine((a, ctx) => {
  if (!a.local) return;
  if (!a.hubWebhookUrl)
    ctx.addIssue({
      code: 'custom',
      path: ['hubWebhookUrl'],
      message: 'is required when alerting.local is on',
      params: { hint: "set the hub's Alertmanager webhook endpoint on the fleet or tier, e.g. https://alerts.hub.example/api/edge" },
    });
  if (a.criticalWebhooks.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['criticalWebhooks'],
      message: 'must name at least one receiver when alerting.local is on: critical alerts would reach nothing on the site',
      params: { hint: 'add { app, port, path } of an app of the site that takes Alertmanager webhooks' },
    });
});
export type ResolvedAlerting = z.infer<typeof resolvedAlertingSchema>;

/** Critical webhooks must call an app this site runs, on a TCP port it listens on. */
export function criticalWebhookProblems(
  alerting: ResolvedAlerting,
  apps: readonly ResolvedApp[],
  where: Pick<Problem, 'path' | 'site'>,
): Problem[] {
  if (!alerting.local) return [];
  return alerting.criticalWebhooks.flatMap((hook, i): Problem[] => {
    const field = `alerting.criticalWebhooks.${i}`;
    const app = apps.find((a) => a.name === hook.app);
    if (!app)
      return [
        {
          ...where,
          field: `${field}.app`,
          message: `app ${hook.app} is not an app of this site`,
          hint: `add ${hook.app} to the site's apps, or name one of ${apps.map((a) => a.name).join(', ') || 'its apps'}`,
        },
      ];
    // The Service (and so the webhook URL) exposes the main container's ports.
    const ports = app.containers[0].ports.filter((p) => p.protocol === 'TCP').map((p) => p.port);
    if (ports.includes(hook.port)) return [];
    return [
      {
        ...where,
        field: `${field}.port`,
        message: `app ${hook.app} does not listen on TCP ${hook.port} (its TCP ports: ${ports.join(', ') || 'none'})`,
        hint: "use a port of the app's main container",
      },
    ];
  });
}
