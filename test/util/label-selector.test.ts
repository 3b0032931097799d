import { isValidOperator, matchesRequirements } from '../../lib/util/label-selector';

const labels = { app: 'pos', tier: 'edge', cores: '4' };

describe('matchesRequirements', () => {
  test.each([
    [{ key: 'app', operator: 'In', values: ['pos', 'kiosk'] }, true],
    [{ key: 'app', operator: 'In', values: ['kiosk'] }, false],
    [{ key: 'missing', operator: 'In', values: ['x'] }, false],
    [{ key: 'app', operator: 'NotIn', values: ['kiosk'] }, true],
    [{ key: 'missing', operator: 'NotIn', values: ['x'] }, true],
    [{ key: 'tier', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'tier', operator: 'DoesNotExist' }, false],
  ])('label and node selectors: %j -> %s', (requirement, expected) => {
    expect(matchesRequirements('label', [requirement], labels)).toBe(expected);
    expect(matchesRequirements('node', [requirement], labels)).toBe(expected);
  });

  test('requirements are ANDed; none matches everything', () => {
    expect(
      matchesRequirements(
        'label',
        [
          { key: 'app', operator: 'Exists' },
          { key: 'tier', operator: 'In', values: ['hub'] },
        ],
        labels,
      ),
    ).toBe(false);
    expect(matchesRequirements('label', [], labels)).toBe(true);
  });

  // Kubernetes refuses to build a selector with an unknown operator: the selector is invalid and matches nothing.
  test('an unknown operator matches nothing, whatever the other requirements and labels', () => {
    for (const kind of ['label', 'node'] as const) {
      expect(matchesRequirements(kind, [{ key: 'app', operator: 'Equals', values: ['pos'] }], labels)).toBe(false);
      expect(matchesRequirements(kind, [{ key: 'missing', operator: 'in', values: ['x'] }], labels)).toBe(false);
      expect(
        matchesRequirements(
          kind,
          [
            { key: 'app', operator: 'Exists' },
            { key: 'app', operator: 'Bogus' },
          ],
          labels,
        ),
      ).toBe(false);
    }
  });

  test('Gt and Lt compare integers, in node selectors only', () => {
    expect(matchesRequirements('node', [{ key: 'cores', operator: 'Gt', values: ['2'] }], labels)).toBe(true);
    expect(matchesRequirements('node', [{ key: 'cores', operator: 'Lt', values: ['2'] }], labels)).toBe(false);
    expect(matchesRequirements('node', [{ key: 'app', operator: 'Gt', values: ['2'] }], labels)).toBe(false);
    expect(matchesRequirements('node', [{ key: 'missing', operator: 'Lt', values: ['2'] }], labels)).toBe(false);
    expect(matchesRequirements('node', [{ key: 'cores', operator: 'Gt', values: ['1', '2'] }], labels)).toBe(false);
    expect(matchesRequirements('label', [{ key: 'cores', operator: 'Gt', values: ['2'] }], labels)).toBe(false);
    expect(isValidOperator('label', 'Gt')).toBe(false);
    expect(isValidOperator('node', 'Lt')).toBe(true);
  });
});
