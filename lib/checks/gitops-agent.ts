import { parseCpuMillis, parseMemoryMiB } from '../model/quantity';
import type { ResolvedSite } from '../model/resolved-site';
import type { FluxComponent } from '../model/gitops-settings';
import type { ResourceQuantities } from '../util/kube-object';

/** One pod of the GitOps agent as the scheduler sees it: its name and requests. */
export interface AgentPod {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/**
 * Upstream requests of each Flux controller (one replica each), from each
 * controller's `config/manager/deployment.yaml`: fluxcd/source-controller
 * 50m/64Mi; fluxcd/kustomize-controller, fluxcd/helm-controller and
 * fluxcd/notification-controller 100m/64Mi. The four that `flux bootstrap`
 * installs (flux2 `--components` default) need 350m and 256Mi.
 */
export const FLUX_COMPONENT_REQUESTS: Readonly<Record<FluxComponent, ResourceQuantities>> = {
  'source-controller': { cpu: '50m', memory: '64Mi' },
  'kustomize-controller': { cpu: '100m', memory: '64Mi' },
  'helm-controller': { cpu: '100m', memory: '64Mi' },
  'notification-controller': { cpu: '100m', memory: '64Mi' },
};

/**
 * The GitOps agent's pods, which `flux bootstrap` or the Fleet registration
 * installs outside the generated tree but which take node capacity all the
 * same. Flux: one pod per controller of `gitopsAgent.fluxComponents`. Fleet:
 * the fleet-agent pod, which sets no requests upstream (rancher/fleet
 * charts/fleet-agent/templates/deployment.yaml, and the agent manifest built
 * by internal/cmd/controller/agentmanagement/agent/manifest.go, take
 * resources only when the Cluster sets `agentResources`). A
 * `gitopsAgent.requests` override stands for the whole agent as one pod.
 */
export function gitopsAgentPods(site: ResolvedSite): AgentPod[] {
  const { gitops, gitopsAgent } = site.settings;
  const pod = (name: string, cpu: string, memory: string): AgentPod => ({
    name,
    cpuMillis: parseCpuMillis(cpu)!,
    memoryMiB: parseMemoryMiB(memory)!,
  });
  if (gitopsAgent.requests)
    return [pod(gitops.engine === 'flux' ? 'flux' : 'fleet-agent', gitopsAgent.requests.cpu, gitopsAgent.requests.memory)];
  // The fleet-agent pod requests nothing, so it takes no allocatable either.
  if (gitops.engine === 'fleet') return [];
  return gitopsAgent.fluxComponents.map((c) => pod(c, FLUX_COMPONENT_REQUESTS[c].cpu, FLUX_COMPONENT_REQUESTS[c].memory));
}
