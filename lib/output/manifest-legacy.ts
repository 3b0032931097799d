import { z } from 'zod';

/*
 * Format 1 of the manifest, which edgefleet 0.1 wrote before format 2
 * (manifest.ts): every owned file's hash by its full path, then the
 * cluster records. Still read, so that a tree written by an older
 * edgefleet is upgraded in place; the next write is in format 2.
 */

const legacySchema = z.object({
  edgefleet: z.string(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).optional(),
  files: z.record(z.string(), z.string()),
  clusters: z.record(
    z.string(),
    z.object({ key: z.string(), bases: z.array(z.string()), objects: z.number(), tier: z.string().optional() }),
  ),
});

/** A format-1 manifest: the same data as the Manifest of manifest.ts. */
export type LegacyManifest = z.infer<typeof legacySchema>;

/** A parsed format-1 manifest; `refuse` makes the error for what is wrong with it. */
export function legacyManifest(json: unknown, refuse: (problem: string) => Error): LegacyManifest {
  const parsed = legacySchema.safeParse(json);
  if (!parsed.success) throw refuse(parsed.error.issues[0].message);
  return parsed.data;
}
