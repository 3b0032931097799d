import { parseAllDocuments } from 'yaml';
import type { ResolvedApp } from '../model/resolved-app';
import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';

/** A Secret one of an app's secret files defines, as far as its clear-text parts tell. */
interface DefinedSecret {
  readonly file: string;
  readonly name: string;
  readonly namespace?: string;
  /** Data keys: SOPS encrypts the values only, and a SealedSecret lists its keys in `spec.encryptedData`. */
  readonly keys: readonly string[];
}

/** The fields of a Secret or SealedSecret document read here. */
interface SecretDoc {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: string };
  readonly data?: Readonly<Record<string, unknown>>;
  readonly stringData?: Readonly<Record<string, unknown>>;
  readonly spec?: { readonly encryptedData?: Readonly<Record<string, unknown>> };
}

/** The Secrets of a secret file that classifySecretFile accepted: SOPS-encrypted Secrets or SealedSecrets. */
export function definedSecrets(file: string, text: string): DefinedSecret[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as SecretDoc)
    .filter(
      (doc): doc is SecretDoc & { metadata: { name: string } } =>
        (doc.kind === 'Secret' || doc.kind === 'SealedSecret') && typeof doc.metadata?.name === 'string',
    )
    .map((doc) => ({
      file,
      name: doc.metadata.name,
      namespace: doc.metadata.namespace,
      keys: Object.keys((doc.kind === 'SealedSecret' ? doc.spec?.encryptedData : { ...doc.data, ...doc.stringData }) ?? {}),
    }));
}

/**
 * The Secrets an app uses on a site against those its secret files there
 * define (the app's own, its tier's and the site's, see appValues): every
 * referenced Secret exists, in the apps namespace (Flux and Fleet apply a
 * Secret without a namespace to `default`, where the pod cannot use it),
 * with the key read; and every secret file defines a Secret the app uses.
 */
export function checkSecretRefs(site: ResolvedSite, app: ResolvedApp, usable: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string, message: string, hint: string) => problems.push({ path: app.path, site: site.cluster, field, message, hint });
  const { apps: namespace } = site.settings.namespaces;
  const defined = usable.flatMap((file) => definedSecrets(file, app.secretFiles[file]));
  // A registry credential counts as used when any app of the site pulls with it (see pull-secrets.ts).
  const used = new Set<string>(site.apps.flatMap((a) => a.imagePullSecrets));
  const refs = [
    ...Object.entries(app.secretEnv).map(([variable, ref]) => ({
      field: `secretEnv.${variable}`,
      secret: ref.secret,
      key: ref.key as string | undefined,
    })),
    ...app.secretMounts.map((m, i) => ({ field: `secretMounts.${i}`, secret: m.secret, key: undefined })),
  ];
  const files = Object.keys(app.secretFiles).sort();
  for (const ref of refs) {
    used.add(ref.secret);
    const secret = defined.find((s) => s.name === ref.secret);
    if (!secret) {
      at(
        `${ref.field}.secret`,
        `app ${app.name} uses Secret ${ref.secret}, which none of its secret files on this site defines (${files.length > 0 ? `files: ${files.join(', ')}` : 'it has no secret files here'})`,
        `add a SOPS file or SealedSecret named ${ref.secret} to secretFiles (of the app, or appValues.${app.name}.secretFiles of the site or its tier)`,
      );
    } else if (secret.namespace !== namespace) {
      at(
        `secretFiles.${secret.file}`,
        `Secret ${ref.secret} of app ${app.name} is in namespace ${secret.namespace ?? '(none: default)'}, not the apps namespace ${namespace}`,
        `set metadata.namespace: ${namespace} before encrypting or sealing it`,
      );
    } else if (ref.key !== undefined && !secret.keys.includes(ref.key)) {
      at(
        `${ref.field}.key`,
        `Secret ${ref.secret} (${secret.file}) has no key ${ref.key} (its keys: ${secret.keys.join(', ') || 'none'})`,
        'use one of its keys',
      );
    }
  }
  for (const file of usable) {
    if (!defined.some((s) => s.file === file && used.has(s.name))) {
      at(
        `secretFiles.${file}`,
        `app ${app.name} uses none of the Secrets in ${file} (${
          defined
            .filter((s) => s.file === file)
            .map((s) => s.name)
            .join(', ') || 'no named Secret'
        })`,
        'reference it with secretEnv, secretMounts or imagePullSecrets, or remove the file',
      );
    }
  }
  return problems;
}
