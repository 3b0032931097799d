/*
 * The stages of lib/ and what each may import (design.md, "layout"). Imports
 * point down this list: a stage imports only the stages named here, never
 * one above it or beside it. lib/cli may import anything; lib/index.ts
 * re-exports anything and nothing in lib/ imports it.
 */
'use strict';

const LAYERS = {
  util: [],
  model: ['util'],
  components: ['util', 'model'],
  render: ['util', 'model', 'components'],
  checks: ['util', 'model', 'components', 'render'],
  layout: ['util', 'model', 'components', 'render', 'checks'],
  output: ['util', 'model', 'components', 'render', 'checks', 'layout'],
  synth: ['util', 'model', 'components', 'render', 'checks', 'layout', 'output'],
  plan: ['util', 'model', 'components', 'render', 'checks', 'layout', 'output', 'synth'],
  rollout: ['util', 'model', 'components', 'render', 'checks', 'layout', 'output', 'synth'],
  bootstrap: ['util', 'model', 'components', 'render', 'checks', 'layout', 'output', 'synth'],
  cli: ['util', 'model', 'components', 'render', 'checks', 'layout', 'output', 'synth', 'plan', 'rollout', 'bootstrap'],
};

/** `import-x/no-restricted-paths` zones: for every stage, each stage it may not import. */
function layeringZones() {
  const stages = Object.keys(LAYERS);
  return stages.flatMap((stage) => [
    ...stages
      .filter((other) => other !== stage && !LAYERS[stage].includes(other))
      .map((other) => ({
        target: `./lib/${stage}`,
        from: `./lib/${other}`,
        message: `lib/${stage} may import only ${LAYERS[stage].map((s) => `lib/${s}`).join(', ') || 'nothing of ours'}: imports point down the stages (ARCHITECTURE.md).`,
      })),
    {
      target: `./lib/${stage}`,
      from: './lib/index.ts',
      message: 'lib/index.ts only re-exports, for users of the package: import the module itself.',
    },
  ]);
}

module.exports = { LAYERS, layeringZones };
