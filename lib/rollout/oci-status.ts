import { OCI_LIVE_TAG } from '../layout/flux-oci';
import { revisionTagOf } from '../output/oci-artifact';
import { clusterRepository, OCI_CANDIDATE_TAG } from '../output/oci-publish';
import { OciRegistry, parseRegistry } from '../output/oci-registry';
import { readRolloutLog, waveHeldSince } from '../output/oci-rollout-log';
import { readTreeRecord } from './oci-promote';

/** Where one wave stands on OCI delivery. */
export interface OciWaveStatus {
  readonly wave: string;
  readonly clusters: readonly string[];
  /** The distinct revision tags (`sha256-<hex>`) the wave's `live` tags name, sorted; empty when none has `live`. */
  readonly live: readonly string[];
  /** Clusters without a `live` tag. */
  readonly noLive: readonly string[];
  /** When the wave got what `live` names now, per the rollout log; undefined when the log does not say. */
  readonly since?: Date;
  /** Clusters whose `live` is not their `candidate`. */
  readonly behind: readonly string[];
}

/** Each wave's live revisions, since when, clusters and the clusters behind their candidate, in wave order. */
export async function ociRolloutStatus(options: { repo: string; registry: string; plainHttp?: boolean }): Promise<OciWaveStatus[]> {
  const { host, path } = parseRegistry(options.registry);
  const registry = new OciRegistry(host, options.plainHttp);
  const record = readTreeRecord(options.repo);
  const log = await readRolloutLog(registry, path);
  const waves: OciWaveStatus[] = [];
  for (const w of record.waves) {
    const digests = new Map<string, string | undefined>();
    const live = new Set<string>();
    const behind: string[] = [];
    for (const c of w.clusters) {
      const name = clusterRepository(path, c);
      const manifest = (await registry.manifestDigest(name, OCI_LIVE_TAG)) ? await registry.getManifest(name, OCI_LIVE_TAG) : undefined;
      digests.set(c, manifest?.digest);
      if (manifest) live.add(revisionTagOf(manifest.bytes));
      if (manifest?.digest !== (await registry.manifestDigest(name, OCI_CANDIDATE_TAG))) behind.push(c);
    }
    const noLive = w.clusters.filter((c) => !digests.get(c));
    waves.push({ wave: w.name, clusters: w.clusters, live: [...live].sort(), noLive, since: waveHeldSince(log, w.name, digests), behind });
  }
  return waves;
}
