import { parse } from 'yaml';
import { toKustomizationYaml, toYaml } from '../../lib/util/yaml';

describe('toKustomizationYaml', () => {
  const kustomization = {
    kind: 'Kustomization',
    resources: ['a.yaml'],
    configMapGenerator: [{ name: 'c', literals: ['k=line 1\n  line 2\n'] }],
  };

  test("writes sequence items at their key's indentation, block text 4 columns shallower than toYaml", () => {
    const text = toKustomizationYaml(kustomization);
    expect(text).toBe(
      'configMapGenerator:\n- literals:\n  - |\n    k=line 1\n      line 2\n  name: c\nkind: Kustomization\nresources:\n- a.yaml\n',
    );
    expect(toYaml(kustomization)).toContain('\n        k=line 1\n');
  });

  test('reads back as the same value, keys sorted', () => {
    expect(parse(toKustomizationYaml(kustomization))).toEqual(kustomization);
  });
});
