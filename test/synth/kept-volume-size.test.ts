import { join } from 'node:path';
import { FleetValidationError } from '../../lib/model/problem';
import { synth } from '../../lib/synth/synth';
import { kustomizeObjects } from '../support/kustomize';
import { readTree, tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';
import { upgradeFleet } from '../support/upgrade-fleet';

const CLAIM = 'PersistentVolumeClaim/edge-system/prometheus-agent';

/** Size of the Prometheus WAL claim that `kubectl kustomize` yields for a cluster. */
function claimSize(out: string, cluster: string): string {
  const claim = kustomizeObjects(join(out, 'clusters', cluster)).find(
    (o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'prometheus-agent',
  );
  return claim!.spec.resources.requests.storage;
}

/** A tree synthesized with ship-1 rarely-connected (72h retention: a 4Gi WAL volume). */
function rarelyConnectedTree(): string {
  const out = tempDir();
  synth(upgradeFleet({ connectivity: 'rarely-connected' }), { outDir: out });
  expect(claimSize(out, 'ship-1')).toBe('4Gi');
  return out;
}

// Every test here fails on the old code: it wrote a 2Gi claim over the 4Gi one, which Kubernetes refuses.
describeWithTool('kubectl', ['version', '--client'])('the WAL volume keeps its size across upgrades (real previous tree)', () => {
  test('moving a site from rarely-connected to intermittent keeps the 4Gi volume', () => {
    const out = rarelyConnectedTree();
    const summary = synth(upgradeFleet({ connectivity: 'intermittent' }), { outDir: out });
    expect(summary.rendered).toBe(1);
    expect(claimSize(out, 'ship-1')).toBe('4Gi');
    expect(claimSize(out, 'shop-2')).toBe('1Gi');
    // A fresh tree has no previous size to keep: intermittent's default is 2Gi.
    const fresh = tempDir();
    synth(upgradeFleet({ connectivity: 'intermittent' }), { outDir: fresh });
    expect(claimSize(fresh, 'ship-1')).toBe('2Gi');
    // The kept size is stable: the next synth renders nothing and writes nothing.
    expect(synth(upgradeFleet({ connectivity: 'intermittent' }), { outDir: out })).toMatchObject({ rendered: 0, written: 0 });
  });

  test('the acknowledgement alone does not shrink the default size', () => {
    const out = rarelyConnectedTree();
    synth(upgradeFleet({ connectivity: 'intermittent', upgrade: { allowReplace: [CLAIM] } }), { outDir: out });
    expect(claimSize(out, 'ship-1')).toBe('4Gi');
  });

  test('an explicit smaller metrics.volumeSize is refused, naming site, object and field, and nothing is written', () => {
    const out = rarelyConnectedTree();
    const before = readTree(out);
    let error: unknown;
    try {
      synth(upgradeFleet({ connectivity: 'intermittent', metrics: { volumeSize: '2Gi' } }), { outDir: out });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FleetValidationError);
    expect((error as Error).message).toContain(
      `site ship-1 (test/sea/ship-1): ${CLAIM} spec.resources.requests.storage: shrinks from 4Gi to 2Gi`,
    );
    expect((error as Error).message).toContain('upgrade.allowReplace');
    expect(readTree(out)).toEqual(before);
  });

  test('an explicit size with the acknowledgement shrinks it on purpose', () => {
    const out = rarelyConnectedTree();
    synth(upgradeFleet({ connectivity: 'intermittent', metrics: { volumeSize: '2Gi' }, upgrade: { allowReplace: [CLAIM] } }), {
      outDir: out,
    });
    expect(claimSize(out, 'ship-1')).toBe('2Gi');
  });

  test('--against keeps the size of the tree the clusters run, even into a fresh output directory', () => {
    const running = rarelyConnectedTree();
    const preview = tempDir();
    synth(upgradeFleet({ connectivity: 'intermittent' }), { outDir: preview, against: running });
    expect(claimSize(preview, 'ship-1')).toBe('4Gi');
    expect(() =>
      synth(upgradeFleet({ connectivity: 'intermittent', metrics: { volumeSize: '1Gi' } }), { outDir: tempDir(), against: running }),
    ).toThrow(/site ship-1 .*spec\.resources\.requests\.storage: shrinks from 4Gi to 1Gi/);
  });
});
