import { isDeepStrictEqual } from 'node:util';
import type { Problem } from '../model/problem';
import { parseMemoryMiB } from '../model/quantity';
import type { ResolvedSite } from '../model/resolved-site';
import type { KubeObject } from '../util/kube-object';

/*
 * Upgrade safety: a cluster's new objects against those of the tree it
 * runs now. Kubernetes validates an update against the stored object, so a
 * change it refuses makes the GitOps engine fail to apply the whole
 * cluster; a namespace removed takes its claims (and their data) with it.
 */

/** Kinds whose updates this check looks at; other objects can be skipped before parsing. */
export const UPGRADE_CHECKED_KINDS = [
  'PersistentVolumeClaim',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'Service',
  'Job',
  'Namespace',
] as const;

/** A change the cluster would refuse, or that would lose data. */
export interface UpgradeFinding {
  /** The object, as `upgrade.allowReplace` names it: `Kind/namespace/name` or `Kind/name`. */
  readonly ref: string;
  /** The offending field, dotted. */
  readonly field: string;
  readonly message: string;
  readonly hint: string;
}

/** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object. */
export function objectRef(o: KubeObject): string {
  return o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`;
}

type Spec = Record<string, unknown>;
const specOf = (o: KubeObject): Spec => (o.spec ?? {}) as Spec;

function replaceHint(ref: string, keep: string): string {
  return (
    `${keep}, or give the object a new name (the old one is pruned, the new one created), ` +
    `or, on purpose, list "${ref}" in upgrade.allowReplace and delete the object on the cluster before it syncs`
  );
}

/**
 * Fields the API server keeps as they are on update, per kind. Sources
 * (kubernetes/kubernetes):
 * - Deployment, DaemonSet `spec.selector`: pkg/registry/apps/deployment/strategy.go and
 *   pkg/registry/apps/daemonset/strategy.go, ValidateUpdate: `ValidateImmutableField(new.Spec.Selector,
 *   old.Spec.Selector, ...)` for apps/v1 (immutable since apps/v1beta2, kubernetes#50808).
 * - StatefulSet: pkg/apis/apps/validation/validation.go, ValidateStatefulSetUpdate: "updates to
 *   statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy',
 *   'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"; selector,
 *   volumeClaimTemplates, serviceName and podManagementPolicy are checked here.
 * - Job: pkg/apis/batch/validation/validation.go, ValidateJobSpecUpdate:
 *   `ValidateImmutableField(spec.Selector, ...)` and `(spec.Template, ...)`.
 */
const IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['selector'],
  DaemonSet: ['selector'],
  StatefulSet: ['selector', 'volumeClaimTemplates', 'serviceName', 'podManagementPolicy'],
  Job: ['selector', 'template'],
};

function immutableFindings(old: KubeObject, next: KubeObject): UpgradeFinding[] {
  const ref = objectRef(next);
  return (IMMUTABLE_FIELDS[next.kind] ?? [])
    .filter((f) => !isDeepStrictEqual(specOf(old)[f], specOf(next)[f]))
    .map((f) => ({
      ref,
      field: `spec.${f}`,
      message: `changes, and the API server refuses to change it on an existing ${next.kind} (field is immutable)`,
      hint: replaceHint(ref, `keep spec.${f} as it was`),
    }));
}

/**
 * Service `spec.clusterIP`: pkg/apis/core/validation/validation.go,
 * validateServiceClusterIPsRelatedFields: "may not change once set". Left
 * out of the manifest it is fine: the allocated address is kept on update.
 */
function serviceFindings(old: KubeObject, next: KubeObject): UpgradeFinding[] {
  const before = specOf(old).clusterIP;
  const after = specOf(next).clusterIP;
  if (after === undefined || after === before) return [];
  const ref = objectRef(next);
  return [
    {
      ref,
      field: 'spec.clusterIP',
      message: `changes from ${before === undefined ? 'the allocated address' : `"${before}"`} to "${after}", and a Service's cluster IP may not change once set`,
      hint: replaceHint(ref, 'leave spec.clusterIP as it was (or unset)'),
    },
  ];
}

const storageOf = (spec: Spec): string | undefined =>
  ((spec.resources as Spec | undefined)?.requests as Spec | undefined)?.storage as string | undefined;
const classOf = (spec: Spec): string => (spec.storageClassName as string | undefined) ?? 'the cluster default';

/**
 * PersistentVolumeClaim: pkg/apis/core/validation/validation.go,
 * ValidatePersistentVolumeClaimUpdate: "spec is immutable after creation
 * except resources.requests and volumeAttributesClassName for bound claims",
 * and a storage request "can not be less than" the previous value (shrinking
 * is not supported; https://kubernetes.io/docs/concepts/storage/persistent-volumes/#expanding-persistent-volumes-claims).
 */
