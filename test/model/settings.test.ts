import { DEFAULT_SETTINGS, mergeSettings, settingsOverridesSchema } from '../../lib/model/settings';

describe('mergeSettings', () => {
  test('objects merge key by key; arrays and scalars replace; undefined is ignored', () => {
    const base = { hub: { cidrs: ['10.0.0.0/8'], tenant: 'a' }, labels: { x: '1' }, wave: 'wave-1' };
    const merged = mergeSettings(base, { hub: { cidrs: ['192.0.2.0/24'] }, labels: { y: '2' }, wave: undefined });
    expect(merged).toEqual({ hub: { cidrs: ['192.0.2.0/24'], tenant: 'a' }, labels: { x: '1', y: '2' }, wave: 'wave-1' });
    expect(base.hub.cidrs).toEqual(['10.0.0.0/8']);
  });
});

describe('settingsOverridesSchema', () => {
  test('the built-in defaults are valid overrides', () => {
    expect(settingsOverridesSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });

  test('unknown keys are rejected so typos do not pass silently', () => {
    const result = settingsOverridesSchema.safeParse({ hub: { metricUrl: 'https://x.example' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', path: ['hub'] });
  });
});
