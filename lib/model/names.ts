import { z } from 'zod';
import { yamlString } from './yaml-string';

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
  .max(63, { message: 'must be at most 63 characters (DNS-1123 label)' })
  .regex(DNS_1123_LABEL, {
    message: 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  });

/** Kubernetes label values: at most 63 characters of [A-Za-z0-9_.-]. */
export const labelMap = z.record(
  yamlString.min(1),
  z.string().max(63).regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, { message: 'is not a valid label value' }),
);
