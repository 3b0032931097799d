import type { GitOpsEngine } from '../model/gitops-settings';
import type { Recovery } from '../output/journal';
import type { OpenOutputOptions } from '../output/open-output';
import type { Shard } from '../output/shard';
import type { RenderProgress } from './tree-plan';

/** Options of a synth. */
export interface SynthOptions extends OpenOutputOptions {
  /** Re-render every cluster, ignoring cached results. @default false */
  readonly force?: boolean;
  /** GitOps engine for every site, overriding `gitops.engine` of the fleet definition. @default each site's `gitops.engine` */
  readonly engine?: GitOpsEngine;
  /** Render only this shard of the clusters, writing a partial tree that `mergeShards` joins. @default all clusters */
  readonly shard?: Shard;
  /**
   * fsync what is written, so a power cut cannot leave renamed files empty.
   * Turn it off only for throwaway trees (e.g. a pull-request preview). @default true
   */
  readonly durable?: boolean;
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
