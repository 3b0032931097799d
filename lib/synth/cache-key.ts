import { createHash, Hash } from 'node:crypto';
import type { ResolvedApp } from '../model/resolved-app';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderContext } from '../render/render-context';
import { EDGEFLEET_VERSION } from '../util/version';

/**
 * JSON of each resolved app, by identity. Sites running an app with no
 * site-specific values share one resolved object (resolve.ts), and apps are
 * about half of a site's JSON: at 10,000 sites, writing each app's JSON
 * once instead of once per site saves about 40% of the keys' time (measured).
 */
const appJson = new WeakMap<ResolvedApp, string>();

function jsonOfApp(app: ResolvedApp): string {
  let json = appJson.get(app);
  if (json === undefined) appJson.set(app, (json = JSON.stringify(app)));
  return json;
}

/** Feeds `hash` exactly the bytes of `JSON.stringify(site)`, each app's JSON written once per app object (see appJson). */
function updateWithSite(hash: Hash, site: ResolvedSite): Hash {
  const { apps, ...rest } = site;
  const head = JSON.stringify(rest);
  // Only when `apps` is the site's last key are the pieces the bytes of JSON.stringify(site).
  if (Object.keys(site).at(-1) !== 'apps' || head === '{}') return hash.update(JSON.stringify(site));
  hash.update(`${head.slice(0, -1)},"apps":[`);
  apps.forEach((app, i) => hash.update(i === 0 ? jsonOfApp(app) : `,${jsonOfApp(app)}`));
  return hash.update(']}');
}

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
  // The hash of JSON.stringify([EDGEFLEET_VERSION, pinDigests, lock, sources, site]), fed in pieces.
  const hash = createHash('sha256').update(`${JSON.stringify([EDGEFLEET_VERSION, context.pinDigests, lock, sources]).slice(0, -1)},`);
  return updateWithSite(hash, site).update(']').digest('hex').slice(0, 32);
}
