/*
 * alertmanager.yml of a site, as a plain object. Only keys that Alertmanager
 * 0.25 (Debian's, amtool in CI) and 0.28 (the pinned image) both accept;
 * `matchers` lists take the 0.22+ matcher syntax
 * (prometheus/alertmanager docs/configuration.md).
 */

/** A webhook receiver on the site. */
export interface WebhookTarget {
  /** Full URL, e.g. http://turbine-guard.edge-apps.svc:8080/alert. */
  readonly url: string;
}

export interface AlertmanagerConfigProps {
  /** Where every alert goes, resolved ones too, when the link is up. */
  readonly hubWebhookUrl: string;
  /** Receivers of critical alerts on the site. */
  readonly criticalWebhooks: readonly WebhookTarget[];
}

/** Receiver names. */
export const HUB_RECEIVER = 'hub';
export const SITE_CRITICAL_RECEIVER = 'site-critical';

/**
 * Routes: `critical` to the site's own receivers at once (group_wait 0s) and,
 * through `continue`, on to the hub as well; everything else to the hub.
 * The hub route groups per alert, cluster and node and waits 30s, so a
 * flapping link or node sends one notification per group instead of a burst;
 * a notification the hub did not take is sent again at the next
 * group_interval (Alertmanager logs only successful notifications). A node
 * that is down inhibits the other alerts of that node.
 */
export function alertmanagerConfig(props: AlertmanagerConfigProps): Record<string, unknown> {
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: HUB_RECEIVER,
      group_by: ['alertname', 'cluster', 'instance'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        // A matching route with `continue` stops its parent's receiver from being used: the hub needs its own route after it.
        {
          receiver: SITE_CRITICAL_RECEIVER,
          matchers: ['severity="critical"'],
          group_wait: '0s',
          group_interval: '1m',
          repeat_interval: '1h',
          continue: true,
        },
        { receiver: HUB_RECEIVER },
      ],
    },
    inhibit_rules: [
      { source_matchers: ['alertname="EdgeNodeDown"'], target_matchers: ['alertname!="EdgeNodeDown"'], equal: ['cluster', 'instance'] },
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'cluster', 'instance'] },
    ],
    receivers: [
      { name: HUB_RECEIVER, webhook_configs: [{ url: props.hubWebhookUrl, send_resolved: true }] },
      { name: SITE_CRITICAL_RECEIVER, webhook_configs: props.criticalWebhooks.map((w) => ({ url: w.url, send_resolved: true })) },
    ],
  };
}
