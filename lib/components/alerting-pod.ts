import { createHash } from 'node:crypto';
import type { Arch } from '../model/names';
import { ANNOTATIONS, LABELS } from '../model/label-keys';
import { NON_ROOT_SECURITY_CONTEXT } from './container-security';

/*
 * What the two pods of local alerting (evaluator and Alertmanager) share:
 * one replica rolled with Recreate, the non-root hardening of the platform
 * stack, required arch affinity, and a hash of their shared config on the
 * pod template, since neither reloads a changed file by itself.
 */

/** The images' user (nobody). */
const NOBODY = 65534;

export const HARDENED_CONTAINER = {
  imagePullPolicy: 'IfNotPresent',
  securityContext: NON_ROOT_SECURITY_CONTEXT,
} as const;

/** Short content hash of config text. */
export function configHash(...texts: string[]): string {
  return createHash('sha256').update(texts.join('\0')).digest('hex').slice(0, 16);
}

/** Deployment spec around one pod spec. */
export function singlePodDeployment(
  name: string,
  labels: Record<string, string>,
  arches: readonly Arch[],
  hash: string,
  pod: Record<string, unknown>,
): Record<string, unknown> {
  return {
    replicas: 1,
    // Alertmanager's volume is ReadWriteOnce and the evaluator's TSDB is locked: the old pod goes first.
    strategy: { type: 'Recreate' },
    selector: { matchLabels: { [LABELS.name]: name } },
    template: {
      metadata: { labels, annotations: { [ANNOTATIONS.configHash]: hash } },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: NOBODY, runAsGroup: NOBODY, fsGroup: NOBODY },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: LABELS.arch, operator: 'In', values: [...arches] }] }],
            },
          },
        },
        ...pod,
      },
    },
  };
}
