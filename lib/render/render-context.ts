import type { RenderHook } from '../model/edge-app';
import type { ImageLockData } from '../model/image-lock';

/** Fleet-wide render inputs besides the site. */
export interface RenderContext {
  readonly imageLock?: ImageLockData;
  readonly pinDigests: boolean;
  /** Render hooks by app name. */
  readonly hooks: ReadonlyMap<string, RenderHook>;
  /** Digest of the modules the fleet file loaded (what a hook may read besides its arguments). @default none: the fleet was built in-process */
  readonly sourcesDigest?: string;
}
