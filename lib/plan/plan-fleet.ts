import type { Fleet } from '../model/fleet';
import { loadFleet } from '../model/load-fleet';
import type { GitOpsEngine } from '../model/gitops-settings';
import type { ClusterResult } from '../synth/cluster-job';
import { finishTree, renderPlanHere } from '../synth/tree-build';
import { planTree, RenderProgress, TreePlan } from '../synth/tree-plan';
import { renderPlanned } from '../synth/synth-file';
import { clusterDocumentsReader } from '../output/tree-objects';
import { compareTrees } from './compare-trees';
import type { FleetPlan } from './plan-shape';
import { openTreeSource, TreeSource } from './tree-source';

/** Options of a plan. */
export interface PlanFleetOptions {
  /** Directory of the tree to compare with (a synth's `outDir`); a directory without an edgefleet manifest counts as an empty tree. */
  readonly against: string;
  /** Read the tree at this Git ref (branch, tag, commit) of the repository holding `against`, without a checkout. @default the files on disk */
  readonly ref?: string;
  /** GitOps engine for every site, as `SynthOptions.engine`. @default each site's `gitops.engine` */
  readonly engine?: GitOpsEngine;
  /** Threads that render, as `SynthFileOptions.jobs`. @default the CPUs available */
  readonly jobs?: number;
  /** Called as clusters are rendered: how many of how many. @default none */
  readonly onProgress?: RenderProgress;
}

/** Steps 1 and 2 of a plan: the tree to compare with, opened, and every cluster to render as a synth into it would. */
function startPlan(fleet: Fleet, options: PlanFleetOptions): { source: TreeSource; plan: TreePlan } {
  const source = openTreeSource(options.against, options.ref);
  const plan = planTree(fleet, undefined, {
    force: true,
    engine: options.engine,
    previousDocuments: source.manifest ? clusterDocumentsReader(source.read) : undefined,
  });
  return { source, plan };
}

function endPlan(
  { source, plan }: { source: TreeSource; plan: TreePlan },
  results: ReadonlyMap<string, ClusterResult>,
  options: PlanFleetOptions,
): FleetPlan {
  return compareTrees(plan, finishTree(plan, results), source, {
    dir: options.against,
    ...(options.ref === undefined ? {} : { ref: options.ref }),
  });
}

/**
 * Plans a synth of a fleet against an existing tree, writing nothing,
 * rendering on this thread: steps 1 to 5 with every cluster rendered
 * (nothing taken from a cache), as a synth into `against` would render
 * them (volume sizes kept, upgrade safety checked against that tree), then
 * the diff. Throws FleetValidationError when that synth would fail.
 */
export function planFleet(fleet: Fleet, options: PlanFleetOptions): FleetPlan {
  const started = startPlan(fleet, options);
  return endPlan(started, renderPlanHere(started.plan, options.onProgress), options);
}

/** planFleet of the fleet `fleetFile` exports, rendering on `jobs` threads when there is enough to render. */
export async function planFleetFile(fleetFile: string, options: PlanFleetOptions): Promise<FleetPlan> {
  const started = startPlan(loadFleet(fleetFile), options);
  return endPlan(started, await renderPlanned(fleetFile, started.plan, options), options);
}

/** Clusters a plan adds, changes or removes, in rollout order. */
export function plannedClusters(plan: FleetPlan): string[] {
  return plan.waves.flatMap((w) => w.tiers.flatMap((t) => t.clusters.map((c) => c.cluster)));
}

/** Whether the tree planned against is exactly what a synth would write (so `synth` would write nothing). */
export function isUpToDate(plan: FleetPlan): boolean {
  return plan.waves.length === 0 && plan.fleetFiles.length === 0 && !plan.manifestChanged && !plan.interrupted;
}
