import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { synth } from '../../lib/synth/synth';
import { fleet as distributions } from '../../examples/distributions';
import { fleet as factories } from '../../examples/factories';
import { fleet as retailChain } from '../../examples/retail-chain';
import { fleet as vessels } from '../../examples/vessels';
import { fleet as windFarm } from '../../examples/wind-farm';
import { kustomizeObjects } from '../support/kustomize';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';
import { validateObject } from '../support/validate-objects';

describeWithTool('kubectl', ['version', '--client']).each([
  ['retail-chain', retailChain, 40],
  ['vessels', vessels, 5],
  ['factories', factories, 3],
  ['wind-farm', windFarm, 2],
  ['distributions', distributions, 4],
])('example %s', (_name, fleet, clusterCount) => {
  test('synthesizes; every cluster builds with kubectl kustomize and validates', () => {
    const out = tempDir();
    const summary = synth(fleet, { outDir: out });
    expect(summary.clusters).toBe(clusterCount);
    const errors: string[] = [];
    for (const cluster of readdirSync(join(out, 'clusters'))) {
      for (const object of kustomizeObjects(join(out, 'clusters', cluster))) errors.push(...validateObject(object));
    }
    expect(errors).toEqual([]);
  });
});
