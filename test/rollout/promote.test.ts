import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { synth } from '../../lib/synth/synth';
import { BuiltObject, kustomizeObjects } from '../support/kustomize';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';
import { waveFleet } from '../support/wave-fleet';
import { git, repoWithClone } from '../support/git-repo';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'edgefleet.js');
const WAVES = ['canary', 'wave-1', 'wave-2', 'wave-3'];
const T0 = new Date('2026-05-01T08:00:00Z');
const hours = (h: number) => new Date(T0.getTime() + h * 3600_000).toISOString();

/** The real CLI, with the clock injected. */
function cli(now: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, EDGEFLEET_NOW: now } });
}

/** Every wave ref's commit in the clone. */
function refs(clone: string): Record<string, string> {
  return Object.fromEntries(WAVES.map((w) => [w, git(clone, 'rev-parse', `refs/heads/edgefleet/${w}`)]));
}

/** Pushes main, the wave refs and the rollout notes, as CI does. */
function push(clone: string): void {
  git(
    clone,
    'push',
    '--quiet',
    '--force',
    'origin',
    'main',
    'refs/heads/edgefleet/*:refs/heads/edgefleet/*',
    'refs/notes/edgefleet-rollout:refs/notes/edgefleet-rollout',
  );
}

/** The objects a cluster builds in a fresh clone checked out at `rev` (a branch or a commit). */
function clusterAt(bare: string, rev: string, cluster: string): BuiltObject[] {
  const dir = join(tempDir('edgefleet-edge-'), 'repo');
  git(ROOT, 'clone', '--quiet', '--no-checkout', bare, dir);
  git(dir, 'checkout', '--quiet', /^[0-9a-f]{40}$/.test(rev) ? rev : `origin/${rev}`);
  return kustomizeObjects(join(dir, 'clusters', cluster));
}

const webImage = (objects: BuiltObject[]) =>
  objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web')!.spec.template.spec.containers[0].image;
/** A cluster's objects without its own sync objects (those name its wave ref, which differs by branch only in the ref). */
const appObjects = (objects: BuiltObject[]) => objects.filter((o) => o.metadata.namespace !== 'flux-system');

