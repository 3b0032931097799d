import type { Change, ObjectChange } from './object-diff';

export type { Change, ObjectChange } from './object-diff';

/** Version of the FleetPlan shape; raised on any change that is not a new optional field. */
export const FLEET_PLAN_VERSION = 1;

/**
 * What `edgefleet plan` found: the clusters a synth of the fleet would
 * change in the tree planned against, in rollout order. This is the stable
 * JSON form (`edgefleet plan --format json`): fields are only added, as
 * optional, within one `version`.
 */
export interface FleetPlan {
  readonly version: typeof FLEET_PLAN_VERSION;
  /** Name of the fleet. */
  readonly fleet: string;
  readonly against: PlanBaseline;
  readonly summary: PlanSummary;
  /**
   * Waves with a changed cluster, in the fleet's wave order; clusters the
   * fleet no longer has come last, in a group with `wave: null` (the tree
   * does not record their wave).
   */
  readonly waves: readonly WavePlan[];
  /** Files outside cluster directories and bases that change (Fleet manager, hub requirements, bookkeeping), sorted by path. */
  readonly fleetFiles: readonly FileChange[];
  /** The manifest (`.edgefleet/manifest.json`) a synth would write differs from the tree's, e.g. after an edgefleet upgrade changed the cache keys. */
  readonly manifestChanged: boolean;
  /** The tree holds the journal of an interrupted synth: it is half-written until the next synth completes it. */
  readonly interrupted: boolean;
}

/** The tree a plan compares with. */
export interface PlanBaseline {
  /** Directory of the tree. */
  readonly dir: string;
  /** Git ref the tree was read at; absent when read from disk. */
  readonly ref?: string;
  /** No edgefleet tree (no manifest) there: every cluster is added. */
  readonly empty: boolean;
}

/** Counts of a plan. */
export interface PlanSummary {
  /** Clusters of the fleet. */
  readonly clusters: number;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly unchanged: number;
  /** Sum of the clusters' `downloadBytes`. */
  readonly downloadBytes: number;
}

/** Changed clusters of one wave, by tier. */
export interface WavePlan {
  /** The wave; null for clusters the fleet no longer has. */
  readonly wave: string | null;
  /** Tiers sorted by path. */
  readonly tiers: readonly TierPlan[];
}

/** Changed clusters of one tier within a wave. */
export interface TierPlan {
  /** Tier path, `/`-joined from the outermost tier. */
  readonly tier: string;
  /** Sorted by name. */
  readonly clusters: readonly ClusterPlan[];
}

/** One cluster a synth would add, change or remove. */
export interface ClusterPlan {
  readonly cluster: string;
  readonly change: Change;
  /**
   * Bytes of the added and changed files this cluster uses (its directory
   * and its bases), uncompressed: what is new for it, not what Git
   * transfers.
   */
  readonly downloadBytes: number;
  /** Files of its directory and of the bases it uses (before or after) that differ, sorted by path. */
  readonly files: readonly FileChange[];
  /**
   * Objects its kustomization lists (through `resources`) that differ,
   * sorted by kind, namespace and name. ConfigMaps kustomize generates
   * from config files are not among them: they show as changed files
   * with `configMap` or `configMaps` set.
   */
  readonly objects: readonly ObjectChange[];
}

/** One file that differs. */
export interface FileChange {
  /** Path relative to the tree's root. */
  readonly path: string;
  readonly change: Change;
  /** Size in the new tree; 0 when removed. */
  readonly bytes: number;
  /** `<namespace>/<name>` of the ConfigMap kustomize generates from this file (configMapGenerator `files`); absent for other files. */
  readonly configMap?: string;
  /** A cluster's kustomization.yaml: `<namespace>/<name>` of the ConfigMaps it generates (configMapGenerator, config files inline as `literals`) that differ, sorted; absent when none does. */
  readonly configMaps?: readonly string[];
}
