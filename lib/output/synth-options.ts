import type { GitOpsEngine } from '../model/gitops-settings';
import type { Recovery } from './journal';
import type { Shard } from './shard';
import type { RenderProgress } from './tree-plan';

/** Options of a synth. */
export interface SynthOptions {
  /** Output directory. */
  readonly outDir: string;
  /** Write into a non-empty directory that has no edgefleet manifest. @default false */
  readonly allowNonEmpty?: boolean;
  /** Re-render every cluster, ignoring cached results. @default false */
  readonly force?: boolean;
  /** GitOps engine for every site, overriding `gitops.engine` of the fleet definition. @default each site's `gitops.engine` */
  readonly engine?: GitOpsEngine;
  /**
   * Commit the written files into the Git work tree holding `outDir` (implies
   * allowNonEmpty). Refused when files edgefleet owns have uncommitted
   * changes; no commit when nothing changed. @default false
   */
  readonly commit?: boolean;
  /** Render only this shard of the clusters, writing a partial tree that `mergeShards` joins. @default all clusters */
  readonly shard?: Shard;
  /**
   * fsync what is written, so a power cut cannot leave renamed files empty.
   * Turn it off only for throwaway trees (e.g. a pull-request preview). @default true
   */
  readonly durable?: boolean;
  /** The time recorded as when new wave refs reached their commit (`commit`). @default now */
  readonly now?: Date;
  /**
   * Check upgrade safety against the tree edgefleet wrote in this directory
   * instead of the one in `outDir` (e.g. the tree the clusters run, when
   * `outDir` is a fresh preview). Every cluster is then rendered and
   * compared. @default outDir
   */
  readonly against?: string;
  /** Called as clusters are rendered, on whichever thread they render: how many of how many (first with 0). @default none */
  readonly onProgress?: RenderProgress;
}

/** What a synth did; the CLI prints it as its summary line. */
export interface SynthSummary {
  readonly clusters: number;
  readonly objects: number;
  /** Clusters rendered (the rest came from the cache). */
  readonly rendered: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Owned files found edited or missing on disk and rewritten (drift repair). */
  readonly repaired: number;
  /** What this synth first did with a write an earlier synth left unfinished. */
  readonly recovered?: Recovery['action'];
  readonly seconds: number;
  /** Id of the commit made with `commit`; undefined when none was made. */
  readonly commitId?: string;
}
