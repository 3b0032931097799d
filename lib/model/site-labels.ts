import { z } from 'zod';
import { EXTERNAL_LABELS, externalLabelName, RESERVED_LABEL_PREFIXES } from './label-keys';

/*
 * The `labels` setting reaches a site's objects (Kustomize `labels:` in the
 * cluster's kustomization.yaml), the Prometheus external labels, the log
 * labels and the Fleet Cluster labels. edgefleet's own labels must win
 * everywhere, so a user label may not take their place.
 */

/** External label names edgefleet sets on every metric and log line itself. */
const RESERVED_EXTERNAL_LABELS: readonly string[] = Object.values(EXTERNAL_LABELS);

/** The site's labels as external labels of its metrics and logs. */
export function externalLabelsOf(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(labels)
      .sort()
      .map((key) => [externalLabelName(key), labels[key]]),
  );
}

/** Rules of a site's merged labels: no reserved key, no two keys that become the same external label name. */
export function refineSiteLabels(labels: Readonly<Record<string, string>>, ctx: z.RefinementCtx): void {
  const byName = new Map<string, string>();
  for (const key of Object.keys(labels).sort()) {
    const prefix = RESERVED_LABEL_PREFIXES.find((p) => key.startsWith(p) || key.includes(`.${p}`));
    const name = externalLabelName(key);
    if (prefix) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `label "${key}" uses the prefix ${prefix}, which edgefleet and Kubernetes keep for themselves`,
        params: { hint: 'use a prefix of your own, e.g. "acme.example/team", or none' },
      });
    } else if (RESERVED_EXTERNAL_LABELS.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `label "${key}" would become the external label "${name}", which edgefleet sets on every metric and log line`,
        params: { hint: `rename it; ${RESERVED_EXTERNAL_LABELS.join(', ')} are taken` },
      });
    } else if (byName.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `labels "${byName.get(name)}" and "${key}" both become the external label "${name}"`,
        params: { hint: 'keep one of them: metric and log label names allow only letters, digits and "_"' },
      });
    }
    byName.set(name, key);
  }
}
