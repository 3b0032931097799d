import { z } from 'zod';
import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import { waveRef } from './wave-ref';
import { UsageError } from '../util/errors';

/** Path of the rollout record, relative to the output root. */
export const ROLLOUT_RECORD_PATH = '.edgefleet/rollout.json';

const gateSchema = z.object({
  /** `rollout.soak` of these clusters. */
  soak: z.string(),
  /** `rollout.healthQuery` of these clusters, when set. */
  healthQuery: z.string().optional(),
  clusters: z.array(z.string()),
});

const recordSchema = z.object({
  /** The branch holding the latest synth (`gitops.branch`). */
  branch: z.string(),
  /** The fleet's waves in rollout order, canary first. */
  waves: z.array(z.object({ name: z.string(), ref: z.string(), clusters: z.array(z.string()), gates: z.array(gateSchema) })),
});

/**
 * What `edgefleet promote` needs to know about the tree, without the fleet
 * file: the wave order, each wave's ref and clusters, and the gates that
 * the clusters of a wave set for the wave after it.
 */
export type RolloutRecord = z.infer<typeof recordSchema>;
export type WaveRecord = RolloutRecord['waves'][number];

/** Parses the rollout record's text; throws naming the first problem. */
export function parseRolloutRecord(text: string): RolloutRecord {
  const parsed = recordSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new UsageError(`${ROLLOUT_RECORD_PATH} is not an edgefleet rollout record (${parsed.error.issues[0].message})`);
  return parsed.data;
}

/** A field that every site of one tree must agree on, since the tree has one set of wave refs. */
function agreed(sites: readonly ResolvedSite[], field: 'branch' | 'waveRefPrefix', problems: Problem[]): string {
  const first = sites[0]?.settings.gitops[field] ?? '';
  for (const s of sites) {
    if (s.settings.gitops[field] === first) continue;
    problems.push({
      path: s.path,
      site: s.cluster,
      field: `gitops.${field}`,
      message: `"${s.settings.gitops[field]}" differs from "${first}" of site ${sites[0].cluster}: one tree has one main branch and one set of wave refs`,
      hint: `set gitops.${field} on the fleet only`,
    });
  }
  return first;
}

/** The rollout record of a tree, and the problems that keep it from having one. */
export function rolloutRecord(sites: readonly ResolvedSite[], waves: readonly string[]): { record: RolloutRecord; problems: Problem[] } {
  const problems: Problem[] = [];
  const branch = agreed(sites, 'branch', problems);
  const prefix = agreed(sites, 'waveRefPrefix', problems);
  const record: RolloutRecord = {
    branch,
    waves: waves.map((name) => {
      const members = sites.filter((s) => s.settings.wave === name);
      const gates = new Map<string, RolloutRecord['waves'][number]['gates'][number]>();
      for (const s of members) {
        const { soak, healthQuery } = s.settings.rollout;
        const key = JSON.stringify([soak, healthQuery ?? null]);
        const gate = gates.get(key) ?? { soak, ...(healthQuery ? { healthQuery } : {}), clusters: [] };
        gate.clusters.push(s.cluster);
        gates.set(key, gate);
      }
      return {
        name,
        ref: members[0] ? waveRef(members[0]) : `${prefix}${name}`,
        clusters: members.map((s) => s.cluster),
        gates: [...gates.values()],
      };
    }),
  };
  return { record, problems };
}

/** Deterministic bytes of a rollout record. */
export function serializeRolloutRecord(record: RolloutRecord): string {
  return `${JSON.stringify(record, null, 1)}\n`;
}
