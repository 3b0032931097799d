import { join } from 'node:path';
import fc from 'fast-check';
import { EdgeApp, EdgeSite, FleetValidationError } from '../../lib';
import { unrepresentableReason } from '../../lib/model/yaml-string';
import { synth } from '../../lib/synth/synth';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

/** Strings hard for YAML writers and readers; each one passed the model before this change too. */
const HARD = [
  '---',
  '...',
  '... x',
  '- x',
  'a: b',
  '#x',
  'a #b',
  ' lead',
  'trail ',
  '',
  ' ',
  '~',
  'null',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'True',
  '<<',
  '=',
  '8080',
  '1e3',
  '.5',
  '0x1F',
  '0o17',
  '017',
  '1_000',
  '-0x1',
  '+1',
  '0b101',
  '2001-12-14',
  '2001-12-14 21:59:43',
  '12:30',
  'line1\nline2',
  'trailing\n',
  '\n\n',
  'a\r\nb',
  '\ttab',
  'nul\u0000',
  'esc\u001b',
  'bom\ufeff',
  'é😀',
  '"q"',
  "'s'",
  '\\',
  'x'.repeat(4096),
  `${'word '.repeat(400)}end`,
];

/** A bounded sample of generated strings the model accepts, with NASTY-like pieces. */
const generated = fc.sample(
  fc
    .oneof(
      fc
        .array(fc.constantFrom(' ', '\n', '\t', ':', '#', '-', '---', '"', "'", '\\', 'yes', '1', '_', '0x', 'é', '\u0001', 'a'), {
          maxLength: 8,
        })
        .map((p) => p.join('')),
      fc.string({ unit: 'binary' }),
    )
    .filter((text) => unrepresentableReason(text) === undefined),
  { numRuns: 150, seed: 20260 },
);
const STRINGS = [...HARD, ...generated];

function fleetWith(props: Partial<ConstructorParameters<typeof EdgeApp>[2]>) {
  const f = smallFleet({ sites: 1 });
  const app = new EdgeApp(f.fleet, 'echo', {
    image: 'ghcr.io/example/echo:1.0.0',
    arches: ['arm64'],
    requests: { cpu: '10m', memory: '16Mi' },
    configMountPath: '/etc/echo',
    ...props,
  });
  new EdgeSite(f.tier, 'shop-9', { nodes: [{ deviceClass: f.pi }], apps: [app] });
  return f.fleet;
}

describeWithTool('kubectl', ['version', '--client'])('strings survive synth and kubectl kustomize exactly', () => {
  // Failed on the old code: '-0x1', '1_000' and '0b101' came back from kubectl as numbers, '2001-12-14' as '2001-12-14T00:00:00Z'; strings with NEL/LS/PS were accepted and broke the build.
  test('env values, args and config files', () => {
    const env = Object.fromEntries(STRINGS.map((s, i) => [`V${i}`, s]));
    const configFiles = Object.fromEntries(STRINGS.map((s, i) => [`f${i}.txt`, s]));
    const out = tempDir('edgefleet-roundtrip-');
    synth(fleetWith({ env, args: STRINGS, configFiles }), { outDir: out });
    const objects = kustomizeObjects(join(out, 'clusters/shop-9'));
    const container = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'echo')?.spec.template.spec.containers[0];
    expect(container.args).toEqual(STRINGS);
    expect(Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]))).toEqual(env);
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('echo'));
    expect(config?.data).toEqual(configFiles);
  });
});

describe('strings YAML cannot carry', () => {
  test.each([
    ['\u2028', 'U+2028'],
    ['a\u0085b', 'U+0085'],
    ['\u007f', 'U+007F'],
    ['\ud800', 'lone UTF-16 surrogate'],
    [' \n', 'blank lines only'],
  ])('%j in an env value is refused, naming the field', (text, reason) => {
    expect(() => synth(fleetWith({ env: { BAD: text } }), { outDir: tempDir() })).toThrow(FleetValidationError);
    try {
      synth(fleetWith({ env: { BAD: text } }), { outDir: tempDir() });
    } catch (error) {
      expect((error as FleetValidationError).problems).toEqual([
        expect.objectContaining({ field: expect.stringContaining('env.BAD'), message: expect.stringContaining(reason) }),
      ]);
    }
  });
});
