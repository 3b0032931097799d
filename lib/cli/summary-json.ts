import type { MergeSummary } from '../output/shard-merge';
import type { SynthSummary } from '../synth/synth-options';
import type { PlanSummary } from '../plan/plan-shape';

/*
 * The one-line JSON summaries of `--json`: one JSON object on one line of
 * stdout, in place of the text summary line. Each has `command`, and
 * `version` (raised on any change that is not a new optional field).
 */

/** Version of every `--json` summary shape below. */
export const SUMMARY_JSON_VERSION = 1;

/** Fields every `--json` summary has. */
export interface SummaryJsonHeader<C extends string> {
  readonly command: C;
  readonly version: typeof SUMMARY_JSON_VERSION;
}

/** `edgefleet synth --json`: the synth's summary (see SynthSummary), its output directory and, with `--commit`, the commit made (null when nothing changed). */
export interface SynthSummaryJson extends SummaryJsonHeader<'synth'>, Omit<SynthSummary, 'commitId'> {
  readonly out: string;
  readonly commit?: string | null;
}

/** `edgefleet synth --check --json`. */
export interface CheckSummaryJson extends SummaryJsonHeader<'check'> {
  readonly out: string;
  /** The tree is exactly what a synth would write (exit 0). */
  readonly upToDate: boolean;
  /** Clusters a synth would add, change or remove, in rollout order. */
  readonly stale: readonly string[];
  /** Fleet-wide files (outside cluster directories and bases) that differ. */
  readonly staleFiles: readonly string[];
  readonly manifestChanged: boolean;
  /** An interrupted synth's journal is there. */
  readonly interrupted: boolean;
  readonly clusters: number;
}

/** `edgefleet merge --json`: the merge's summary (see MergeSummary), its output directory and the number of shards joined. */
export interface MergeSummaryJson extends SummaryJsonHeader<'merge'>, MergeSummary {
  readonly out: string;
  readonly shards: number;
}

/** One cluster of `edgefleet ls --json`. */
export interface ListedCluster {
  readonly cluster: string;
  /** Tier path, `/`-joined. */
  readonly tier: string;
  readonly wave: string;
  readonly connectivity: string;
  /** Kubernetes distribution (`distribution` setting). */
  readonly distribution: string;
  /** GitOps agent that pulls the tree (`gitops.engine`). */
  readonly agent: string;
  readonly arches: readonly string[];
  readonly apps: number;
}

/** `edgefleet ls --json`. */
export interface LsSummaryJson extends SummaryJsonHeader<'ls'> {
  readonly clusters: readonly ListedCluster[];
}

/** `edgefleet plan --json` (the whole plan is `--format json`, a FleetPlan). */
export interface PlanSummaryJson extends SummaryJsonHeader<'plan'>, PlanSummary {
  readonly against: string;
  readonly ref?: string;
  /** Clusters added, changed or removed, in rollout order. */
  readonly changedClusters: readonly string[];
}

/** Any `--json` summary. */
export type SummaryJson = SynthSummaryJson | CheckSummaryJson | MergeSummaryJson | LsSummaryJson | PlanSummaryJson;

/** The summary as its one line of stdout. */
export function summaryLine(summary: SummaryJson): string {
  return `${JSON.stringify(summary)}\n`;
}
