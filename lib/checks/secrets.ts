import { parseAllDocuments } from 'yaml';
import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import { checkSecretRefs } from './secret-refs';

/** What an app's secret file turned out to be. */
export type SecretFileKind = 'sops' | 'sealed-secret';

type Doc = Record<string, unknown>;

function isMap(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SOPS writes `mac` and `lastmodified` into every encrypted file's `sops` block. */
function hasSopsMetadata(doc: Doc): boolean {
  const sops = doc.sops;
  return isMap(sops) && typeof sops.mac === 'string' && sops.lastmodified !== undefined;
}

/** Values of a Secret's data/stringData that SOPS did not encrypt (SOPS writes `ENC[...]`). */
function plaintextKeys(doc: Doc): string[] {
  const keys: string[] = [];
  for (const field of ['data', 'stringData']) {
    const values = doc[field];
    if (!isMap(values)) continue;
    for (const [key, value] of Object.entries(values)) {
      if (!(typeof value === 'string' && value.startsWith('ENC['))) keys.push(`${field}.${key}`);
    }
  }
  return keys;
}

function isSealedSecret(doc: Doc): boolean {
  return doc.apiVersion === 'bitnami.com/v1alpha1' && doc.kind === 'SealedSecret' && isMap(doc.spec) && isMap(doc.spec.encryptedData);
}

/**
 * Classifies one secret file: every document must be SOPS-encrypted (SOPS
 * metadata, and every Secret value `ENC[...]`) or a SealedSecret. Returns
 * the kind, or the reason it is refused.
 */
export function classifySecretFile(text: string): { kind: SecretFileKind } | { error: string } {
  const docs = parseAllDocuments(text);
  if (docs.length === 0) return { error: 'is empty' };
  const kinds = new Set<SecretFileKind>();
  for (const parsed of docs) {
    if (parsed.errors.length > 0) return { error: `is not valid YAML or JSON (${parsed.errors[0].message.split('\n')[0]})` };
    const doc: unknown = parsed.toJS();
    if (!isMap(doc)) return { error: 'holds a document that is not an object' };
    if (isSealedSecret(doc)) {
      kinds.add('sealed-secret');
      continue;
    }
    if (!hasSopsMetadata(doc))
      return { error: 'has no SOPS metadata (a `sops:` block with `mac` and `lastmodified`) and is not a SealedSecret' };
    const plain = plaintextKeys(doc);
    if (plain.length > 0) return { error: `carries SOPS metadata but ${plain.join(', ')} is not encrypted (not ENC[...])` };
    kinds.add('sops');
  }
  if (kinds.size > 1) return { error: 'mixes SOPS-encrypted documents and SealedSecrets; put them in separate files' };
  return { kind: [...kinds][0] };
}

/**
 * Checks the secret files of a site's apps: each must be SOPS-encrypted or a
 * SealedSecret (Rancher Fleet has no SOPS decryption, so on Fleet sites only
 * SealedSecrets pass), and the app must use what they define (checkSecretRefs).
 */
export function checkSecretFiles(site: ResolvedSite): Problem[] {
  const problems: Problem[] = [];
  for (const app of site.apps) {
    const usable: string[] = [];
    for (const [file, text] of Object.entries(app.secretFiles).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const where = { path: app.path, site: site.cluster, field: `secretFiles.${file}` };
      const result = classifySecretFile(text);
      if ('error' in result) {
        problems.push({
          ...where,
          message: `app ${app.name}: ${file} ${result.error}`,
          hint: 'encrypt it with `sops --encrypt` (or seal it with kubeseal) and pass the encrypted file unchanged',
        });
      } else if (result.kind === 'sops' && site.settings.gitops.engine === 'fleet') {
        problems.push({
          ...where,
          message: `app ${app.name}: ${file} is SOPS-encrypted, but Rancher Fleet cannot decrypt SOPS`,
          hint: 'on Fleet sites use a SealedSecret (kubeseal) instead',
        });
      } else {
        usable.push(file);
      }
    }
    problems.push(...checkSecretRefs(site, app, usable));
  }
  return problems;
}

/** Who renders a unit, for messages: the app (or its render hook), else the platform unit. */
export function unitSource(unitName: string): string {
  if (unitName.startsWith('hook-')) return `the render hook of app ${unitName.slice(5)}`;
  if (unitName.startsWith('app-')) return `app ${unitName.slice(4)}`;
  return `platform unit ${unitName}`;
}
