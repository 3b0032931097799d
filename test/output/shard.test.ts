import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inShard, parseShard } from '../../lib/output/shard';
import { mergeShards } from '../../lib/output/shard-merge';
import { MANIFEST_PATH } from '../../lib/output/manifest';
import { synth } from '../../lib/synth/synth';
import { fleet as sitesFleet } from '../../sites/fleet';
import { readTree, tempDir } from '../support/synth-sites';

describe('parseShard', () => {
  test('reads i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  test.each(['0/3', '4/3', '1/0', '2', 'a/b', '1/2/3', ''])('refuses %p, saying what a shard is', (text) => {
    expect(() => parseShard(text)).toThrow(/expected i\/n with 1 <= i <= n/);
  });
});

describe('inShard', () => {
  test('puts every cluster in exactly one shard, spread over all of them', () => {
    const clusters = Array.from({ length: 300 }, (_, i) => `site-${i}`);
    const counts = [1, 2, 3].map((index) => clusters.filter((c) => inShard(c, { index, count: 3 })).length);
    for (const c of clusters) expect([1, 2, 3].filter((index) => inShard(c, { index, count: 3 }))).toHaveLength(1);
    expect(counts.reduce((a, b) => a + b)).toBe(300);
    for (const n of counts) expect(n).toBeGreaterThan(60);
  });
});

describe('synth --shard and merge', () => {
  const whole = tempDir();
  const full = synth(sitesFleet, { outDir: whole });
  const shards = [1, 2, 3].map((index) => {
    const dir = tempDir();
    return { dir, summary: synth(sitesFleet, { outDir: dir, shard: { index, count: 3 } }) };
  });

  test('the shards split the clusters and each writes a partial manifest', () => {
    expect(shards.map((s) => s.summary.clusters).reduce((a, b) => a + b)).toBe(full.clusters);
    for (const [i, s] of shards.entries()) {
      const manifest = JSON.parse(readFileSync(join(s.dir, MANIFEST_PATH), 'utf8'));
      expect(manifest.shard).toEqual({ index: i + 1, count: 3 });
      expect(Object.keys(manifest.clusters).length).toBe(s.summary.clusters);
      expect(s.summary.clusters).toBeGreaterThan(0);
    }
  });

  test('merging the shards gives the unsharded tree byte for byte, manifest included', () => {
    const merged = tempDir();
    const summary = mergeShards(merged, shards.map((s) => s.dir).reverse());
    expect(summary.clusters).toBe(full.clusters);
    expect(readTree(merged)).toEqual(readTree(whole));
    // And it is a normal output tree: a synth over it renders and writes nothing.
    expect(synth(sitesFleet, { outDir: merged })).toMatchObject({ rendered: 0, written: 0 });
  });

  test('merging again into the merged tree writes nothing', () => {
    const merged = tempDir();
    mergeShards(
      merged,
      shards.map((s) => s.dir),
    );
    expect(
      mergeShards(
        merged,
        shards.map((s) => s.dir),
      ),
    ).toMatchObject({ written: 0, removed: 0 });
  });

  test('refuses a missing shard, an unsharded tree and shards that disagree', () => {
    expect(() => mergeShards(tempDir(), [shards[0].dir, shards[2].dir])).toThrow(/every shard of one split exactly once; got 1\/3, 3\/3/);
    expect(() => mergeShards(tempDir(), [whole])).toThrow(/unsharded synth/);
    const manifestFile = join(shards[1].dir, MANIFEST_PATH);
    const original = readFileSync(manifestFile, 'utf8');
    const manifest = JSON.parse(original);
    // A base both shards use, recorded with different content.
    const shared = Object.keys(JSON.parse(readFileSync(join(shards[0].dir, MANIFEST_PATH), 'utf8')).files).find(
      (p) => p.startsWith('bases/') && manifest.files[p],
    );
    expect(shared).toBeDefined();
    manifest.files[shared!] = 'differs';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    try {
      expect(() =>
        mergeShards(
          tempDir(),
          shards.map((s) => s.dir),
        ),
      ).toThrow(/shards disagree about bases\//);
    } finally {
      writeFileSync(manifestFile, original);
    }
  });
});

describe('the CLI: synth --shard i/n in a CI matrix, then merge', () => {
  const ROOT = join(__dirname, '..', '..');
  const run = (args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'edgefleet.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  test('merge of the shards equals an unsharded synth, byte for byte', () => {
    const whole = tempDir();
    expect(run(['synth', '--out', whole]).status).toBe(0);
    const dirs = [1, 2].map((i) => {
      const dir = tempDir();
      const result = run(['synth', '--shard', `${i}/2`, '--out', dir]);
      expect(result.stderr).toBe('');
      return dir;
    });
    const merged = tempDir();
    const result = run(['merge', '--out', merged, ...dirs]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^merge: \d+ clusters from 2 shards; files: \d+ written/);
    expect(readTree(merged)).toEqual(readTree(whole));
  });

  test('a bad --shard is a usage error', () => {
    const result = run(['synth', '--shard', '3/2', '--out', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--shard.*"3\/2" is not a shard/);
  });
});
