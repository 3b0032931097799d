import { GPU_RESOURCES } from '../model/device-class';
import type { ResolvedDeviceClass } from '../model/device-class';
import { LABELS } from '../model/label-keys';
import type { Problem } from '../model/problem';
import { describeMemory, formatCpu, parseCpuMillis, parseMemoryMiB } from '../model/quantity';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderedUnit } from '../render/render-unit';
import { KubeObject, PodSpec, workloadSpecOf } from '../util/kube-object';
import { matchesRequirements } from '../util/label-selector';
import { gitopsAgentPods } from './gitops-agent';
import { objectProblem } from './object-problem';

/** What one node offers to workloads: capacity minus the k3s system reserve. */
interface NodeSlot {
  readonly deviceClass: ResolvedDeviceClass;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

interface PodRequests {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  /** Extended resources such as `nvidia.com/gpu`, as counts. */
  readonly extended: Readonly<Record<string, number>>;
}

/** The site's nodes; the first is the k3s server and keeps back the server reserve, the others the agent reserve. */
function nodeSlots(site: ResolvedSite): NodeSlot[] {
  const { server, agent } = site.settings.systemReserve;
  const slots: NodeSlot[] = [];
  for (const group of site.nodes) {
    for (let i = 0; i < group.count; i++) {
      const reserve = slots.length === 0 ? server : agent;
      slots.push({
        deviceClass: group.deviceClass,
        cpuMillis: group.deviceClass.cpuMillis - parseCpuMillis(reserve.cpu)!,
        memoryMiB: group.deviceClass.memoryMiB - parseMemoryMiB(reserve.memory)!,
      });
    }
  }
  return slots;
}

/**
 * Node labels by device class. `eligible` runs for every pod against every
 * node: building the labels each time was 0.3 s of a 33 s cold synth of
 * 10,000 sites (`--jobs 1`, CPU profile). Resolved device classes are not
 * changed once resolved.
 */
const nodeLabels = new WeakMap<ResolvedDeviceClass, Readonly<Record<string, string>>>();

function labelsOf(dc: ResolvedDeviceClass): Readonly<Record<string, string>> {
  let labels = nodeLabels.get(dc);
  if (!labels) nodeLabels.set(dc, (labels = { ...dc.nodeLabels, [LABELS.arch]: dc.arch, [LABELS.deviceClass]: dc.name }));
  return labels;
}

/**
 * Whether the scheduler may place the pod on a node of this class: node
 * selector, required affinity (a term with an operator a node selector does
 * not take matches no node: lib/util/label-selector.ts), taints.
 */
export function eligible(pod: PodSpec, dc: ResolvedDeviceClass): boolean {
  const labels = labelsOf(dc);
  if (Object.entries(pod.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length > 0 && !terms.some((term) => matchesRequirements('node', term.matchExpressions ?? [], labels))) return false;
  const tolerations = pod.tolerations ?? [];
  return dc.taints
    .filter((t) => t.effect !== 'PreferNoSchedule')
    .every((t) =>
      tolerations.some(
        (tol) =>
          (tol.key === undefined || tol.key === t.key) &&
          (tol.operator === 'Exists' || tol.value === t.value) &&
          (tol.effect === undefined || tol.effect === t.effect),
      ),
    );
}

function requestsOf(pod: PodSpec): PodRequests {
  let cpuMillis = 0;
  let memoryMiB = 0;
  const extended: Record<string, number> = {};
  for (const c of pod.containers ?? []) {
    for (const [key, value] of Object.entries(c.resources?.requests ?? {})) {
      if (key === 'cpu') cpuMillis += parseCpuMillis(String(value)) ?? 0;
      else if (key === 'memory') memoryMiB += parseMemoryMiB(String(value)) ?? 0;
      else extended[key] = (extended[key] ?? 0) + Number(value);
    }
  }
  return { cpuMillis, memoryMiB, extended };
}

function fits(pod: PodRequests, slot: NodeSlot): boolean {
  const gpu = slot.deviceClass.gpu;
  return (
    pod.cpuMillis <= slot.cpuMillis &&
    pod.memoryMiB <= slot.memoryMiB &&
    Object.entries(pod.extended).every(
      ([resource, count]) => gpu !== undefined && GPU_RESOURCES[gpu.vendor] === resource && count <= gpu.count,
    )
  );
}

/** Node reserves at least as big as the node: "allocatable -1024 MiB" would say nothing useful. */
function checkReserve(site: ResolvedSite, slots: readonly NodeSlot[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  slots.forEach((slot, i) => {
    const role = i === 0 ? 'server' : 'agent';
    const reserve = site.settings.systemReserve[role];
    const dc = slot.deviceClass;
    for (const [resource, left, capacity, wanted] of [
      ['cpu', slot.cpuMillis, `${formatCpu(dc.cpuMillis)} CPU`, reserve.cpu],
      ['memory', slot.memoryMiB, describeMemory(dc.memoryMiB), reserve.memory],
    ] as const) {
      const key = `${role}/${resource}/${dc.name}`;
      if (left > 0 || seen.has(key)) continue;
      seen.add(key);
      problems.push({
        path: site.path,
        site: site.cluster,
        field: `systemReserve.${role}.${resource}`,
        message: `the ${role} reserve of ${wanted} leaves nothing of a ${dc.name} node's ${capacity}`,
        hint: `lower systemReserve.${role}.${resource}, or use a larger device class${role === 'server' ? ' for the first node (the k3s server)' : ''}`,
      });
    }
  });
  return problems;
}

function hardTainted(dc: ResolvedDeviceClass): boolean {
  return dc.taints.some((t) => t.effect !== 'PreferNoSchedule');
}

function describeTaint(t: ResolvedDeviceClass['taints'][number]): string {
  return `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`;
}

/** "1 x rpi4-4g + 1 x armv7-1g" */
export function describeNodes(site: ResolvedSite): string {
  const counts = new Map<string, number>();
  for (const n of site.nodes) counts.set(n.deviceClass.name, (counts.get(n.deviceClass.name) ?? 0) + n.count);
  return [...counts].map(([name, count]) => `${count} x ${name}`).join(' + ');
}

/**
 * GPUs are whole devices: the scheduler never shares one between pods, so
 * every replica's GPUs must exist on the site's nodes of that vendor.
 */
function extendedOverCommit(
  site: ResolvedSite,
  slots: readonly NodeSlot[],
  demand: ReadonlyMap<string, { count: number; by: string[] }>,
): Problem[] {
  const problems: Problem[] = [];
  for (const [resource, { count, by }] of [...demand].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const offered = slots.reduce(
      (n, s) => n + (s.deviceClass.gpu && GPU_RESOURCES[s.deviceClass.gpu.vendor] === resource ? s.deviceClass.gpu.count : 0),
      0,
    );
    if (count <= offered) continue;
    problems.push({
      path: site.path,
      site: site.cluster,
      field: `nodes (${resource})`,
      message: `requests ${count} ${resource} (${by.join(', ')}) > ${offered} on ${describeNodes(site)}: the pods beyond stay Pending`,
      hint: 'lower gpu.count or replicas, move a GPU app to another site, or add GPU nodes',
    });
  }
  return problems;
}

/**
 * Capacity of one site over its rendered objects (render hooks included):
 * the requests of every pod (Deployments and StatefulSets times replicas,
 * DaemonSets times the nodes they land on) against the nodes' allocatable,
 * which is device-class capacity minus the k3s system reserve. The GitOps
 * agent (Flux controllers or the Fleet agent), installed outside the tree,
 * is counted too. Also reports a pod that fits on no single node it may be
 * placed on, and more GPUs requested in all than the site's nodes have.
 */
export function checkCapacity(site: ResolvedSite, units: readonly RenderedUnit[]): Problem[] {
  const slots = nodeSlots(site);
  // A reserve as big as a node is the one mistake: every sum below would only repeat it.
  const reserveProblems = checkReserve(site, slots);
  if (reserveProblems.length > 0) return reserveProblems;
  const tainted = site.nodes.map((n) => n.deviceClass).filter(hardTainted);
  if (tainted.length === site.nodes.length) {
    // Nothing without a toleration (the platform stack first) can run: one problem, not one per pod.
    return [
      {
        path: site.path,
        site: site.cluster,
        field: 'nodes',
        message: `every node of the site carries a taint (${tainted.map((dc) => `${dc.name}: ${dc.taints.map(describeTaint).join(', ')}`).join('; ')}), so the platform stack and every app without a toleration can run nowhere`,
        hint: 'add an untainted node (e.g. the k3s server), or drop the taint from the device class',
      },
    ];
  }
  const problems: Problem[] = [];
  let cpuMillis = 0;
  let memoryMiB = 0;
  /** Extended resources (GPUs) requested, by resource, with who asks for how many. */
  const extendedDemand = new Map<string, { count: number; by: string[] }>();
  const at = (unit: RenderedUnit, object: KubeObject, field: string, message: string, hint: string) =>
    problems.push(objectProblem(site, unit, object, field, message, hint));
  for (const unit of units) {
    for (const object of unit.objects) {
      const spec = workloadSpecOf(object);
      const pod = spec?.template?.spec;
      if (!pod || !['Deployment', 'StatefulSet', 'DaemonSet'].includes(object.kind)) continue;
      const requests = requestsOf(pod);
      const candidates = slots.filter((s) => eligible(pod, s.deviceClass));
      const copies = object.kind === 'DaemonSet' ? candidates.length : (spec.replicas ?? 1);
      cpuMillis += requests.cpuMillis * copies;
      memoryMiB += requests.memoryMiB * copies;
      for (const [resource, count] of Object.entries(requests.extended)) {
        const demand = extendedDemand.get(resource) ?? { count: 0, by: [] };
        demand.count += count * copies;
        demand.by.push(`${object.metadata.name}: ${copies} x ${count}`);
        extendedDemand.set(resource, demand);
      }
      if (candidates.length === 0 && object.kind !== 'DaemonSet') {
        at(
          unit,
          object,
          'spec.template.spec',
          `a pod of ${object.kind} ${object.metadata.name} may run on no node of the site (${describeNodes(site)}): its node selector, arch or device-class affinity match none, or the nodes that match carry taints it does not tolerate`,
          'add a node it may run on, or give the pod a toleration',
        );
      } else if (copies > 0 && !candidates.some((s) => fits(requests, s))) {
        const largest = Math.max(0, ...candidates.map((s) => s.memoryMiB));
        at(
          unit,
          object,
          'resources.requests',
          `a pod of ${object.kind} ${object.metadata.name} requests ${describeMemory(requests.memoryMiB)} and ${formatCpu(requests.cpuMillis)} CPU${Object.entries(
            requests.extended,
          )
            .map(([r, n]) => ` and ${n} ${r}`)
            .join(
              '',
            )}, which fits on no single node it may run on (largest allocatable ${describeMemory(largest)}; nodes ${describeNodes(site)})`,
          'lower the requests, or add a larger node of a matching device class',
        );
      }
    }
  }
  // The GitOps agent's pods carry no tolerations or node selector: they land on any untainted node.
  const agentPods = gitopsAgentPods(site);
  const agentSlots = slots.filter((s) => eligible({}, s.deviceClass));
  for (const agentPod of agentPods) {
    cpuMillis += agentPod.cpuMillis;
    memoryMiB += agentPod.memoryMiB;
    if (!agentSlots.some((s) => fits({ ...agentPod, extended: {} }, s))) {
      problems.push({
        path: site.path,
        site: site.cluster,
        field: `gitopsAgent (${agentPod.name})`,
        message: `the GitOps agent's ${agentPod.name} requests ${describeMemory(agentPod.memoryMiB)} and ${formatCpu(agentPod.cpuMillis)} CPU, which fits on no untainted node (nodes ${describeNodes(site)})`,
        hint: 'add an untainted node with room for it, or lower gitopsAgent.requests',
      });
    }
  }
  problems.push(...extendedOverCommit(site, slots, extendedDemand));
  const agentMemory = agentPods.reduce((n, p) => n + p.memoryMiB, 0);
  const allocMemory = slots.reduce((n, s) => n + s.memoryMiB, 0);
  const allocCpu = slots.reduce((n, s) => n + s.cpuMillis, 0);
  const trim =
    site.settings.gitops.engine === 'flux' && agentPods.length > 2
      ? ', or run only source-controller and kustomize-controller (gitopsAgent.fluxComponents: TRIMMED_FLUX_COMPONENTS, and `flux bootstrap --components=source-controller,kustomize-controller`)'
      : '';
  const hint = `lower requests, move apps to another site, add nodes, or adjust systemReserve if k3s really uses less; the GitOps agent takes ${describeMemory(agentMemory)} of it${trim}`;
  if (memoryMiB > allocMemory) {
    problems.push({
      path: site.path,
      site: site.cluster,
      field: 'nodes (memory)',
      message: `requests ${describeMemory(memoryMiB)} > allocatable ${describeMemory(allocMemory)} on ${describeNodes(site)}`,
      hint,
    });
  }
  if (cpuMillis > allocCpu) {
    problems.push({
      path: site.path,
      site: site.cluster,
      field: 'nodes (cpu)',
      message: `requests ${formatCpu(cpuMillis)} CPU > allocatable ${formatCpu(allocCpu)} CPU on ${describeNodes(site)}`,
      hint,
    });
  }
  return problems;
}
