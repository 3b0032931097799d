import { existsSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synth } from '../../lib/synth/synth';
import { readTree, tempDir } from '../support/synth-sites';
import { smallFleet } from '../support/small-fleet';

/*
 * Issue 10 item 4 (drift repair): on today's main a hand edit to an owned
 * file survived even --force, and a deleted owned file came back only with
 * --force. Every synth now checks owned files against the manifest.
 */

describe('drift repair', () => {
  const out = (): string => tempDir();

  test('a hand-edited and a deleted owned file are restored by a plain synth, and reported', () => {
    const dir = out();
    synth(smallFleet().fleet, { outDir: dir });
    const clean = readTree(dir);
    const edited = join(dir, 'clusters', 'shop-1', 'kustomization.yaml');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}# hand edit\n`);
    unlinkSync(join(dir, 'clusters', 'shop-2', 'resources.yaml'));
    const repair = synth(smallFleet().fleet, { outDir: dir });
    expect(repair.repaired).toBe(2);
    expect(readTree(dir)).toEqual(clean);
    expect(synth(smallFleet().fleet, { outDir: dir })).toMatchObject({ written: 0, repaired: 0, rendered: 0 });
  });

  test('an edit that keeps the size is caught too: the stat cache is keyed on inode, size and mtime', () => {
    const dir = out();
    synth(smallFleet().fleet, { outDir: dir });
    const clean = readTree(dir);
    const file = join(
      dir,
      [...clean.keys()].find((p) => p.startsWith('bases/') && p.endsWith('/resources.yaml'))!,
    );
    const text = readFileSync(file, 'utf8');
    // Same length, other bytes, written in place (same inode), mtime moved on.
    writeFileSync(file, text.replace('kind:', 'kinD:'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(synth(smallFleet().fleet, { outDir: dir }).repaired).toBe(1);
    expect(readTree(dir)).toEqual(clean);
  });

  test('a seed file filled by flux bootstrap is left alone, and pruned with its cluster', () => {
    const dir = out();
    synth(smallFleet({ sites: 3 }).fleet, { outDir: dir });
    const components = join(dir, 'clusters', 'shop-1', 'flux-system', 'gotk-components.yaml');
    const filled = '# written by flux bootstrap\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n';
    writeFileSync(components, filled);
    expect(synth(smallFleet({ sites: 3 }).fleet, { outDir: dir, force: true })).toMatchObject({ written: 0, repaired: 0 });
    expect(readFileSync(components, 'utf8')).toBe(filled);
    const gone = join(dir, 'clusters', 'shop-3', 'flux-system', 'gotk-components.yaml');
    writeFileSync(gone, filled);
    synth(smallFleet({ sites: 2 }).fleet, { outDir: dir });
    expect(existsSync(gone)).toBe(false);
  });
});
