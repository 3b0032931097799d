import { z } from 'zod';

/*
 * The `labels` setting reaches a site's objects (Kustomize `labels:` in the
 * cluster's kustomization.yaml), the Prometheus external labels, the log
 * labels and the Fleet Cluster labels. edgefleet's own labels must win
 * everywhere, so a user label may not take their place.
 */

/** Label key prefixes edgefleet's own object and Fleet Cluster labels use (see components/labels.ts, layout/fleet-labels.ts). */
export const RESERVED_LABEL_PREFIXES = ['app.kubernetes.io/', 'edgefleet.io/', 'kubernetes.io/'] as const;
/** External labels edgefleet sets on every metric and log line itself. */
export const RESERVED_EXTERNAL_LABELS = ['cluster', 'site', 'tier', 'region', 'device_classes'] as const;

/** A label key as a Prometheus/Loki label name: every character outside [a-zA-Z0-9_] becomes "_", as Prometheus' Kubernetes discovery does. */
export function externalLabelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The site's labels as external labels of its metrics and logs. */
export function externalLabelsOf(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(labels).sort().map((key) => [externalLabelName(key), labels[key]]));
}

/** Rules of a site's merged labels: no reserved key, no two keys that become the same external label name. */
export function refineSiteLabels(labels: Readonly<Record<string, string>>, ctx: z.RefinementCtx): void {
  const byName = new Map<string, string>();
  for (const key of Object.keys(labels).sort()) {
    const prefix = RESERVED_LABEL_PREFIXES.find((p) => key.startsWith(p) || key.includes(`.${p}`));
    const name = externalLabelName(key);
    if (prefix) {
      ctx.addIssue({ code: 'custom', path: [key], message: `label "${key}" uses the prefix ${prefix}, which edgefleet and Kubernetes keep for themselves`, params: { hint: 'use a prefix of your own, e.g. "acme.example/team", or none' } });
    } else if ((RESERVED_EXTERNAL_LABELS as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `label "${key}" would become the external label "${name}", which edgefleet sets on every metric and log line`, params: { hint: `rename it; ${RESERVED_EXTERNAL_LABELS.join(', ')} are taken` } });
    } else if (byName.has(name)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `labels "${byName.get(name)}" and "${key}" both become the external label "${name}"`, params: { hint: 'keep one of them: metric and log label names allow only letters, digits and "_"' } });
    }
    byName.set(name, key);
  }
}
