import type { ResolvedSite } from '../model/resolved-site';
import type { RenderContext } from '../render/render-context';
import { sha256 } from '../util/hash';
import { EDGEFLEET_VERSION } from '../util/version';

/**
 * The cache key of a cluster: everything its render reads. The resolved site
 * (settings, nodes, apps including render-hook source), the lock entries of
 * its app and platform images, digest pinning and the edgefleet version;
 * for a cluster running a render hook, the digest of every module the fleet
 * file loaded too (a hook may read a constant of any of them). Clusters
 * without a hook keep their key when an unrelated module changes.
 */
export function clusterCacheKey(site: ResolvedSite, context: RenderContext): string {
  const images = [...site.apps.flatMap((a) => a.containers.map((c) => c.image)), ...Object.values(site.settings.platformImages)];
  const lock = images.map((image) => [image, context.imageLock?.images[image] ?? null]);
  const sources = site.apps.some((a) => context.hooks.has(a.name)) ? (context.sourcesDigest ?? null) : null;
  return sha256(JSON.stringify([EDGEFLEET_VERSION, context.pinDigests, lock, sources, site]), 32);
}
