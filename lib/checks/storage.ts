import type { ResolvedDeviceClass } from '../model/device-class';
import type { Problem } from '../model/problem';
import { describeMemory, parseMemoryMiB } from '../model/quantity';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderedUnit } from '../render/render-unit';
import { KubeObject, PodSpec, workloadSpecOf } from '../util/kube-object';
import { describeNodes, eligible } from './capacity';

/** A claim of the cluster and the device classes its pod may run on. */
interface Claim {
  readonly name: string;
  readonly sizeMiB: number;
  /** Device-class names of the nodes the claim may land on, sorted. */
  readonly classes: readonly string[];
  readonly unit: RenderedUnit;
  readonly object: KubeObject;
}

function storageOf(spec: unknown): number {
  const storage = (spec as { resources?: { requests?: { storage?: unknown } } } | undefined)?.resources?.requests?.storage;
  return typeof storage === 'string' ? (parseMemoryMiB(storage) ?? 0) : 0;
}

/** Every claim of the rendered units (PersistentVolumeClaims, and StatefulSet claim templates times replicas), with where it may land. */
function claimsOf(site: ResolvedSite, units: readonly RenderedUnit[]): Claim[] {
  const classes = [...new Map(site.nodes.map((n) => [n.deviceClass.name, n.deviceClass])).values()];
  const where = (pod: PodSpec | undefined) =>
    classes
      .filter((dc: ResolvedDeviceClass) => !pod || eligible(pod, dc))
      .map((dc) => dc.name)
      .sort();
  const mountedBy = new Map<string, PodSpec>();
  const claims: Claim[] = [];
  for (const unit of units) {
    for (const object of unit.objects) {
      const spec = workloadSpecOf(object);
      const pod = spec?.template?.spec;
      if (!pod) continue;
      for (const v of pod.volumes ?? []) if (v.persistentVolumeClaim?.claimName) mountedBy.set(v.persistentVolumeClaim.claimName, pod);
      if (object.kind !== 'StatefulSet') continue;
      for (const template of spec.volumeClaimTemplates ?? []) {
        const sizeMiB = storageOf(template.spec) * (spec.replicas ?? 1);
        claims.push({ name: `${object.metadata.name}/${template.metadata?.name}`, sizeMiB, classes: where(pod), unit, object });
      }
    }
  }
  for (const unit of units) {
    for (const object of unit.objects) {
      if (object.kind !== 'PersistentVolumeClaim') continue;
      claims.push({
        name: object.metadata.name,
        sizeMiB: storageOf(object.spec),
        classes: where(mountedBy.get(object.metadata.name)),
        unit,
        object,
      });
    }
  }
  return claims;
}

/**
 * Persistent storage of one site against its nodes' `disk`: each claim must
 * fit on one node it may land on (a local-path volume lives on one node's
 * disk), and the claims that may land only on some device classes must fit
 * on the disks of those classes' nodes together (the whole site included).
 * An app's volume is reported at the app's `volumes` field.
 */
export function checkStorage(site: ResolvedSite, units: readonly RenderedUnit[]): Problem[] {
  const problems: Problem[] = [];
  const claims = claimsOf(site, units);
  const diskOf = (classes: readonly string[]) =>
    site.nodes.filter((n) => classes.includes(n.deviceClass.name)).reduce((sum, n) => sum + n.deviceClass.diskMiB * n.count, 0);
  const largestDisk = (classes: readonly string[]) =>
    Math.max(0, ...site.nodes.filter((n) => classes.includes(n.deviceClass.name)).map((n) => n.deviceClass.diskMiB));
  const at = (claim: Claim): Pick<Problem, 'path' | 'field'> => {
    for (const app of site.apps) {
      const i = app.volumes.findIndex((v) => v.claimName === claim.name);
      if (i >= 0) return { path: app.path, field: `volumes.${i}.size` };
    }
    return { path: `${site.path} > ${claim.unit.name}`, field: `${claim.object.kind}/${claim.name}.spec.resources.requests.storage` };
  };
  const hint = 'lower the volume size, give the device class a larger `disk`, or add nodes';
  for (const claim of claims) {
    const largest = largestDisk(claim.classes);
    if (claim.classes.length > 0 && claim.sizeMiB > largest) {
      problems.push({
        ...at(claim),
        site: site.cluster,
        message: `claim ${claim.name} of ${describeMemory(claim.sizeMiB)} fits on no node's disk it may land on (largest ${describeMemory(largest)} on ${claim.classes.join(', ')})`,
        hint,
      });
    }
  }
  const allClasses = [...new Set(site.nodes.map((n) => n.deviceClass.name))].sort();
  const groups = new Map([[allClasses.join(','), allClasses], ...claims.map((c) => [c.classes.join(','), c.classes] as const)]);
  for (const classes of groups.values()) {
    const inside = claims.filter((c) => c.classes.every((name) => classes.includes(name)));
    const total = inside.reduce((n, c) => n + c.sizeMiB, 0);
    const disk = diskOf(classes);
    if (inside.length > 1 && total > disk) {
      problems.push({
        path: site.path,
        site: site.cluster,
        field: `nodes (disk${classes.length < allClasses.length ? ` of ${classes.join(', ')}` : ''})`,
        message: `claims ${describeMemory(total)} (${inside.map((c) => `${c.name} ${describeMemory(c.sizeMiB)}`).join(', ')}) > disk ${describeMemory(disk)} of ${classes.length < allClasses.length ? `the ${classes.join(', ')} nodes` : describeNodes(site)}`,
        hint,
      });
    }
  }
  return problems;
}
