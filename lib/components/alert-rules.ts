import type { ResolvedAlertRule } from '../model/alert-rule';

/*
 * Prometheus rule files as plain objects, and the built-in rules for edge
 * nodes. The node rules read what both the edge evaluator and the hub have:
 * the kubelet (`job="kubelet"`) and cAdvisor (`job="cadvisor"`) endpoints the
 * Prometheus agent's scrape jobs read, whose `instance` is the node name
 * (Kubernetes SD, role node). Only keys that Prometheus 2.42 (promtool in
 * CI) and 3.x both accept are written.
 */

/** A named alert rule. */
export interface NamedAlertRule extends ResolvedAlertRule {
  readonly alert: string;
}

/** A rule group: evaluated together, every `interval`. */
export interface AlertRuleGroup {
  readonly name: string;
  /** @default the evaluator's evaluation_interval */
  readonly interval?: string;
  readonly rules: readonly NamedAlertRule[];
}

/** Where node rules look and what they keep of each series. */
export interface NodeRuleScope {
  /** Extra label matchers on every selector, e.g. `tier=~"emea(/.*)?"` at the hub. @default none */
  readonly matchers?: string;
  /** Labels alerts keep besides `instance` (the node), e.g. `cluster` at the hub. @default [] */
  readonly by?: readonly string[];
}

const DAY = 86400;

/** The built-in rules for edge nodes: node down, disk filling, memory pressure, crash-looping pods, certificate expiry. */
export function nodeRules(scope: NodeRuleScope = {}): NamedAlertRule[] {
  const sel = (job: string, extra = '') => `{job="${job}"${extra}${scope.matchers ? `, ${scope.matchers}` : ''}}`;
  const by = (...labels: string[]) => `by (${[...(scope.by ?? []), ...labels].join(', ')})`;
  const rule = (alert: string, expr: string, duration: string, severity: NamedAlertRule['severity'], summary: string): NamedAlertRule => ({
    alert,
    expr,
    for: duration,
    severity,
    labels: {},
    annotations: { summary },
  });
  const root = sel('cadvisor', ', id="/"');
  return [
    rule(
      'EdgeNodeDown',
      `up${sel('kubelet')} == 0`,
      '5m',
      'critical',
      'The kubelet of node {{ $labels.instance }} has not answered scrapes for 5 minutes.',
    ),
    rule(
      'EdgeDiskFilling',
      `max ${by('instance', 'device')} (container_fs_usage_bytes${root} / container_fs_limit_bytes${root}) > 0.85`,
      '15m',
      'warning',
      'Disk {{ $labels.device }} of node {{ $labels.instance }} is {{ $value | humanizePercentage }} full.',
    ),
    rule(
      'EdgeVolumeFillingUp',
      `predict_linear(kubelet_volume_stats_available_bytes${sel('kubelet')}[1h], 6 * 3600) < 0 and kubelet_volume_stats_available_bytes${sel('kubelet')} / kubelet_volume_stats_capacity_bytes${sel('kubelet')} < 0.2`,
      '15m',
      'warning',
      'Volume {{ $labels.persistentvolumeclaim }} on node {{ $labels.instance }} fills up within 6 hours at the current rate.',
    ),
    rule(
      'EdgeMemoryPressure',
      `max ${by('instance')} (container_memory_working_set_bytes${root}) / max ${by('instance')} (machine_memory_bytes${sel('cadvisor')}) > 0.9`,
      '10m',
      'warning',
      'Node {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its memory.',
    ),
    // Every start of a container is a new cAdvisor series (a new container id): more than 3 in 15 minutes is a crash loop.
    rule(
      'EdgePodCrashLooping',
      `count ${by('namespace', 'pod', 'container')} (last_over_time(container_start_time_seconds${sel('cadvisor', ', container!="", container!="POD"')}[15m])) > 3`,
      '0s',
      'warning',
      'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} started more than 3 times in 15 minutes.',
    ),
    rule(
      'EdgeCertificateExpiring',
      `min ${by('instance')} (kubelet_certificate_manager_client_ttl_seconds${sel('kubelet')} or kubelet_certificate_manager_server_ttl_seconds${sel('kubelet')}) < ${30 * DAY}`,
      '1h',
      'warning',
      'A kubelet certificate of node {{ $labels.instance }} expires in {{ $value | humanizeDuration }}; k3s renews certificates when it restarts.',
    ),
  ];
}

/** A rule group as Prometheus reads it (`groups[]` of a rule file). */
function groupJson(group: AlertRuleGroup): Record<string, unknown> {
  return {
    name: group.name,
    ...(group.interval ? { interval: group.interval } : {}),
    rules: group.rules.map((r) => ({
      alert: r.alert,
      expr: r.expr,
      ...(r.for !== '0s' ? { for: r.for } : {}),
      labels: { ...r.labels, severity: r.severity },
      ...(Object.keys(r.annotations).length > 0 ? { annotations: r.annotations } : {}),
    })),
  };
}

/** A Prometheus rule file (`rule_files`, `promtool check rules`). Serialize it with `toYaml`. */
export function ruleFile(groups: readonly AlertRuleGroup[]): Record<string, unknown> {
  return { groups: groups.filter((g) => g.rules.length > 0).map(groupJson) };
}

/** Rules by name, sorted, as named rules. */
export function namedRules(rules: Readonly<Record<string, ResolvedAlertRule>>): NamedAlertRule[] {
  return Object.keys(rules)
    .sort()
    .map((alert) => ({ alert, ...rules[alert] }));
}
