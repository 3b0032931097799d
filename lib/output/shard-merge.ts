import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterRecord, Manifest, MANIFEST_PATH, readManifest } from './manifest';
import { withOutputLock } from './output-lock';
import { openOutput, writeOpenedTree } from './open-output';
import type { WriteStats } from './tree-writer';
import { InvalidInputError, UsageError } from '../util/errors';

/** What a merge did. */
export interface MergeSummary extends Omit<WriteStats, 'stamps'> {
  readonly clusters: number;
}

function shardManifest(dir: string): Manifest & { shard: NonNullable<Manifest['shard']> } {
  const manifest = readManifest(dir);
  if (!manifest) throw new UsageError(`${dir} has no ${MANIFEST_PATH}: not the output of \`edgefleet synth --shard\``);
  if (!manifest.shard)
    throw new UsageError(`${dir} is the output of an unsharded synth; merge only joins the outputs of \`synth --shard i/n\``);
  return manifest as Manifest & { shard: NonNullable<Manifest['shard']> };
}

/**
 * Joins the partial trees of `synth --shard 1/n` ... `--shard n/n` into
 * `outDir`: the same files and manifest, byte for byte, as one unsharded
 * synth. Refuses an incomplete or mixed set of shards, and shards that
 * disagree about a shared file. Writes like synth (only changed files,
 * through the journal, holding the output's lock).
 */
export function mergeShards(outDir: string, shardDirs: readonly string[]): MergeSummary {
  if (shardDirs.length === 0) throw new UsageError('merge needs the output directories of the shards');
  const manifests = shardDirs.map(shardManifest);
  const { count } = manifests[0].shard;
  const versions = new Set(manifests.map((m) => m.edgefleet));
  if (versions.size > 1)
    throw new InvalidInputError(
      `the shards were made by different edgefleet versions (${[...versions].join(', ')}); synthesize them again`,
    );
  const indexes = manifests.map((m) => m.shard.index).sort((a, b) => a - b);
  const expected = Array.from({ length: count }, (_, i) => i + 1);
  if (manifests.some((m) => m.shard.count !== count) || indexes.join(',') !== expected.join(',')) {
    throw new UsageError(
      `merge needs every shard of one split exactly once; got ${manifests.map((m) => `${m.shard.index}/${m.shard.count}`).join(', ')}`,
    );
  }
  const content = new Map<string, string>();
  const hashes = new Map<string, string>();
  const clusters: Record<string, ClusterRecord> = {};
  manifests.forEach((manifest, i) => {
    for (const [path, hash] of Object.entries(manifest.files)) {
      const seen = hashes.get(path);
      if (seen === hash) continue;
      if (seen !== undefined) throw new InvalidInputError(`shards disagree about ${path}; were they synthesized from the same fleet?`);
      hashes.set(path, hash);
      content.set(path, readFileSync(join(shardDirs[i], path), 'utf8'));
    }
    Object.assign(clusters, manifest.clusters);
  });
  return withOutputLock(outDir, () => {
    const { stamps: _stamps, ...stats } = writeOpenedTree(
      outDir,
      openOutput({ outDir }),
      { content, hashes },
      { edgefleet: manifests[0].edgefleet, clusters },
    );
    return { clusters: Object.keys(clusters).length, ...stats };
  });
}
