import { resolveFleet } from '../../lib/model/resolve';
import { resolvedSettingsSchema, SettingsOverrides } from '../../lib/model/settings';
import { SettingsParser } from '../../lib/model/settings-parser';
import { smallFleet } from '../support/small-fleet';

/** A parse result as the tests compare it: the data, or the issues. */
function outcome(result: ReturnType<SettingsParser['parse']>): unknown {
  return result.success ? { data: result.data } : { issues: result.error.issues };
}

/** Valid merged settings: a resolved site's. */
function validSettings(): Record<string, unknown> {
  return resolveFleet(smallFleet().fleet).sites[0].settings as unknown as Record<string, unknown>;
}

describe('SettingsParser', () => {
  test('gives what the whole schema gives, data or issues, whichever settings it has seen before', () => {
    const base = validSettings();
    const { hub: _hub, ...withoutHub } = base;
    const metrics = base.metrics as { queue: Record<string, unknown> };
    const valid = [base, { ...base, wave: 'wave-2', labels: { store: 'mall' } }, { ...base, unknownSetting: true }];
    const invalid = [
      { ...base, labels: { 'kubernetes.io/zone': 'x', cluster: 'y' } },
      { ...base, namespaces: { platform: 'edge-system', apps: 'edge-system' } },
      { ...base, metrics: { ...metrics, queue: { ...metrics.queue, minShards: 50 } } },
      { ...base, apiServerCidrs: [], lanCidrs: 'not a list' },
      withoutHub,
      { ...base, hub: undefined },
    ];
    for (const input of invalid) expect(resolvedSettingsSchema.safeParse(input).success).toBe(false);
    const parser = new SettingsParser();
    for (const input of [...valid, ...invalid, ...valid]) {
      expect(outcome(parser.parse(input as SettingsOverrides))).toEqual(
        outcome(resolvedSettingsSchema.safeParse(input, { reportInput: true })),
      );
    }
  });

  test('parses a setting once per value: sites sharing a tier setting share its parsed object', () => {
    const base = validSettings();
    const parser = new SettingsParser();
    const first = parser.parse(base as SettingsOverrides);
    const second = parser.parse({ ...base, wave: 'wave-2' } as SettingsOverrides);
    expect(second.data!.hub).toBe(first.data!.hub);
    expect(second.data!.wave).toBe('wave-2');
  });
});
