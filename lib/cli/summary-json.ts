import type { Recovery } from '../output/journal';
import type { PlanSummary } from '../plan/plan-shape';

/*
 * The one-line JSON summaries of `--json`: one JSON object on one line of
 * stdout, in place of the text summary line. Each has `command`, and
 * `version` (raised on any change that is not a new optional field).
 */

/** Version of every `--json` summary shape below. */
export const SUMMARY_JSON_VERSION = 1;

/** `edgefleet synth --json`. */
export interface SynthSummaryJson {
  readonly command: 'synth';
  readonly version: typeof SUMMARY_JSON_VERSION;
  /** Output directory. */
  readonly out: string;
  readonly clusters: number;
  readonly objects: number;
  /** Clusters rendered (the rest came from the cache). */
  readonly rendered: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Owned files found edited or missing and rewritten. */
  readonly repaired: number;
  /** What this synth first did with an interrupted synth's write; absent when there was none. */
  readonly recovered?: Recovery['action'];
  readonly seconds: number;
  /** With `--commit`: the commit made, or null when nothing changed. */
  readonly commit?: string | null;
}

/** `edgefleet synth --check --json`. */
export interface CheckSummaryJson {
  readonly command: 'check';
  readonly version: typeof SUMMARY_JSON_VERSION;
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

/** `edgefleet merge --json`. */
export interface MergeSummaryJson {
  readonly command: 'merge';
  readonly version: typeof SUMMARY_JSON_VERSION;
  readonly out: string;
  readonly shards: number;
  readonly clusters: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

/** One cluster of `edgefleet ls --json`. */
export interface ListedCluster {
  readonly cluster: string;
  /** Tier path, `/`-joined. */
  readonly tier: string;
  readonly wave: string;
  readonly connectivity: string;
  readonly arches: readonly string[];
  readonly apps: number;
}

/** `edgefleet ls --json`. */
export interface LsSummaryJson {
  readonly command: 'ls';
  readonly version: typeof SUMMARY_JSON_VERSION;
  readonly clusters: readonly ListedCluster[];
}

/** `edgefleet plan --json` (the whole plan is `--format json`, a FleetPlan). */
export interface PlanSummaryJson extends PlanSummary {
  readonly command: 'plan';
  readonly version: typeof SUMMARY_JSON_VERSION;
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
