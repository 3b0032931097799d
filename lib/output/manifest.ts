import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../util/errors';

/** Path of the manifest, relative to the output root. */
export const MANIFEST_PATH = '.edgefleet/manifest.json';

const manifestSchema = z.object({
  edgefleet: z.string(),
  /** Set on the partial tree of a sharded synth (`synth --shard`); `merge` joins the shards and drops it. */
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).optional(),
  /** Hash of every file edgefleet owns, by path relative to the output root. */
  files: z.record(z.string(), z.string()),
  /** Per cluster: the cache key it was rendered from, the bases it uses, its object count and its tier path (for commit messages). */
  clusters: z.record(z.string(), z.object({ key: z.string(), bases: z.array(z.string()), objects: z.number(), tier: z.string().optional() })),
});

/** What the previous synth wrote: the only files a synth may change or delete. */
export type Manifest = z.infer<typeof manifestSchema>;
export type ClusterRecord = Manifest['clusters'][string];

/** Parses a manifest's text (from `where`, for the error). */
export function readManifestText(text: string, where = MANIFEST_PATH): Manifest {
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new UsageError(`${where} is not an edgefleet manifest (${parsed.error.issues[0].message}); move it away to start afresh`);
  return parsed.data;
}

/** Reads the manifest of an output tree; undefined when there is none. */
export function readManifest(outDir: string): Manifest | undefined {
  return parseManifest(join(outDir, MANIFEST_PATH));
}

/** Parses a manifest file (or its text, read from elsewhere, e.g. Git); undefined when the file does not exist. */
export function parseManifest(file: string, text?: string): Manifest | undefined {
  if (text === undefined && !existsSync(file)) return undefined;
  return readManifestText(text ?? readFileSync(file, 'utf8'), file);
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** Deterministic bytes of a manifest. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify({ edgefleet: manifest.edgefleet, ...(manifest.shard ? { shard: manifest.shard } : {}), files: sortedRecord(manifest.files), clusters: sortedRecord(manifest.clusters) }, null, 1)}\n`;
}