function claimFindings(old: KubeObject, next: KubeObject): UpgradeFinding[] {
  const ref = objectRef(next);
  const before = specOf(old);
  const after = specOf(next);
  const findings: UpgradeFinding[] = [];
  const [oldSize, newSize] = [storageOf(before), storageOf(after)];
  if (oldSize && newSize && (parseMemoryMiB(newSize) ?? 0) < (parseMemoryMiB(oldSize) ?? 0)) {
    findings.push({
      ref,
      field: 'spec.resources.requests.storage',
      message: `shrinks from ${oldSize} to ${newSize}: a claim only grows (the API server refuses a smaller request, and no provisioner shrinks a volume)`,
      hint: `keep the size at ${oldSize} or more (for the Prometheus WAL volume, metrics.volumeSize), or, on purpose, set the size explicitly, list "${ref}" in upgrade.allowReplace and delete the claim on the cluster before it syncs (its data is lost)`,
    });
  }
  if (classOf(before) !== classOf(after)) {
    findings.push({
      ref,
      field: 'spec.storageClassName',
      message: `changes from ${classOf(before)} to ${classOf(after)}, and a bound claim's storage class cannot change`,
      hint: replaceHint(ref, `keep the storage class (for the Prometheus WAL volume, metrics.storageClass)`) + ' (its data is lost)',
    });
  }
  const rest = (spec: Spec): Spec => {
    const { resources: _resources, storageClassName: _class, volumeAttributesClassName: _attributes, ...others } = spec;
    return others;
  };
  for (const f of new Set([...Object.keys(rest(before)), ...Object.keys(rest(after))])) {
    if (isDeepStrictEqual(before[f], after[f])) continue;
    findings.push({
      ref,
      field: `spec.${f}`,
      message: 'changes, and a bound claim keeps it as created',
      hint: replaceHint(ref, `keep spec.${f} as it was`) + ' (its data is lost)',
    });
  }
  return findings;
}

const UPDATE_CHECKS: Readonly<Record<string, (old: KubeObject, next: KubeObject) => UpgradeFinding[]>> = {
  PersistentVolumeClaim: claimFindings,
  Service: serviceFindings,
  Deployment: immutableFindings,
  DaemonSet: immutableFindings,
  StatefulSet: immutableFindings,
  Job: immutableFindings,
};

/** Namespaces holding claims: their own, and those a StatefulSet's volumeClaimTemplates create. */
function namespacesWithClaims(objects: readonly KubeObject[]): Set<string> {
  const held = new Set<string>();
  for (const o of objects) {
    const claims =
      o.kind === 'PersistentVolumeClaim' ||
      (o.kind === 'StatefulSet' && ((specOf(o).volumeClaimTemplates as unknown[] | undefined)?.length ?? 0) > 0);
    if (claims && o.metadata.namespace) held.add(o.metadata.namespace);
  }
  return held;
}

/**
 * Compares one cluster's objects with those of its previous tree: every
 * change the API server would refuse, or a namespace holding claims that
 * goes away (pruning it deletes the claims and their volumes' data).
 * Objects listed in `allowReplace` are let through.
 */
export function compareForUpgrade(
  previous: readonly KubeObject[],
  next: readonly KubeObject[],
  allowReplace: readonly string[] = [],
): UpgradeFinding[] {
  const allowed = new Set(allowReplace);
  const byRef = new Map(next.map((o) => [objectRef(o), o]));
  const findings: UpgradeFinding[] = [];
  for (const old of previous) {
    const ref = objectRef(old);
    if (allowed.has(ref)) continue;
    const now = byRef.get(ref);
    if (now) findings.push(...(UPDATE_CHECKS[old.kind]?.(old, now) ?? []));
  }
  const held = namespacesWithClaims(previous);
  for (const ns of previous.filter((o) => o.kind === 'Namespace' && held.has(o.metadata.name))) {
    const ref = objectRef(ns);
    if (byRef.has(ref) || allowed.has(ref)) continue;
    findings.push({
      ref,
      field: 'metadata.name',
      message: `is removed while it holds persistent volume claims: pruning it deletes them and their data`,
      hint: `keep the namespace (namespaces.platform / namespaces.apps), or, on purpose, list "${ref}" in upgrade.allowReplace (back up the claims' data first)`,
    });
  }
  return findings;
}

/** Upgrade findings of one site as problems naming the site, the object and the field. */
export function checkUpgrade(site: ResolvedSite, previous: readonly KubeObject[], next: readonly KubeObject[]): Problem[] {
  return compareForUpgrade(previous, next, site.settings.upgrade.allowReplace).map((f) => ({
    path: site.path,
    site: site.cluster,
    field: `${f.ref} ${f.field}`,
    message: f.message,
    hint: f.hint,
  }));
}
