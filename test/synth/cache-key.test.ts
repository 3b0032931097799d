import { createHash } from 'node:crypto';
import { syntheticFleet } from '../../bench/synthetic-fleet';
import { resolveFleet } from '../../lib/model/resolve';
import { clusterCacheKey } from '../../lib/synth/cache-key';
import { renderContextOf } from '../../lib/synth/tree-plan';
import { EDGEFLEET_VERSION } from '../../lib/util/version';

/*
 * The key is fed to the hash in pieces, each app's JSON written once (issue
 * 16, no-op re-synth); it must stay the hash of the whole JSON, or every
 * tree would re-render once and its manifest change.
 */

const fleet = syntheticFleet({ sites: 40 });
const context = renderContextOf(fleet);
const sites = resolveFleet(fleet).sites;

function wholeJsonKey(site: (typeof sites)[number]): string {
  const images = [...site.apps.flatMap((a) => a.containers.map((c) => c.image)), ...Object.values(site.settings.platformImages)];
  const lock = images.map((image) => [image, context.imageLock?.images[image] ?? null]);
  return createHash('sha256')
    .update(JSON.stringify([EDGEFLEET_VERSION, context.pinDigests, lock, null, site]))
    .digest('hex')
    .slice(0, 32);
}

describe('clusterCacheKey', () => {
  test('is the hash of the JSON of the site, its lock entries and the version, for every site', () => {
    for (const site of sites) expect(clusterCacheKey(site, context)).toBe(wholeJsonKey(site));
  });

  test('is the same when the site object lists its apps before other keys', () => {
    const { apps, ...rest } = sites[3];
    const reordered = { apps, ...rest };
    expect(clusterCacheKey(reordered, context)).toBe(wholeJsonKey(reordered));
    expect(clusterCacheKey(reordered, context)).not.toBe(clusterCacheKey(sites[3], context));
  });

  test('changes with an app of the site, whose JSON is remembered per app object', () => {
    const before = clusterCacheKey(sites[0], context);
    const changed = { ...sites[0], apps: sites[0].apps.map((a, i) => (i === 0 ? { ...a, name: `${a.name}-x` } : a)) };
    expect(clusterCacheKey(changed, context)).not.toBe(before);
    expect(clusterCacheKey(changed, context)).toBe(wholeJsonKey(changed));
  });
});
