import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fleet } from '../../lib/model/fleet';
import { synth } from '../../lib/synth/synth';
import { fleet as distributions } from '../../examples/distributions';
import { fleet as factories } from '../../examples/factories';
import { fleet as retailChain } from '../../examples/retail-chain';
import { fleet as vessels } from '../../examples/vessels';
import { fleet as windFarm } from '../../examples/wind-farm';
import { fleet as sites } from '../../sites/fleet';
import { readTree, tempDir } from '../support/synth-sites';

/**
 * Pins the bytes of every tree the repository synthesizes (issue 13): a
 * restructure must leave them byte-identical. A behaviour change updates the
 * pins on purpose with `UPDATE_TREE_HASHES=1 npx jest test/examples/tree-hashes`,
 * and its commit says why the trees changed.
 */
const PINS_PATH = join(__dirname, 'tree-hashes.json');

const TREES: ReadonlyArray<readonly [string, Fleet, 'flux' | 'fleet' | undefined]> = [
  ['sites', sites, undefined],
  ['sites (engine fleet)', sites, 'fleet'],
  ['retail-chain', retailChain, undefined],
  ['vessels', vessels, undefined],
  ['factories', factories, undefined],
  ['wind-farm', windFarm, undefined],
  ['distributions', distributions, undefined],
];

/** One hash over every path and its bytes, in path order. */
function treeHash(root: string): string {
  const hash = createHash('sha256');
  for (const [path, text] of readTree(root)) hash.update(`${path}\0${text}\0`);
  return hash.digest('hex');
}

const pinned = JSON.parse(readFileSync(PINS_PATH, 'utf8')) as Record<string, string>;
const actual: Record<string, string> = {};

afterAll(() => {
  if (process.env.UPDATE_TREE_HASHES === '1') writeFileSync(PINS_PATH, `${JSON.stringify(actual, null, 2)}\n`);
});

test.each(TREES)('the tree of %s is byte-identical to its pin', (name, fleet, engine) => {
  const out = tempDir();
  synth(fleet, { outDir: out, engine, durable: false });
  actual[name] = treeHash(out);
  if (process.env.UPDATE_TREE_HASHES !== '1') expect(actual[name]).toBe(pinned[name]);
});
