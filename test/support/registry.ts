import { LocalRegistry, startRegistry as startIn } from '../../bench/local-registry';
import { tempDir } from './synth-sites';

export { REGISTRY_BIN } from '../../bench/local-registry';
export { freePort } from './free-port';
export type { LocalRegistry };

/** A loopback registry storing in a temp dir (removed after the run); stop it in afterAll. */
export function startRegistry(): Promise<LocalRegistry> {
  return startIn(tempDir('edgefleet-registry-'));
}
