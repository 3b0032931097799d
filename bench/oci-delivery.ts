import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseRolloutRecord, ROLLOUT_RECORD_PATH } from '../lib/layout/rollout-record';
import { pollLive } from '../lib/output/oci-poll';
import { clusterRepository, publish } from '../lib/output/oci-publish';
import { OciRegistry } from '../lib/output/oci-registry';
import { synth } from '../lib/synth/synth';
import { promoteOci } from '../lib/rollout/oci-promote';
import { startRegistry } from './local-registry';
import { siteShape, syntheticFleet } from './synthetic-fleet';

/*
 * What one change costs the edges, OCI against Git (`bench --oci`): a real
 * registry on loopback, the synthetic fleet published and promoted, a
 * one-site change published and promoted, then every cluster polls `live`
 * as source-controller does (pollLive), each with its own byte-counting
 * client. Git: the size of a shallow clone (`git clone --depth 1 file://`)
 * of the tree repository, which a Flux edge fetches whenever the commit it
 * follows moves.
 */

/** Figures of the delivery-cost measurement. */
export interface OciDeliveryFigures {
  /** Most body bytes any unaffected cluster downloaded for the change (only a HEAD of the manifest). */
  readonly ociUnaffectedBytes: number;
  /** Body bytes the changed cluster downloaded (its manifest and layer). */
  readonly ociAffectedBytes: number;
  /** Bytes of `.git/objects` in a `git clone --depth 1` of the tree. */
  readonly gitShallowCloneBytes: number;
  readonly ociPublishSeconds: number;
}

function bytesUnder(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  return bytes;
}

function gitShallowCloneBytes(work: string, sites: number): number {
  const tree = join(work, 'git-tree');
  synth(syntheticFleet({ sites, change: 'one-site' }), { outDir: tree, durable: false });
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });
  git(tree, 'init', '--quiet', '--initial-branch=main');
  git(tree, 'add', '-A');
  git(tree, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '--quiet', '-m', 'tree');
  git(work, 'clone', '--quiet', '--depth', '1', `file://${tree}`, join(work, 'git-clone'));
  return bytesUnder(join(work, 'git-clone', '.git', 'objects'));
}

async function promoteAll(tree: string, registry: string): Promise<void> {
  const record = parseRolloutRecord(readFileSync(join(tree, ROLLOUT_RECORD_PATH), 'utf8'));
  // The bench measures bytes, not gates: every wave goes live at once (the soak gate would hold wave-1 for 24h).
  for (const wave of record.waves) await promoteOci({ repo: tree, registry, plainHttp: true, wave: wave.name, force: true });
}

/** Runs the measurement in `work` (a fresh directory) at `sites` sites. */
export async function measureOciDelivery(work: string, sites: number): Promise<OciDeliveryFigures> {
  mkdirSync(join(work, 'registry'), { recursive: true });
  const registry = await startRegistry(join(work, 'registry'));
  try {
    const target = `${registry.host}/edgefleet`;
    const tree = join(work, 'oci-tree');
    synth(syntheticFleet({ sites, delivery: 'oci' }), { outDir: tree, durable: false });
    const started = process.hrtime.bigint();
    await publish({ outDir: tree, registry: target, plainHttp: true });
    const publishSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await promoteAll(tree, target);
    const clusters = Array.from({ length: sites }, (_, i) => siteShape(i).cluster);
    const seen = new Map<string, string>();
    const poller = new OciRegistry(registry.host, true);
    for (const c of clusters) seen.set(c, (await pollLive(poller, clusterRepository('edgefleet', c), undefined)).digest);
    synth(syntheticFleet({ sites, delivery: 'oci', change: 'one-site' }), { outDir: tree, durable: false });
    await publish({ outDir: tree, registry: target, plainHttp: true });
    await promoteAll(tree, target);
    let unaffected = 0;
    let affected = 0;
    for (const c of clusters) {
      const client = new OciRegistry(registry.host, true);
      await pollLive(client, clusterRepository('edgefleet', c), seen.get(c));
      if (c === siteShape(0).cluster) affected = client.traffic.bytesIn;
      else unaffected = Math.max(unaffected, client.traffic.bytesIn);
    }
    return {
      ociUnaffectedBytes: unaffected,
      ociAffectedBytes: affected,
      gitShallowCloneBytes: gitShallowCloneBytes(work, sites),
      ociPublishSeconds: publishSeconds,
    };
  } finally {
    await registry.stop();
  }
}
