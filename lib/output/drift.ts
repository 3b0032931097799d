import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStamp, renameFile, stampOf, writeFile } from './fs-ops';
import { tempPath } from './journal';
import type { Manifest } from './manifest';
import { fileHash } from './tree-writer';

/*
 * Drift: an owned file whose bytes on disk are not what the manifest
 * records (edited by hand, deleted, or lost to a crash). Every synth finds
 * and rewrites them. Hashing every file on every synth costs about 1 s at
 * 10,000 sites (75,000 files; measured), so, as git's index does, a stat
 * cache remembers each file's inode, size and modification time when its
 * hash was last known to match, and only files whose stats changed are
 * read and hashed. The cache is bookkeeping, not part of the tree: Git
 * ignores it (see `.edgefleet/.gitignore`), and a missing or stale cache
 * only costs time.
 */

/** The stat cache, relative to the output root. */
export const STAMPS_PATH = '.edgefleet/stamps.json';

/** File stamps by path. */
export type Stamps = Map<string, FileStamp>;

/** What a drift scan found. */
export interface DriftScan {
  /** Owned files that are missing or whose bytes differ from the manifest. */
  readonly drifted: ReadonlySet<string>;
  /** Stamps of the files verified to match, to save after the synth. */
  readonly stamps: Stamps;
  /** Files whose stamps were not cached and that had to be hashed. */
  readonly hashed: number;
}

function readStamps(outDir: string): Stamps {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(join(outDir, STAMPS_PATH), 'utf8')) as Record<string, FileStamp>));
  } catch {
    return new Map();
  }
}

/** Checks every owned file (but seed files, which another tool fills) against the manifest. */
export function scanDrift(outDir: string, manifest: Manifest, isSeed: (path: string) => boolean): DriftScan {
  const cached = readStamps(outDir);
  const stamps: Stamps = new Map();
  const drifted = new Set<string>();
  let hashed = 0;
  for (const [path, hash] of Object.entries(manifest.files)) {
    if (isSeed(path)) continue;
    const file = join(outDir, path);
    const stats = lstatSync(file, { bigint: true, throwIfNoEntry: false });
    if (!stats?.isFile()) {
      drifted.add(path);
      continue;
    }
    const stamp = stampOf(stats);
    const known = cached.get(path);
    if (known && known[0] === stamp[0] && known[1] === stamp[1] && known[2] === stamp[2]) stamps.set(path, known);
    else if ((hashed++, fileHash(readFileSync(file, 'utf8')) === hash)) stamps.set(path, stamp);
    else drifted.add(path);
  }
  return { drifted, stamps, hashed };
}

/** Saves the stat cache (not durably: losing it only costs a re-hash). */
export function saveStamps(outDir: string, stamps: Stamps): void {
  if (!existsSync(join(outDir, '.edgefleet'))) return;
  const file = join(outDir, STAMPS_PATH);
  writeFile(tempPath(file), JSON.stringify(Object.fromEntries(stamps)));
  renameFile(tempPath(file), file);
}
