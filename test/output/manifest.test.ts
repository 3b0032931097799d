import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Manifest, MANIFEST_FORMAT, MANIFEST_PATH, readManifest, readManifestText, serializeManifest } from '../../lib/output/manifest';
import { synth } from '../../lib/synth/synth';
import { smallFleet } from '../support/small-fleet';
import { readTree, tempDir } from '../support/synth-sites';

/*
 * Issue 16 item 4: the manifest is read on every synth, so format 2 lists
 * each cluster's files in its own one-line entry. Trees written by an older
 * edgefleet (format 1) are still read and upgraded in place.
 */

/** The bytes edgefleet 0.1 wrote: every file by its full path, then the clusters (format 1). */
function formatOne(manifest: Manifest): string {
  const sorted = <T>(record: Record<string, T>) =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    );
  return `${JSON.stringify({ edgefleet: manifest.edgefleet, ...(manifest.shard ? { shard: manifest.shard } : {}), files: sorted(manifest.files), clusters: sorted(manifest.clusters) }, null, 1)}\n`;
}

describe('manifest format 2', () => {
  const out = tempDir();
  synth(smallFleet({ sites: 3 }).fleet, { outDir: out });
  const text = readFileSync(join(out, MANIFEST_PATH), 'utf8');
  const manifest = readManifestText(text);

  test('lists each cluster on one line, its files by path inside its directory', () => {
    const json = JSON.parse(text);
    expect(json.format).toBe(MANIFEST_FORMAT);
    const line = text.split('\n').find((l) => l.startsWith('  "shop-2": '))!;
    expect(JSON.parse(line.slice('  "shop-2": '.length).replace(/,$/, ''))).toEqual({ ...json.clusters['shop-2'] });
    expect(json.clusters['shop-2'].files['kustomization.yaml']).toBe(manifest.files['clusters/shop-2/kustomization.yaml']);
    expect(Object.keys(json.files).some((p) => p.startsWith('clusters/shop-'))).toBe(false);
  });

  test('reads back to the same manifest, and writes the same bytes again', () => {
    expect(manifest.clusters['shop-1']).toMatchObject({ tier: 'eu' });
    expect(Object.keys(manifest.files)).toContain('clusters/shop-1/kustomization.yaml');
    expect(serializeManifest(manifest)).toBe(text);
  });

  test('a change to one cluster changes only its line', () => {
    const changed = { ...manifest, files: { ...manifest.files, 'clusters/shop-2/kustomization.yaml': '0123456789abcdef' } };
    const before = text.split('\n');
    const after = serializeManifest(changed).split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((l, i) => l !== before[i]).map((l) => l.slice(0, 12))).toEqual(['  "shop-2": ']);
  });

  test('a cluster entry that is not well-formed is refused, naming the cluster', () => {
    const json = JSON.parse(text);
    json.clusters['shop-2'].files['kustomization.yaml'] = 7;
    expect(() => readManifestText(JSON.stringify(json), 'out/m.json')).toThrow(
      /out\/m\.json is not an edgefleet manifest \(cluster shop-2: `files` is not a map/,
    );
    delete json.clusters['shop-2'].key;
    expect(() => readManifestText(JSON.stringify(json))).toThrow(/cluster shop-2: `key` is not a string/);
    expect(() => readManifestText(JSON.stringify({ ...json, format: 3 }))).toThrow(/is not an edgefleet manifest \(format:/);
  });

  test('a format-1 manifest of an older edgefleet is read, and the next synth upgrades it without rendering', () => {
    const old = tempDir();
    synth(smallFleet({ sites: 3 }).fleet, { outDir: old });
    const current = readTree(old);
    writeFileSync(join(old, MANIFEST_PATH), formatOne(manifest));
    expect(readManifest(old)).toEqual(manifest);
    expect(synth(smallFleet({ sites: 3 }).fleet, { outDir: old })).toMatchObject({ rendered: 0, written: 1, repaired: 0 });
    expect(readTree(old)).toEqual(current);
  });
});
