import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** The Flux and Fleet CRD schemas the tests validate against, copied into the repository (sources and hashes in SOURCES.md). */
export const SCHEMAS_DIR = join(__dirname, '..', 'schemas');

const CRD_SCHEMAS: Record<string, string> = {
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': 'flux/kustomization_v1.json',
  'source.toolkit.fluxcd.io/v1/GitRepository': 'flux/gitrepository_v1.json',
  'source.toolkit.fluxcd.io/v1/OCIRepository': 'flux/ocirepository_v1.json',
  'fleet.cattle.io/v1alpha1/GitRepo': 'fleet/gitrepo_v1alpha1.json',
  'fleet.cattle.io/v1alpha1/Bundle': 'fleet/bundle_v1alpha1.json',
  'fleet.cattle.io/v1alpha1/ClusterGroup': 'fleet/clustergroup_v1alpha1.json',
};

/**
 * SealedSecret (bitnami.com/v1alpha1) has no schema in the shared set: the
 * part edgefleet relies on, after the CRD of bitnami-labs/sealed-secrets
 * (spec.encryptedData, a map of base64 ciphertexts; an optional template).
 */
const SEALED_SECRET_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    metadata: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, namespace: { type: 'string' } } },
    spec: {
      type: 'object',
      required: ['encryptedData'],
      properties: {
        encryptedData: { type: 'object', additionalProperties: { type: 'string', pattern: '^[A-Za-z0-9+/=]+$' } },
        template: { type: 'object' },
      },
    },
  },
};

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ReturnType<Ajv['compile']>>();

interface ObjectLike {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
}

/**
 * Validates one object: core Kubernetes kinds against the upstream OpenAPI
 * schema (kubernetes-models), Flux and Fleet kinds against the shared CRD
 * schemas. Returns the errors; an object of an unknown kind is an error too,
 * so nothing slips through unvalidated.
 */
export function validateObject(object: ObjectLike): string[] {
  const id = `${object.apiVersion}/${object.kind}`;
  const label = `${id} ${object.metadata?.name ?? '?'}`;
  if (id === 'bitnami.com/v1alpha1/SealedSecret') {
    const validate = ajv.compile(SEALED_SECRET_SCHEMA);
    return validate(object) ? [] : [`${label}: ${ajv.errorsText(validate.errors)}`];
  }
  const crd = CRD_SCHEMAS[id];
  if (crd) {
    let validate = compiled.get(crd);
    if (!validate) {
      validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, crd), 'utf8')));
      compiled.set(crd, validate);
    }
    return validate(object) ? [] : [`${label}: ${ajv.errorsText(validate.errors)}`];
  }
  let Model: new (data: unknown) => { validate(): void };
  try {
    // kubernetes-models lays modules out as <group>/<version>/<Kind>; the core group is bare <version>.
    Model = require(`kubernetes-models/${object.apiVersion}/${object.kind}`)[object.kind];
  } catch {
    return [`${label}: no schema to validate this kind against`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${label}: ${(error as Error).message}`];
  }
}
