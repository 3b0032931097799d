import { Fleet } from '../../lib';
import { publish, PublishResult } from '../../lib/output/oci-publish';
import { OciRegistry } from '../../lib/output/oci-registry';
import { synth } from '../../lib/synth/synth';
import { LocalRegistry, startRegistry } from './registry';
import { tempDir } from './synth-sites';
import { waveFleet, WaveFleetOptions } from './wave-fleet';

/** What the OCI delivery tests start from. */
export interface OciWaveTree {
  registry: LocalRegistry;
  /** The synthesized tree. */
  tree: string;
  /** `<host>/edge`, the --registry the tree is published to. */
  target: string;
  /** The first publish. */
  first: PublishResult;
  /** The wave fleet, delivered by OCI from `target`. */
  fleet(options?: WaveFleetOptions): Fleet;
  /** Digest a cluster's tag names, undefined when it has none. */
  digestOf(cluster: string, tag: string): Promise<string | undefined>;
}

/** Inside a describe: a loopback registry and the wave fleet synthesized and published to it before the tests, stopped after them. */
export function useOciWaveTree(): OciWaveTree {
  const state: OciWaveTree = {
    fleet: (options = {}) => waveFleet({ ...options, gitops: { delivery: 'oci', ociRepository: state.target } }),
    digestOf: (cluster, tag) => new OciRegistry(state.registry.host, true).manifestDigest(`edge/${cluster}`, tag),
  } as OciWaveTree;
  beforeAll(async () => {
    state.registry = await startRegistry();
    state.target = `${state.registry.host}/edge`;
    state.tree = tempDir();
    synth(state.fleet(), { outDir: state.tree });
    state.first = await publish({ outDir: state.tree, registry: state.target, plainHttp: true });
  });
  afterAll(() => state.registry.stop());
  return state;
}
