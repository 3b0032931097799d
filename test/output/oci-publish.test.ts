import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OCI_LIVE_TAG } from '../../lib/layout/flux-oci';
import { FLUX_CONFIG_MEDIA_TYPE, FLUX_CONTENT_MEDIA_TYPE } from '../../lib/output/oci-artifact';
import { pollLive } from '../../lib/output/oci-poll';
import { OCI_CANDIDATE_TAG, publish } from '../../lib/output/oci-publish';
import { OciRegistry } from '../../lib/output/oci-registry';
import { synth } from '../../lib/synth/synth';
import { promoteOci } from '../../lib/rollout/oci-promote';
import { kustomizeObjects } from '../support/kustomize';
import { useOciWaveTree } from '../support/oci-wave-tree';
import { REGISTRY_BIN } from '../support/registry';
import { describeWithTool } from '../support/tools';
import { tempDir } from '../support/synth-sites';

const BIN = join(__dirname, '..', '..', 'bin', 'edgefleet.js');
const CLUSTERS = ['shop-1', 'shop-2', 'shop-3'];
const T0 = new Date('2026-05-01T08:00:00Z');
/** `h` hours after T0: each wave's promotion waits out the 1h soak of the one before. */
const hours = (h: number) => new Date(T0.getTime() + h * 3600_000);

describeWithTool(REGISTRY_BIN)('publish and promote --registry against docker-registry', () => {
  const t = useOciWaveTree();
  const fleet = (siteLabels?: Record<string, Record<string, string>>) => t.fleet({ siteLabels });
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, '--registry', t.target, '--plain-http'], {
      encoding: 'utf8',
      env: { ...process.env, EDGEFLEET_NOW: T0.toISOString() },
    });
  const digestOf = t.digestOf;

  it('pushes one Flux artifact per cluster whose tar.gz alone builds the objects of the cluster directory', async () => {
    expect(existsSync(join(t.tree, 'bases'))).toBe(false);
    // Self-contained: the shared units are folded into the cluster's resources.yaml, nothing outside it is referenced.
    expect(readFileSync(join(t.tree, 'clusters', 'shop-1', 'kustomization.yaml'), 'utf8')).not.toContain('..');
    expect(readdirSync(join(t.tree, 'clusters', 'shop-1')).sort()).toEqual(['flux-system', 'kustomization.yaml', 'resources.yaml']);
    expect(t.first.clusters.map((c) => [c.cluster, c.changed])).toEqual(CLUSTERS.map((c) => [c, true]));
    expect(t.first.traffic).toMatchObject({ blobsPushed: 6, manifestsPushed: 6 });
    const client = new OciRegistry(t.registry.host, true);
    for (const cluster of CLUSTERS) {
      const manifest = JSON.parse((await client.getManifest(`edge/${cluster}`, OCI_CANDIDATE_TAG)).bytes.toString());
      expect(manifest.config.mediaType).toBe(FLUX_CONFIG_MEDIA_TYPE);
      expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([FLUX_CONTENT_MEDIA_TYPE]);
      expect(Object.keys(manifest.annotations).sort()).toEqual([
        'org.opencontainers.image.created',
        'org.opencontainers.image.revision',
        'org.opencontainers.image.source',
      ]);
      const dir = tempDir();
      writeFileSync(join(dir, 'artifact.tar.gz'), await client.getBlob(`edge/${cluster}`, manifest.layers[0].digest));
      const unpacked = join(dir, 'root');
      mkdirSync(unpacked);
      execFileSync('tar', ['-xzf', join(dir, 'artifact.tar.gz'), '-C', unpacked]);
      expect(kustomizeObjects(unpacked)).toEqual(kustomizeObjects(join(t.tree, 'clusters', cluster)));
    }
  });

  it('pushes nothing when the tree has not changed', () => {
    const again = cli('publish', '--out', t.tree);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(`publish: 3 clusters, 0 changed; pushed 0 blobs, 0 manifests -> ${t.target}\n`);
  });

  it('promote --wave canary moves live of the canary clusters only, and the next wave only after it', async () => {
    const refused = cli('promote', '--repo', t.tree, '--wave', 'wave-1');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('order: 1 clusters of wave canary do not run their candidate (shop-1)');
    expect(await digestOf('shop-2', OCI_LIVE_TAG)).toBeUndefined();
    const canary = cli('promote', '--repo', t.tree, '--wave', 'canary');
    expect(canary.stdout).toBe('promote: moved live to candidate for 1 clusters of wave canary (shop-1); 0 already there\n');
    expect(await digestOf('shop-1', OCI_LIVE_TAG)).toBe(t.first.clusters[0].digest);
    expect(await digestOf('shop-2', OCI_LIVE_TAG)).toBeUndefined();
    expect(await digestOf('shop-3', OCI_LIVE_TAG)).toBeUndefined();
  });

  it('costs an unaffected edge no content bytes and the changed one its own artifact, and rolls back by revision', async () => {
    for (const [i, wave] of ['wave-1', 'wave-2'].entries())
      await promoteOci({ repo: t.tree, registry: t.target, plainHttp: true, wave, now: hours(2 * (i + 1)) });
    const seen = new Map<string, string>();
    for (const c of CLUSTERS) seen.set(c, (await pollLive(new OciRegistry(t.registry.host, true), `edge/${c}`, undefined)).digest);

    synth(fleet({ 'shop-2': { room: 'b' } }), { outDir: t.tree });
    const second = await publish({ outDir: t.tree, registry: t.target, plainHttp: true });
    expect(second.clusters.filter((c) => c.changed).map((c) => c.cluster)).toEqual(['shop-2']);
    for (const [i, wave] of ['canary', 'wave-1', 'wave-2'].entries())
      await promoteOci({ repo: t.tree, registry: t.target, plainHttp: true, wave, now: hours(10 + 2 * i) });

    const bytes: Record<string, number> = {};
    for (const c of CLUSTERS) {
      const client = new OciRegistry(t.registry.host, true);
      const poll = await pollLive(client, `edge/${c}`, seen.get(c));
      expect(poll.changed).toBe(c === 'shop-2');
      bytes[c] = client.traffic.bytesIn;
    }
    expect(bytes['shop-1']).toBe(0);
    expect(bytes['shop-3']).toBe(0);
    expect(bytes['shop-2']).toBeGreaterThan(0);
    expect(bytes['shop-2']).toBeLessThan(20_000);

    const before = t.first.clusters.find((c) => c.cluster === 'shop-2')!;
    const rollback = await promoteOci({ repo: t.tree, registry: t.target, plainHttp: true, wave: 'wave-1', to: before.revision });
    expect(rollback.moved).toEqual(['shop-2']);
    expect(await digestOf('shop-2', OCI_LIVE_TAG)).toBe(before.digest);
  });
});
