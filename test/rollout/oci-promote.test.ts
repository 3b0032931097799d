import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { OCI_LIVE_TAG } from '../../lib/layout/flux-oci';
import { OCI_CANDIDATE_TAG, publish, PublishResult } from '../../lib/output/oci-publish';
import { OciRegistry } from '../../lib/output/oci-registry';
import { readRolloutLog } from '../../lib/output/oci-rollout-log';
import { synth } from '../../lib/synth/synth';
import { useOciWaveTree } from '../support/oci-wave-tree';
import { REGISTRY_BIN } from '../support/registry';
import { describeWithTool } from '../support/tools';

const BIN = join(__dirname, '..', '..', 'bin', 'edgefleet.js');
const T0 = new Date('2026-05-01T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000).toISOString();

describeWithTool(REGISTRY_BIN)('promote --registry: the soak gate and its rollout log in the registry', () => {
  const t = useOciWaveTree();
  /** The real CLI in a fresh process (it keeps nothing between runs), with the clock injected. */
  const cli = (now: string, ...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, '--repo', t.tree, '--registry', t.target, '--plain-http'], {
      encoding: 'utf8',
      env: { ...process.env, EDGEFLEET_NOW: now },
    });
  const client = () => new OciRegistry(t.registry.host, true);
  const revision = (result: PublishResult, cluster: string) => result.clusters.find((c) => c.cluster === cluster)!;
  const digestOf = t.digestOf;

  it("records the move of canary in edgefleet-rollout:log: its clusters' digests and the time", async () => {
    const r = cli(at(0), 'promote', '--wave', 'canary');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(await readRolloutLog(client(), 'edge')).toEqual({
      waves: { canary: { at: at(0), revisions: { 'shop-1': revision(t.first, 'shop-1').digest } } },
    });
  });

  it('refuses wave-1 before canary has held its candidates for rollout.soak, saying since when and how long to go; live is untouched', async () => {
    const r = cli(at(30), 'promote', '--wave', 'wave-1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `soak: wave canary has held its candidates for 30m (since ${at(0)}); rollout.soak of wave canary is 1h, 30m to go`,
    );
    expect(r.stderr).not.toContain('order:');
    expect(await digestOf('shop-2', OCI_LIVE_TAG)).toBeUndefined();
  });

  it('allows wave-1 once the soak is over, by the log a fresh promote reads back from the registry', async () => {
    const r = cli(at(60), 'promote', '--wave', 'wave-1');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('promote: moved live to candidate for 1 clusters of wave wave-1 (shop-2); 0 already there\n');
    expect(await digestOf('shop-2', OCI_LIVE_TAG)).toBe(revision(t.first, 'shop-2').digest);
    expect((await readRolloutLog(client(), 'edge')).waves['wave-1']).toEqual({
      at: at(60),
      revisions: { 'shop-2': revision(t.first, 'shop-2').digest },
    });
  });

  it('rollout status --registry shows per wave the live revision, since when, the clusters and whether it is behind candidate', () => {
    const r = cli(at(61), 'rollout', 'status');
    expect(r.stderr).toBe('');
    const rows = r.stdout.split('\n').map((line) => line.split(/\s{2,}/));
    expect(rows[0]).toEqual([`live tags under ${t.target}`]);
    expect(rows[1]).toEqual(['WAVE', 'LIVE', 'SINCE', 'CLUSTERS', 'BEHIND CANDIDATE']);
    expect(rows.slice(2, 5)).toEqual([
      ['canary', `1: ${revision(t.first, 'shop-1').revision}`, at(0), '1: shop-1', 'no'],
      ['wave-1', `1: ${revision(t.first, 'shop-2').revision}`, at(60), '1: shop-2', 'no'],
      ['wave-2', '-', '-', '1: shop-3', 'yes, 1 of 1 clusters'],
    ]);
  });

  it('--force skips the soak gate; a rollback is never gated and is recorded', async () => {
    synth(t.fleet({ webImage: 'ghcr.io/example/web:1.1.0' }), { outDir: t.tree });
    const second = await publish({ outDir: t.tree, registry: t.target, plainHttp: true });
    expect(cli(at(120), 'promote', '--wave', 'canary').status).toBe(0);
    const forced = cli(at(130), 'promote', '--wave', 'wave-1', '--force');
    expect(forced.status).toBe(0);
    expect(forced.stderr).toContain(`--force: skipped soak: wave canary has held its candidates for 10m (since ${at(120)})`);
    expect(await digestOf('shop-2', OCI_LIVE_TAG)).toBe(revision(second, 'shop-2').digest);

    const rollback = cli(at(140), 'promote', '--wave', 'wave-1', '--to', revision(t.first, 'shop-2').revision);
    expect(rollback.stderr).toBe('');
    expect(await digestOf('shop-2', OCI_LIVE_TAG)).toBe(revision(t.first, 'shop-2').digest);
    expect((await readRolloutLog(client(), 'edge')).waves['wave-1']).toEqual({
      at: at(140),
      revisions: { 'shop-2': revision(t.first, 'shop-2').digest },
    });
    expect(await digestOf('shop-2', OCI_CANDIDATE_TAG)).toBe(revision(second, 'shop-2').digest);

    const status = cli(at(141), 'rollout', 'status');
    expect(status.stdout).toMatch(
      new RegExp(`wave-1 +1: ${revision(t.first, 'shop-2').revision} +${at(140).replace(/\./g, '\\.')} +1: shop-2 +yes, 1 of 1 clusters`),
    );
  });

  it('a wave already at its candidates whose log entry says otherwise is recorded anew: its soak starts then, not earlier', async () => {
    expect(cli(at(200), 'promote', '--wave', 'wave-1').status).toBe(0);
    // wave-2's live moved by hand, not by promote: the log has no entry for it.
    const registryClient = client();
    await registryClient.putManifest('edge/shop-3', OCI_LIVE_TAG, await registryClient.getManifest('edge/shop-3', OCI_CANDIDATE_TAG));
    const again = cli(at(300), 'promote', '--wave', 'wave-2');
    expect(again.stdout).toBe('promote: moved live to candidate for 0 clusters of wave wave-2; 1 already there\n');
    expect((await readRolloutLog(client(), 'edge')).waves['wave-2'].at).toBe(at(300));
    expect(cli(at(400), 'promote', '--wave', 'wave-2').status).toBe(0);
    expect((await readRolloutLog(client(), 'edge')).waves['wave-2'].at).toBe(at(300));
  });
});
