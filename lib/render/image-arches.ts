import { archesOfPlatforms, ImageLockData } from '../model/image-lock';
import type { Arch } from '../model/names';
import type { ResolvedSite } from '../model/resolved-site';

/**
 * Arches a platform workload may run on at a site: the image's platforms in
 * the lock (else the arches upstream publishes it for) that the site has.
 */
export function platformImageArches(image: string, upstream: readonly Arch[], site: ResolvedSite, lock: ImageLockData | undefined): Arch[] {
  const entry = lock?.images[image];
  const imageArches = entry ? archesOfPlatforms(entry.platforms) : upstream;
  return site.arches.filter((a) => imageArches.includes(a));
}
