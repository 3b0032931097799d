import { join } from 'node:path';
import { OCI_SYNC_FILE } from '../layout/flux-oci';
import { readManifest } from './manifest';
import { buildArtifact, readDirectoryFiles } from './oci-artifact';
import { OciRegistry, parseRegistry, RegistryTraffic } from './oci-registry';
import { withOutputLockAsync } from './output-lock';
import { UsageError } from '../util/errors';
import { clusterDir } from '../layout/tree-paths';

/** Tag `publish` moves to each cluster's newest artifact; `promote --registry` copies it to `live`. */
export const OCI_CANDIDATE_TAG = 'candidate';

/** Options of `edgefleet publish`. */
export interface PublishOptions {
  /** The synthesized tree. */
  readonly outDir: string;
  /** `host[:port]/path`: cluster `c` goes to repository `<path>/c`. */
  readonly registry: string;
  /** Talk HTTP to the registry (one on loopback). @default false */
  readonly plainHttp?: boolean;
}

/** What publish did. */
export interface PublishResult {
  /** Clusters with delivery "oci", each with its artifact's revision tag and manifest digest. */
  readonly clusters: readonly { readonly cluster: string; readonly revision: string; readonly digest: string; readonly changed: boolean }[];
  readonly traffic: RegistryTraffic;
}

/** A tree publish cannot work on. */
export class PublishUsageError extends UsageError {}

/** Repository of a cluster's artifacts under a registry path. */
export function clusterRepository(path: string, cluster: string): string {
  return path ? `${path}/${cluster}` : cluster;
}

/** Clusters of a tree whose Flux pulls an OCI artifact (their flux-system has the OCI sync file). */
export function ociClusters(outDir: string): string[] {
  const manifest = readManifest(outDir);
  if (!manifest) throw new PublishUsageError(`${outDir} has no edgefleet manifest: run edgefleet synth --out ${outDir} first`);
  const clusters = Object.keys(manifest.clusters).filter((c) => `${clusterDir(c)}/flux-system/${OCI_SYNC_FILE}` in manifest.files);
  if (clusters.length === 0)
    throw new PublishUsageError(
      `no cluster of ${outDir} has gitops.delivery "oci": set it (and gitops.ociRepository) for the sites to publish, then synth`,
    );
  return clusters.sort();
}

/** How many clusters are pushed at once. */
const CONCURRENCY = 8;

/**
 * Pushes each OCI-delivered cluster's directory (self-contained: its bases
 * are copied in) as an artifact tagged with its revision, and moves the
 * cluster's `candidate` tag to it. Every step asks first (HEAD), so an
 * unchanged cluster costs two HEAD requests and pushes nothing. Holds the
 * tree's output lock, so no synth changes the tree while it is packed.
 */
export async function publish(options: PublishOptions): Promise<PublishResult> {
  const { host, path } = parseRegistry(options.registry);
  const registry = new OciRegistry(host, options.plainHttp);
  return withOutputLockAsync(options.outDir, {}, async () => {
    const clusters = ociClusters(options.outDir);
    const results: PublishResult['clusters'][number][] = [];
    const publishOne = async (cluster: string) => {
      const name = clusterRepository(path, cluster);
      const artifact = buildArtifact(readDirectoryFiles(join(options.outDir, clusterDir(cluster))), clusterDir(cluster));
      if ((await registry.manifestDigest(name, artifact.revisionTag)) !== artifact.manifest.digest) {
        await registry.pushBlob(name, artifact.config);
        await registry.pushBlob(name, artifact.layer);
        await registry.putManifest(name, artifact.revisionTag, artifact.manifest);
      }
      const changed = (await registry.manifestDigest(name, OCI_CANDIDATE_TAG)) !== artifact.manifest.digest;
      if (changed) await registry.putManifest(name, OCI_CANDIDATE_TAG, artifact.manifest);
      results.push({ cluster, revision: artifact.revisionTag, digest: artifact.manifest.digest, changed });
    };
    for (let i = 0; i < clusters.length; i += CONCURRENCY) await Promise.all(clusters.slice(i, i + CONCURRENCY).map(publishOne));
    return { clusters: results.sort((a, b) => a.cluster.localeCompare(b.cluster)), traffic: registry.traffic };
  });
}
