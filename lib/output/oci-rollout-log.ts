import { z } from 'zod';
import { blobOf, OCI_MANIFEST_MEDIA_TYPE } from './oci-artifact';
import { OciRegistry } from './oci-registry';
import { UsageError } from '../util/errors';

/**
 * The OCI rollout log: per wave, the manifest digest each of its clusters'
 * `live` was last moved to by `edgefleet promote --registry`, and when. It
 * lives in the registry (repository `<path>/edgefleet-rollout`, tag `log`),
 * as the rollout notes live in the Git tree, so the soak gate does not
 * depend on the machine running promote. Packed as image-spec
 * artifacts-guidance.md says (opencontainers/image-spec): the empty config
 * descriptor (manifest.md "Guidance for an Empty Descriptor") and one layer,
 * the log's JSON, of a media type of its own.
 */
export const ROLLOUT_LOG_REPOSITORY = 'edgefleet-rollout';
export const ROLLOUT_LOG_TAG = 'log';
export const ROLLOUT_LOG_MEDIA_TYPE = 'application/vnd.edgefleet.rollout-log.v1+json';
const EMPTY_CONFIG = blobOf(Buffer.from('{}'));
const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';

const logSchema = z.object({
  waves: z.record(
    z.string(),
    z.object({
      /** ISO time of the move. */
      at: z.string().datetime(),
      /** Manifest digest `live` was moved to, by cluster. */
      revisions: z.record(z.string(), z.string()),
    }),
  ),
});

/** The rollout log's content. */
export type RolloutLog = z.infer<typeof logSchema>;
export type WaveMove = RolloutLog['waves'][string];

/** Repository of the rollout log under a registry path. */
export function rolloutLogRepository(path: string): string {
  return path ? `${path}/${ROLLOUT_LOG_REPOSITORY}` : ROLLOUT_LOG_REPOSITORY;
}

/** The log in the registry; empty when none was written yet. Throws when the tag holds something else. */
export async function readRolloutLog(registry: OciRegistry, path: string): Promise<RolloutLog> {
  const name = rolloutLogRepository(path);
  if (!(await registry.manifestDigest(name, ROLLOUT_LOG_TAG))) return { waves: {} };
  const manifest = JSON.parse((await registry.getManifest(name, ROLLOUT_LOG_TAG)).bytes.toString('utf8')) as {
    layers?: { mediaType: string; digest: string }[];
  };
  const layer = manifest.layers?.find((l) => l.mediaType === ROLLOUT_LOG_MEDIA_TYPE);
  if (!layer) throw new UsageError(`${name}:${ROLLOUT_LOG_TAG} is not an edgefleet rollout log (no ${ROLLOUT_LOG_MEDIA_TYPE} layer)`);
  const parsed = logSchema.safeParse(JSON.parse((await registry.getBlob(name, layer.digest)).toString('utf8')));
  if (!parsed.success)
    throw new UsageError(`${name}:${ROLLOUT_LOG_TAG} is not an edgefleet rollout log (${parsed.error.issues[0].message})`);
  return parsed.data;
}

/** Writes the log with `wave`'s move replacing its last one: the log keeps only each wave's latest move. */
export async function recordOciWaveMove(
  registry: OciRegistry,
  path: string,
  log: RolloutLog,
  wave: string,
  move: WaveMove,
): Promise<RolloutLog> {
  const name = rolloutLogRepository(path);
  const waves = Object.fromEntries(Object.entries({ ...log.waves, [wave]: move }).sort(([a], [b]) => a.localeCompare(b)));
  const updated: RolloutLog = { waves };
  const layer = blobOf(Buffer.from(`${JSON.stringify(updated, null, 1)}\n`));
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: ROLLOUT_LOG_MEDIA_TYPE,
    config: { mediaType: EMPTY_MEDIA_TYPE, size: EMPTY_CONFIG.bytes.length, digest: EMPTY_CONFIG.digest },
    layers: [{ mediaType: ROLLOUT_LOG_MEDIA_TYPE, size: layer.bytes.length, digest: layer.digest }],
  };
  await registry.pushBlob(name, EMPTY_CONFIG);
  await registry.pushBlob(name, layer);
  await registry.putManifest(name, ROLLOUT_LOG_TAG, blobOf(Buffer.from(JSON.stringify(manifest))));
  return updated;
}

/** When `wave` got exactly `revisions` (digest by cluster), per the log; undefined when its last recorded move was to something else. */
export function waveHeldSince(log: RolloutLog, wave: string, revisions: ReadonlyMap<string, string | undefined>): Date | undefined {
  const move = log.waves[wave];
  if (!move) return undefined;
  const same =
    Object.keys(move.revisions).length === revisions.size && [...revisions].every(([c, d]) => d !== undefined && move.revisions[c] === d);
  return same ? new Date(move.at) : undefined;
}
