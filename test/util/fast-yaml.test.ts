import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { syntheticFleet } from '../../bench/synthetic-fleet';
import { buildTree } from '../../lib/synth/tree-build';
import { fastYaml, YAML_OPTIONS } from '../../lib/util/fast-yaml';
import { unrepresentableReason } from '../../lib/model/yaml-string';
import { fleet as sitesFleet } from '../../sites/fleet';

/** Pieces hostile to a YAML emitter: indicators, reserved words, number look-alikes, control and line-break characters, long runs. */
const NASTY = [
  ' ',
  '\n',
  '\t',
  '\r',
  ':',
  ': ',
  '#',
  ' #',
  '-',
  '- ',
  '---',
  '...',
  '?',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '"',
  "'",
  '\\',
  ',',
  '[',
  ']',
  '{',
  '}',
  '~',
  'yes',
  'no',
  'null',
  'true',
  'on',
  '<<',
  '=',
  '1',
  '0x1',
  '1_0',
  '0b1',
  '.5',
  '1e3',
  '+',
  '.inf',
  'é',
  '😀',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ud800',
  'x'.repeat(300),
];

/** Strings made of NASTY pieces, or any code units at all. */
const nastyString = fc.oneof(
  fc.array(fc.constantFrom(...NASTY), { maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
);

/** Arbitrary plain JSON data: nested maps and sequences of nasty strings, numbers, booleans, null. */
const plainData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Every YAML document of a built tree, as data. */
function documentsOf(content: ReadonlyMap<string, string>): unknown[] {
  return [...content]
    .filter(([path]) => path.endsWith('.yaml') || path.endsWith('.yml'))
    .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJSON()));
}

describe('fastYaml', () => {
  test('writes the bytes of yaml.stringify for every document of sites/ and of a synthetic fleet', () => {
    const docs = [
      ...documentsOf(buildTree(sitesFleet, undefined).tree.content),
      ...documentsOf(buildTree(syntheticFleet({ sites: 40 }), undefined).tree.content),
    ];
    expect(docs.length).toBeGreaterThan(500);
    const differing = docs.filter((d) => fastYaml(d) !== stringify(d, YAML_OPTIONS));
    expect(differing).toEqual([]);
  });

  test.each([
    [
      'numbers as strings, indicators, reserved words',
      {
        a: '8080',
        b: '-x',
        c: 'a b',
        d: 'https://x/y:1',
        e: '',
        f: 'x: y',
        g: '~',
        h: 'Yes',
        i: '@x',
        j: 'a #b',
        k: 'a#b',
        l: "it's",
        m: '"q"',
        n: '!x',
        o: '?x',
        p: '[x',
        q: 'x]',
        r: '%x',
        s: 'a,b',
        t: 'True',
        u: 'NULL',
        v: '0x1F',
        w: '0o17',
        x: '1e3',
        y: '.5',
        z: '.inf',
        za: '.NaN',
        zb: 'é',
        zc: ' lead',
        zd: 'trail ',
        ze: 'end:',
        zf: '1.2.3',
        zg: '10.0.0.0/8',
        zh: '100m',
      },
    ],
    ['numbers', { a: -0, b: 1.5, c: 1e21, d: -3, e: 0, f: Number.MAX_SAFE_INTEGER + 2, g: NaN, h: Infinity }],
    [
      'empty and nested collections',
      { a: {}, b: [], c: null, d: [{ x: 1, y: [1, 2] }, [3, [4]], [], {}], e: { f: { g: [] } }, h: [[{ i: 1 }]] },
    ],
    ['multi-line strings and odd keys fall back', { 'key with: colon': 1, k: 'line1\nline2\n', '8080': 'x', '': 'empty key' }],
    ['undefined members', { a: undefined, b: { c: undefined }, d: [undefined, 1] }],
    ['key order', { b: 1, B: 2, a: 3, _: 4, '1a': 5, 'a.b/c': 6, Z: 7 }],
  ])('%s', (_name, value) => {
    expect(fastYaml(value)).toBe(stringify(value, YAML_OPTIONS));
  });

  // Failed on the old code: ['---'] came out as `- |-\n  ---` (a document's own scalar), {'...': 0} as `...: 0` (a document end).
  test('property: the bytes of yaml.stringify for arbitrary plain JSON data with hostile strings', () => {
    fc.assert(
      fc.property(plainData, (value) => fastYaml(value) === stringify(value, YAML_OPTIONS)),
      { numRuns: 3000 },
    );
  });

  // Failed on the old code: '1_000', '-0x1', '0b1' and '2001-12-14' were written plain, which kubectl (go-yaml) reads as numbers or a timestamp.
  test.each(['1_000', '-0x1', '+0o7', '0b101', '1_0.5', '-0b1', '0_1', '2001-12-14', '2001-1-2t10:00:00Z'])(
    '%s, a number or timestamp to go-yaml, is quoted',
    (text) => {
      expect(fastYaml({ k: text })).toBe(`k: "${text}"\n`);
    },
  );

  // The yaml package itself writes some strings that do not parse back; the model refuses those (unrepresentableReason).
  test('property: every string the model accepts parses back identical, at any depth and as a key', () => {
    fc.assert(
      fc.property(
        nastyString.filter((text) => unrepresentableReason(text) === undefined),
        fc.nat(3),
        (text, depth) => {
          let value: unknown = { [text]: text, list: [text] };
          for (let i = 0; i < depth; i++) value = { k: [value] };
          expect(parse(fastYaml(value))).toEqual(value);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('top-level scalars and collections', () => {
    for (const value of ['x', '8080', 3, null, true, [], {}, [1, 'a'], 'multi\nline'])
      expect(fastYaml(value)).toBe(stringify(value, YAML_OPTIONS));
  });
});
