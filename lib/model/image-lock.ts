import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isFloatingImage } from './image-ref';
import { ARCHES, Arch } from './names';
import { zodProblems } from './zod-problems';
import { FleetValidationError } from './problem';

/*
 * Offline, no registry can be asked which platforms an image has. The image
 * lock, produced in CI where a registry is reachable, records each image's
 * index digest and platforms; synth checks every workload against it.
 */

const platformSchema = z.string().regex(/^linux\/(amd64|arm64|arm)(\/v[5-8])?$/, {
  message: 'must be an OCI platform such as linux/amd64, linux/arm64 or linux/arm/v7',
});

/** Schema of the image lock file (JSON). */
export const imageLockSchema = z
  .object({
    /** Lock entries by image reference with tag, e.g. `ghcr.io/acme/pos:1.4.2`. */
    images: z.record(
      // A lock pins what a tag points to; a floating tag moves, so the digest would soon be wrong.
      z
        .string()
        .min(1)
        .refine((image) => !isFloatingImage(image), {
          message: 'is a floating reference (no tag, or :latest): a lock entry pins an explicit version tag',
          params: { hint: 'lock the image under its version tag, e.g. "ghcr.io/acme/pos:1.4.2", and use that tag in the app' },
        }),
      z
        .object({
          /** Digest of the image index (multi-arch manifest list). */
          digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, { message: 'must be sha256:<64 hex digits>' }),
          /** Platforms the index lists. */
          platforms: z.array(platformSchema).min(1),
        })
        .strict(),
    ),
  })
  .strict();
export type ImageLockData = z.infer<typeof imageLockSchema>;
export type ImageLockEntry = ImageLockData['images'][string];

/** Arches (as the `kubernetes.io/arch` label spells them) of a lock entry's platforms. */
export function archesOfPlatforms(platforms: readonly string[]): Arch[] {
  const arches = new Set(platforms.map((p) => p.split('/')[1] as Arch));
  return ARCHES.filter((a) => arches.has(a));
}

/** Reads and validates an image lock file; throws a FleetValidationError naming the file and field. */
export function readImageLock(file: string): ImageLockData {
  const result = imageLockSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')), { reportInput: true });
  if (!result.success) throw new FleetValidationError(zodProblems({ path: file }, result.error));
  return result.data;
}
