import { z } from 'zod';
import { envName, MAX_ENTRIES, mountPath } from './app-pod';
import { dnsLabel } from './names';

/*
 * How an app uses the Secrets its secret files define (SOPS-encrypted
 * Secrets or SealedSecrets, see lib/checks/secrets.ts): as environment
 * variables from single keys, or mounted as files. Which Secrets exist is
 * known only per site (secret files can come from the site or its tier), so
 * the references are checked at synth time, per site (lib/checks/secret-refs.ts).
 */

/** One key of a Secret. */
export interface SecretKeyRef {
  /** Name of the Secret (its `metadata.name` in one of the app's secret files). */
  readonly secret: string;
  /** Key in the Secret's `data` (SOPS) or `spec.encryptedData` (SealedSecret). */
  readonly key: string;
}

/** A Secret mounted read-only as files, one per key. */
export interface SecretMount {
  /** Name of the Secret (its `metadata.name` in one of the app's secret files). */
  readonly secret: string;
  /** Absolute directory in the main container. */
  readonly mountPath: string;
}

/** The Secret-consuming props of an app. */
export interface AppSecretsProps {
  /** Environment variables of the main container taken from Secret keys, by variable name. @default {} */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /** Secrets mounted read-only into the main container. @default [] */
  readonly secretMounts?: readonly SecretMount[];
}

/** Resolved form: plain data. */
export interface ResolvedAppSecrets {
  readonly secretEnv: Readonly<Record<string, SecretKeyRef>>;
  readonly secretMounts: readonly SecretMount[];
}

/** Kubernetes Secret data keys: `[-._a-zA-Z0-9]+`, at most 253 characters. */
const secretKey = z
  .string()
  .max(253)
  .regex(/^[-._a-zA-Z0-9]+$/, { message: 'must be a Secret data key ([-._a-zA-Z0-9]+)' });

export const appSecretsShape = {
  secretEnv: z
    .record(envName, z.object({ secret: dnsLabel, key: secretKey }).strict())
    .refine((env) => Object.keys(env).length <= MAX_ENTRIES, {
      message: `must have at most ${MAX_ENTRIES} variables`,
      params: { hint: 'mount the Secret with secretMounts instead' },
    })
    .default({}),
  secretMounts: z
    .array(z.object({ secret: dnsLabel, mountPath }).strict())
    .max(16)
    .default([]),
};

/** What the cross-field rules look at. */
interface SecretsInput extends ResolvedAppSecrets {
  readonly env: Readonly<Record<string, string>>;
  readonly writablePaths: readonly string[];
  readonly configMountPath?: string;
}

const trimmed = (path: string) => path.replace(/\/+$/, '') || '/';

/** A variable set twice (the pod would silently keep one) and secret mounts on paths already mounted. */
export function checkAppSecrets(id: string, app: SecretsInput, ctx: z.RefinementCtx): void {
  for (const name of Object.keys(app.secretEnv)) {
    if (name in app.env)
      ctx.addIssue({
        code: 'custom',
        path: ['secretEnv', name],
        message: `${name} is also set in env`,
        params: { hint: 'set each variable once: in env or in secretEnv' },
      });
  }
  const taken = new Set([...app.writablePaths, app.configMountPath ?? `/etc/${id}`].map(trimmed));
  app.secretMounts.forEach((m, i) => {
    if (taken.has(trimmed(m.mountPath))) {
      ctx.addIssue({
        code: 'custom',
        path: ['secretMounts', i, 'mountPath'],
        message: `${m.mountPath} is already mounted (writablePaths, configMountPath or another secret mount)`,
        params: { hint: 'mount each Secret at a directory of its own' },
      });
    }
    taken.add(trimmed(m.mountPath));
  });
}

/** Resolves the parsed props. */
export function resolveAppSecrets(parsed: ResolvedAppSecrets): ResolvedAppSecrets {
  return { secretEnv: parsed.secretEnv, secretMounts: parsed.secretMounts };
}