describeWithTool('git')('waves gate delivery (Flux, real git)', () => {
  const { bare, clone } = repoWithClone();
  let v1 = '';
  let v2 = '';

  it('the first synth --commit creates every wave ref at its commit and records the move', () => {
    v1 = synth(waveFleet(), { outDir: clone, commit: true, now: T0 }).commitId!;
    expect(refs(clone)).toEqual(Object.fromEntries(WAVES.map((w) => [w, v1])));
    expect(git(clone, 'notes', '--ref=edgefleet-rollout', 'show', v1)).toContain(`canary ${T0.toISOString()}`);
    push(clone);
  });

  it('a later synth moves only main', () => {
    v2 = synth(waveFleet({ webImage: 'ghcr.io/example/web:1.1.0' }), { outDir: clone, commit: true, now: T0 }).commitId!;
    expect(v2).not.toBe(v1);
    expect(refs(clone)).toEqual(Object.fromEntries(WAVES.map((w) => [w, v1])));
  });

  it('promote --dry-run prints what would move and moves nothing', () => {
    const r = cli(hours(0), 'promote', '--repo', clone, '--wave', 'canary', '--dry-run');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`promote: would move edgefleet/canary (wave canary) ${v1.slice(0, 12)} -> ${v2.slice(0, 12)}\n`);
    expect(refs(clone).canary).toBe(v1);
  });

  it('after promote --wave canary, a fresh clone of each wave ref builds its clusters with (canary) or without (later waves) the change', () => {
    const r = cli(hours(1), 'promote', '--repo', clone, '--wave', 'canary');
    expect(r.status).toBe(0);
    expect(refs(clone)).toEqual({ canary: v2, 'wave-1': v1, 'wave-2': v1, 'wave-3': v1 });
    push(clone);
    const canary = clusterAt(bare, 'edgefleet/canary', 'shop-1');
    expect(webImage(canary)).toBe('ghcr.io/example/web:1.1.0');
    expect(canary).toEqual(clusterAt(bare, 'main', 'shop-1'));
    for (const [wave, cluster] of [
      ['wave-1', 'shop-2'],
      ['wave-2', 'shop-3'],
    ]) {
      const later = clusterAt(bare, `edgefleet/${wave}`, cluster);
      expect(webImage(later)).toBe('ghcr.io/example/web:1.0.0');
      expect(later).toEqual(clusterAt(bare, v1, cluster));
      // main differs from the wave only by the change itself.
      expect(appObjects(clusterAt(bare, 'main', cluster))).not.toEqual(appObjects(later));
      const repository = later.find((o) => o.kind === 'GitRepository')!;
      expect(repository.spec.ref).toEqual({ branch: `edgefleet/${wave}` });
    }
  });

  it('refuses out of order (exit 1, refs untouched)', () => {
    const before = refs(clone);
    const r = cli(hours(30), 'promote', '--repo', clone, '--wave', 'wave-2');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refusing to promote wave wave-2; no ref was moved');
    expect(r.stderr).toContain(`order: wave wave-1 (edgefleet/wave-1) is at ${v1.slice(0, 12)}, which does not contain ${v2.slice(0, 12)}`);
    expect(refs(clone)).toEqual(before);
  });

  it('refuses before the soak time, with the numbers (exit 1, refs untouched)', () => {
    const before = refs(clone);
    const r = cli(hours(1.5), 'promote', '--repo', clone, '--wave', 'wave-1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `soak: wave canary has held ${v2.slice(0, 12)} for 30m (since ${hours(1)}); rollout.soak of wave canary is 1h, 30m to go`,
    );
    expect(refs(clone)).toEqual(before);
  });

  it('the soak record lives in the repository: a fresh clone with the notes sees it', () => {
    const other = join(tempDir('edgefleet-ci-'), 'repo');
    git(ROOT, 'clone', '--quiet', bare, other);
    git(other, 'fetch', '--quiet', 'origin', 'refs/notes/*:refs/notes/*');
    const r = cli(hours(1.5), 'promote', '--repo', other, '--wave', 'wave-1', '--dry-run');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('for 30m (since');
  });

  it('rollout status prints each wave: commit, since, clusters and whether behind main', () => {
    const r = cli(hours(2), 'rollout', 'status', '--repo', clone);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`main is at ${v2.slice(0, 12)}`);
    expect(lines[1]).toMatch(/^WAVE\s+REF\s+COMMIT\s+SINCE\s+CLUSTERS\s+BEHIND MAIN$/);
    expect(lines[2].split(/\s{2,}/)).toEqual(['canary', 'edgefleet/canary', v2.slice(0, 12), hours(1), '1: shop-1', 'no']);
    expect(lines[3].split(/\s{2,}/)).toEqual([
      'wave-1',
      'edgefleet/wave-1',
      v1.slice(0, 12),
      T0.toISOString(),
      '1: shop-2',
      'yes, 1 commit',
    ]);
    expect(lines[5].split(/\s{2,}/)).toEqual(['wave-3', 'edgefleet/wave-3', v1.slice(0, 12), T0.toISOString(), '0', 'yes, 1 commit']);
  });

  it('after promoting each wave in turn, every ref equals main', () => {
    for (const [i, wave] of ['wave-1', 'wave-2', 'wave-3'].entries()) {
      const r = cli(hours(2 + 2 * i), 'promote', '--repo', clone, '--wave', wave);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(refs(clone)).toEqual(Object.fromEntries(WAVES.map((w) => [w, v2])));
    expect(cli(hours(9), 'promote', '--repo', clone, '--wave', 'canary').stdout).toBe(
      `promote: edgefleet/canary already at ${v2.slice(0, 12)}; nothing to move\n`,
    );
  });

  it('rolls a wave back to an older commit without gates', () => {
    const r = cli(hours(10), 'promote', '--repo', clone, '--wave', 'wave-2', '--to', v1);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(rollback)');
    expect(refs(clone)['wave-2']).toBe(v1);
    expect(cli(hours(10), 'promote', '--repo', clone, '--wave', 'wave-3', '--to', v1).status).toBe(0);
    // Forward again: wave-1 still holds v2 since hours(2).
    expect(cli(hours(11), 'promote', '--repo', clone, '--wave', 'wave-2').status).toBe(0);
  });

  it('--force skips the order check and says so', () => {
    const r = cli(hours(11.5), 'promote', '--repo', clone, '--wave', 'wave-3', '--dry-run', '--force');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('--force: skipped soak: wave wave-2 has held');
  });

  it('usage errors exit 2', () => {
    expect(cli(hours(0), 'promote', '--repo', clone).status).toBe(2);
    const unknown = cli(hours(0), 'promote', '--repo', clone, '--wave', 'wave-9');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown wave "wave-9": the tree\'s waves are canary, wave-1, wave-2, wave-3');
    expect(cli(hours(0), 'promote', '--repo', clone, '--wave', 'canary', '--to', 'no-such-commit').status).toBe(2);
    expect(cli(hours(0), 'promote', '--repo', tempDir(), '--wave', 'canary').status).toBe(2);
    expect(cli('yesterday', 'promote', '--repo', clone, '--wave', 'canary').status).toBe(2);
  });
});

