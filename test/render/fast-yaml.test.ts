import { parseAllDocuments, stringify } from 'yaml';
import { syntheticFleet } from '../../bench/synthetic-fleet';
import { buildTree } from '../../lib/output/synth';
import { fastYaml, YAML_OPTIONS } from '../../lib/render/fast-yaml';
import { fleet as sitesFleet } from '../../sites/fleet';

/** Every YAML document of a built tree, as data. */
function documentsOf(content: ReadonlyMap<string, string>): unknown[] {
  return [...content]
    .filter(([path]) => path.endsWith('.yaml') || path.endsWith('.yml'))
    .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJSON()));
}

describe('fastYaml', () => {
  test('writes the bytes of yaml.stringify for every document of sites/ and of a synthetic fleet', () => {
    const docs = [...documentsOf(buildTree(sitesFleet, undefined).tree.content), ...documentsOf(buildTree(syntheticFleet({ sites: 40 }), undefined).tree.content)];
    expect(docs.length).toBeGreaterThan(500);
    const differing = docs.filter((d) => fastYaml(d) !== stringify(d, YAML_OPTIONS));
    expect(differing).toEqual([]);
  });

  test.each([
    ['numbers as strings, indicators, reserved words', { a: '8080', b: '-x', c: 'a b', d: 'https://x/y:1', e: '', f: 'x: y', g: '~', h: 'Yes', i: '@x', j: 'a #b', k: 'a#b', l: "it's", m: '"q"', n: '!x', o: '?x', p: '[x', q: 'x]', r: '%x', s: 'a,b', t: 'True', u: 'NULL', v: '0x1F', w: '0o17', x: '1e3', y: '.5', z: '.inf', za: '.NaN', zb: 'é', zc: ' lead', zd: 'trail ', ze: 'end:', zf: '1.2.3', zg: '10.0.0.0/8', zh: '100m' }],
    ['numbers', { a: -0, b: 1.5, c: 1e21, d: -3, e: 0, f: Number.MAX_SAFE_INTEGER + 2, g: NaN, h: Infinity }],
    ['empty and nested collections', { a: {}, b: [], c: null, d: [{ x: 1, y: [1, 2] }, [3, [4]], [], {}], e: { f: { g: [] } }, h: [[{ i: 1 }]] }],
    ['multi-line strings and odd keys fall back', { 'key with: colon': 1, k: 'line1\nline2\n', '8080': 'x', '': 'empty key' }],
    ['undefined members', { a: undefined, b: { c: undefined }, d: [undefined, 1] }],
    ['key order', { b: 1, B: 2, a: 3, _: 4, '1a': 5, 'a.b/c': 6, Z: 7 }],
  ])('%s', (_name, value) => {
    expect(fastYaml(value)).toBe(stringify(value, YAML_OPTIONS));
  });

  test('top-level scalars and collections', () => {
    for (const value of ['x', '8080', 3, null, true, [], {}, [1, 'a'], 'multi\nline']) expect(fastYaml(value)).toBe(stringify(value, YAML_OPTIONS));
  });
});
