import { z } from 'zod';

/** CPU architectures as the `kubernetes.io/arch` node label spells them. */
export const ARCHES = ['amd64', 'arm64', 'arm'] as const;
/** A CPU architecture as the `kubernetes.io/arch` node label spells it. */
export type Arch = (typeof ARCHES)[number];

export const archSchema = z.enum(ARCHES, {
  error: (issue) => `unknown arch ${JSON.stringify(issue.input)}; use one of ${ARCHES.join(', ')}`,
});

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: what Kubernetes accepts as a namespace or directory-safe name. */
export const dnsLabel = z
  .string()
  .max(63, { message: 'must be at most 63 characters (DNS-1123 label)', abort: true })
  .refine((name) => DNS_1123_LABEL.test(name), {
    message: 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
    params: { hint: 'e.g. "hamburg-altona-2": lower-case, "-" instead of "_", spaces or dots' },
  });

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A DNS-1035 label: a DNS-1123 label that starts with a letter. Service names
 * must be one (the API server refuses `2pos`), so app ids are too.
 */
export const dns1035Label = z
  .string()
  .max(63, { message: 'must be at most 63 characters (DNS-1035 label)', abort: true })
  .refine((name) => DNS_1035_LABEL.test(name), {
    message:
      'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (it names a Service)',
    params: { hint: 'e.g. "pos-gateway" or "app2" for "2app": start with a letter' },
  });

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a Kubernetes qualified name (`[prefix/]name`, as label keys and taint keys are), or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix)))
    return `"${key}" has the prefix "${prefix}", which is not a DNS-1123 subdomain`;
  if (name.length > 63 || !LABEL_NAME.test(name))
    return `"${key}" is not a qualified name: at most 63 characters of [A-Za-z0-9_.-] after the optional "prefix/", starting and ending with a letter or digit`;
  return undefined;
}

/** A Kubernetes qualified name, e.g. `node-role.kubernetes.io/edge` or `zone`. */
export const qualifiedName = z.string().superRefine((key, ctx) => {
  const problem = qualifiedNameProblem(key);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { hint: 'use a key such as "example.com/role" or "zone"' } });
});

/** A Kubernetes label value: at most 63 characters of [A-Za-z0-9_.-], starting and ending with a letter or digit, or empty. */
export const labelValue = z
  .string()
  .max(63, { abort: true })
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, { message: 'is not a valid label value' });

/** Most entries a map or list of user input may have, so that no input can make a synth slow. */
export const MAX_LABELS = 64;

/** Kubernetes labels: qualified-name keys, label values, at most MAX_LABELS of them. */
export const labelMap = z.record(qualifiedName, labelValue).refine((labels) => Object.keys(labels).length <= MAX_LABELS, {
  message: `must have at most ${MAX_LABELS} labels`,
  params: { hint: 'keep the labels that select or describe something' },
});
