import { parseAllDocuments } from 'yaml';
import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';

/** What image pull Secrets must be: kubelet reads only this type's `.dockerconfigjson` key. */
export const PULL_SECRET_TYPE = 'kubernetes.io/dockerconfigjson';

/** A Secret an encrypted secret file defines: SOPS keeps `kind`, `metadata` and `type` readable (`--encrypted-regex '^(data|stringData)$'`), a SealedSecret names the Secret it unseals to. */
interface DefinedSecret {
  readonly name: string;
  readonly namespace?: string;
  readonly type?: string;
}

type Doc = { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; type?: unknown; spec?: { template?: { type?: unknown } } };

function definedSecrets(site: ResolvedSite): DefinedSecret[] {
  const secrets: DefinedSecret[] = [];
  for (const app of site.apps) {
    for (const text of Object.values(app.secretFiles)) {
      for (const parsed of parseAllDocuments(text)) {
        const doc = parsed.toJS() as Doc | null;
        if (!doc || typeof doc.metadata?.name !== 'string' || (doc.kind !== 'Secret' && doc.kind !== 'SealedSecret')) continue;
        const type = doc.kind === 'Secret' ? doc.type : doc.spec?.template?.type;
        const namespace = doc.metadata.namespace;
        secrets.push({
          name: doc.metadata.name,
          namespace: typeof namespace === 'string' ? namespace : undefined,
          type: typeof type === 'string' ? type : undefined,
        });
      }
    }
  }
  return secrets;
}

/**
 * Each app's `imagePullSecrets` must be defined on the site, by an encrypted
 * `secretFiles` entry of one of its apps, as a Secret of type
 * kubernetes.io/dockerconfigjson in the apps namespace: otherwise the
 * kubelet cannot pull and the pod never starts.
 */
export function checkPullSecrets(site: ResolvedSite): Problem[] {
  const problems: Problem[] = [];
  const secrets = definedSecrets(site);
  const namespace = site.settings.namespaces.apps;
  for (const app of site.apps) {
    app.imagePullSecrets.forEach((name, i) => {
      const where = { path: app.path, site: site.cluster, field: `imagePullSecrets.${i}` };
      const found = secrets.find((s) => s.name === name && (s.namespace === undefined || s.namespace === namespace));
      if (!found) {
        problems.push({
          ...where,
          message: `app ${app.name} pulls with Secret ${name}, which no secret file of the site's apps defines in namespace ${namespace}`,
          hint: `add an encrypted Secret "${name}" of type ${PULL_SECRET_TYPE} (SOPS or SealedSecret) to the secretFiles of an app of this site`,
        });
      } else if (found.type !== PULL_SECRET_TYPE) {
        problems.push({
          ...where,
          message: `Secret ${name} has type ${found.type ?? 'Opaque'}, not ${PULL_SECRET_TYPE}`,
          hint: `create it with \`kubectl create secret docker-registry ${name} ...\`, then encrypt it`,
        });
      }
    });
  }
  return problems;
}
