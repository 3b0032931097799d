import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Fleet } from './fleet';

/*
 * What a render hook can read besides its arguments: every module the fleet
 * file loaded (a constant of another module, a JSON file). Its digest keys
 * the cache of the clusters that run a hook, so changing such a module
 * renders them again.
 */

const digests = new WeakMap<Fleet, string>();

/** edgefleet's own modules (this directory's parent): keyed by the edgefleet version instead. */
const EDGEFLEET_LIB = join(__dirname, '..') + sep;

function isPackageFile(file: string): boolean {
  return file.split(sep).includes('node_modules');
}

/** `name@version` of the package a node_modules file belongs to: reading every file of a dependency would cost more than the render. */
function packageVersion(file: string): string {
  const parts = file.split(sep);
  const at = parts.lastIndexOf('node_modules');
  const dir = parts.slice(0, at + (parts[at + 1]?.startsWith('@') ? 3 : 2)).join(sep);
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
    return `${pkg.name}@${pkg.version}`;
  } catch {
    return dir;
  }
}

/**
 * Digest of the module graph loaded from `entry` (a module in require.cache):
 * the content of every file outside node_modules, by path relative to the
 * entry's directory, and the name and version of every package. edgefleet's
 * own modules are left out.
 */
export function moduleGraphDigest(entry: NodeJS.Module): string {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const module = pending.pop()!;
    if (seen.has(module.filename) || module.filename.startsWith(EDGEFLEET_LIB)) continue;
    seen.add(module.filename);
    // A package is keyed by its version: its own imports need no walk.
    if (!isPackageFile(module.filename)) pending.push(...module.children);
  }
  const base = dirname(entry.filename);
  const parts = [...seen]
    .sort()
    .map((file) => (isPackageFile(file) ? `pkg ${packageVersion(file)}` : `${relative(base, file)}\0${readFileSync(file, 'utf8')}`));
  return createHash('sha256')
    .update([...new Set(parts)].join('\0\0'))
    .digest('hex');
}

/** Records the module digest of a fleet loaded from a file. */
export function recordFleetSources(fleet: Fleet, digest: string): void {
  digests.set(fleet, digest);
}

/** The module digest of a fleet loaded by loadFleet; undefined for a fleet built in this process's own code. */
export function fleetSourcesDigest(fleet: Fleet): string | undefined {
  return digests.get(fleet);
}
