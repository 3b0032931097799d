import { batchTransferSeconds, CONNECTIVITY_PROFILES, connectivityProfile, LOG_BATCH_MARGIN } from '../../lib/model/connectivity-profile';
import { promDurationSeconds } from '../../lib/model/duration';

describe('connectivity profiles', () => {
  test.each(CONNECTIVITY_PROFILES)(
    '%s: a full log batch finishes within the push timeout, with margin, on the assumed link',
    (connectivity) => {
      const { logBatching } = connectivityProfile(connectivity);
      expect(batchTransferSeconds(logBatching) * LOG_BATCH_MARGIN).toBeLessThanOrEqual(logBatching.timeoutSeconds);
    },
  );

  test.each(['intermittent', 'rarely-connected'] as const)(
    '%s: the hub waits as long as the site buffers, retries forever and keeps Flux source on a volume',
    (connectivity) => {
      const profile = connectivityProfile(connectivity);
      expect(profile.hubSilence.seconds).toBe(promDurationSeconds(profile.outageBuffer));
      expect(profile.logPushRetries).toBe(0);
      expect(profile.persistFluxSource).toBe(true);
    },
  );

  test("always-on: pages after 15 minutes, keeps the tools' 10 retries, and Flux source on its emptyDir", () => {
    expect(connectivityProfile('always-on')).toMatchObject({ hubSilence: { seconds: 900 }, logPushRetries: 10, persistFluxSource: false });
  });

  test('often offline sites fetch and retry no more often than always-on ones', () => {
    const [always, intermittent, rarely] = CONNECTIVITY_PROFILES.map((c) => connectivityProfile(c).fluxTiming);
    for (const key of ['fetchInterval', 'interval', 'retryInterval', 'timeout'] as const) {
      expect(promDurationSeconds(always[key])).toBeLessThanOrEqual(promDurationSeconds(intermittent[key]));
      expect(promDurationSeconds(intermittent[key])).toBeLessThanOrEqual(promDurationSeconds(rarely[key]));
    }
  });
});
