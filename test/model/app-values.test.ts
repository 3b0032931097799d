import { formatProblem } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import { smallFleet } from '../support/small-fleet';

describe('per-site app values', () => {
  it('merge over the app key by key: fleet, tier, then site; other sites keep the app values', () => {
    const f = smallFleet({
      sites: 2,
      web: { env: { MODE: 'shop', PLC: 'none' }, configFiles: { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' } },
      tier: { appValues: { web: { env: { PLC: '10.0.0.50' } } } },
      site: { appValues: { web: { env: { PLC: '10.0.1.50' }, configFiles: { 'b.yaml': 'b: 2\n' } } } },
    });
    const resolved = resolveFleet(f.fleet);
    expect(resolved.problems).toEqual([]);
    const web = (cluster: string) => resolved.sites.find((s) => s.cluster === cluster)!.apps.find((a) => a.name === 'web')!;
    expect(web('shop-1').containers[0].env).toEqual({ MODE: 'shop', PLC: '10.0.1.50' });
    expect(web('shop-1').configFiles).toEqual({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n' });
    expect(web('shop-2').containers[0].env).toEqual({ MODE: 'shop', PLC: '10.0.0.50' });
    expect(web('shop-2').configFiles).toEqual({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' });
  });

  it('rejects values for an app the site does not run, naming site, path and field', () => {
    const f = smallFleet({ sites: 2, webOnly: [1], site: { appValues: { worker: { env: { X: '1' } } } } });
    expect(resolveFleet(f.fleet).problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^site shop-1 \(test\/eu\/shop-1\): appValues\.worker: gives values for app worker, which the site does not run\. Hint: add worker/,
      ),
    ]);
  });

  it('rejects tier values for an app no site below runs, but not for one some site runs', () => {
    const f = smallFleet({ sites: 2, webOnly: [1], tier: { appValues: { worker: { env: { X: '1' } }, wokrer: { env: { X: '1' } } } } });
    expect(resolveFleet(f.fleet).problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^test\/eu: appValues\.wokrer: gives values for app wokrer, which no site below runs/),
    ]);
  });

  it('checks the values like the app props: a bad env name and a bad file name are named by field', () => {
    const f = smallFleet({ sites: 1, site: { appValues: { web: { env: { 'not-a-var': '1' }, configFiles: { 'a/b': 'x' } } } } });
    const fields = resolveFleet(f.fleet).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['appValues.web.env.not-a-var', 'appValues.web.configFiles.a/b']));
  });
});