describeWithTool('git')('a site moving between waves (Flux)', () => {
  it('is repointed at the ref it follows now and at its new wave ref, and nothing else reaches either wave', () => {
    const { bare, clone } = repoWithClone();
    const v1 = synth(waveFleet(), { outDir: clone, commit: true, now: T0 }).commitId!;
    // shop-3 moves from wave-2 to canary, in the same commit as a change every site gets.
    const v2 = synth(waveFleet({ webImage: 'ghcr.io/example/web:1.1.0', waves: ['canary', 'wave-1', 'canary'] }), {
      outDir: clone,
      commit: true,
      now: T0,
    }).commitId!;
    const heads = refs(clone);
    expect(heads['wave-1']).toBe(v1);
    expect(heads['wave-3']).toBe(v1);
    for (const wave of ['canary', 'wave-2']) {
      expect(git(clone, 'rev-parse', `${heads[wave]}~1`)).toBe(v1);
      expect(git(clone, 'diff', '--name-only', v1, heads[wave]).split('\n')).toEqual([
        '.edgefleet/manifest.json',
        'clusters/shop-3/flux-system/kustomization.yaml',
      ]);
      // Written as synth writes it: the next promote does not rewrite it.
      expect(git(clone, 'show', `${heads[wave]}:clusters/shop-3/flux-system/kustomization.yaml`)).toBe(
        git(clone, 'show', `${v2}:clusters/shop-3/flux-system/kustomization.yaml`),
      );
    }
    push(clone);
    // Where the site reads now (wave-2) and where it goes (canary), it follows canary, and still runs 1.0.0.
    for (const wave of ['wave-2', 'canary']) {
      const objects = clusterAt(bare, `edgefleet/${wave}`, 'shop-3');
      expect(objects.find((o) => o.kind === 'GitRepository')!.spec.ref).toEqual({ branch: 'edgefleet/canary' });
      expect(webImage(objects)).toBe('ghcr.io/example/web:1.0.0');
    }
    // Promoting canary brings it the change.
    expect(cli(hours(1), 'promote', '--repo', clone, '--wave', 'canary').status).toBe(0);
    push(clone);
    expect(webImage(clusterAt(bare, 'edgefleet/canary', 'shop-3'))).toBe('ghcr.io/example/web:1.1.0');
    expect(clusterAt(bare, 'edgefleet/canary', 'shop-3')).toEqual(clusterAt(bare, v2, 'shop-3'));
  });
});
