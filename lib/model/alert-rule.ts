import { z } from 'zod';
import { labelMap } from './names';
import { promDuration } from './duration';
import { yamlString } from './yaml-string';

/** How urgent an alert is; `critical` also goes to the site's own receivers. */
export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * One Prometheus alerting rule (the `rules[]` entry of a rule group), named
 * by its key in the `rules` record that holds it.
 */
export interface AlertRule {
  /** PromQL expression; the alert fires for every series it returns. Required. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires (Prometheus duration). @default "0s" (at once) */
  readonly for?: string;
  /** Severity label; `critical` alerts also reach the site's own receivers. @default "warning" */
  readonly severity?: AlertSeverity;
  /** Extra labels on the alert. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations (summary, description, runbook_url...); may use Prometheus templates such as `{{ $labels.node }}`. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An alert rule with every field present. */
export interface ResolvedAlertRule {
  readonly expr: string;
  readonly for: string;
  readonly severity: AlertSeverity;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Prometheus refuses an alert name that is not a valid metric name (promtool: "invalid alert name"). */
const alertName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, {
  message: 'must be a Prometheus alert name: letters, digits, "_" and ":", not starting with a digit',
});

/** Labels Prometheus or edgefleet set on every alert: a rule may not set them itself. */
const RESERVED_ALERT_LABELS = ['alertname', 'severity'];

export const alertRuleSchema = z
  .object({
    expr: yamlString.pipe(z.string().min(1).max(4096)),
    for: promDuration.default('0s'),
    severity: z.enum(ALERT_SEVERITIES).default('warning'),
    labels: labelMap
      .refine((l) => !Object.keys(l).some((k) => RESERVED_ALERT_LABELS.includes(k)), {
        message: 'must not set alertname or severity',
        params: { hint: 'the alert is named by its key; set `severity` on the rule' },
      })
      .default({}),
    annotations: z
      .record(z.string(), yamlString)
      .refine((a) => Object.keys(a).length <= 64, { message: 'must have at most 64 annotations' })
      .default({}),
  })
  .strict();

/** Alert rules keyed by alert name. Records merge key by key, so a tier or site adds rules to the fleet's. */
export const alertRulesSchema = z
  .record(alertName, alertRuleSchema)
  .refine((r) => Object.keys(r).length <= 200, { message: 'must have at most 200 rules' });
