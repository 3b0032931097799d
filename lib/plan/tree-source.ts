import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_PATH } from '../output/journal';
import { Manifest, MANIFEST_PATH, parseManifest } from '../output/manifest';
import { ownedFileReader, TreeFileReader } from '../output/tree-objects';
import { UsageError } from '../util/errors';

/** An existing edgefleet tree to compare with: the files its manifest owns, as they are there. */
export interface TreeSource {
  /** Its manifest; undefined when there is none (no tree yet: everything is added). */
  readonly manifest: Manifest | undefined;
  /** Text of an owned file; undefined for files the manifest does not list or that are missing. */
  readonly read: TreeFileReader;
  /** An interrupted synth left its journal there: the tree is half-written until the next synth completes it. */
  readonly interrupted: boolean;
}

/** The tree cannot be read as asked (not a Git work tree, unknown ref). */
export class TreeSourceError extends UsageError {}

/** The tree in a directory, as it is on disk. */
export function directoryTree(dir: string): TreeSource {
  const manifest = parseManifest(join(dir, MANIFEST_PATH));
  return { manifest, read: manifest ? ownedFileReader(dir, manifest) : () => undefined, interrupted: existsSync(join(dir, JOURNAL_PATH)) };
}

function git(dir: string, args: readonly string[], input?: string): Buffer {
  // A whole tree may be tens of MB (10,000 clusters: 77 MB).
  return execFileSync('git', [...args], { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

/**
 * The tree in a directory of a Git work tree as it is at `ref` (a branch,
 * tag or commit), read from Git's object store without a checkout: `git
 * ls-tree` lists the blobs under the directory, one `git cat-file --batch`
 * reads them (output `<oid> SP <type> SP <size> LF <contents> LF` per
 * object, https://git-scm.com/docs/git-cat-file#_batch_output).
 */
export function gitTree(dir: string, ref: string): TreeSource {
  let prefix: string;
  let listing: string;
  try {
    prefix = git(dir, ['rev-parse', '--show-prefix']).toString('utf8').trim();
  } catch {
    throw new TreeSourceError(`${dir} is not inside a Git work tree: --ref reads the tree at a ref of the repository holding --against`);
  }
  try {
    git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    listing = git(dir, ['ls-tree', '-r', '-z', '--full-tree', ref, '--', ...(prefix ? [prefix] : [])]).toString('utf8');
  } catch {
    throw new TreeSourceError(`--ref ${ref} is not a commit of the repository holding ${dir}`);
  }
  const oids = new Map<string, string>();
  for (const entry of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match) oids.set(match[2].slice(prefix.length), match[1]);
  }
  const blobs = readBlobs(dir, [...new Set(oids.values())]);
  const text = (path: string): string | undefined => {
    const oid = oids.get(path);
    return oid === undefined ? undefined : blobs.get(oid);
  };
  const manifestText = text(MANIFEST_PATH);
  const manifest = manifestText === undefined ? undefined : parseManifest(`${ref}:${prefix}${MANIFEST_PATH}`, manifestText);
  return { manifest, read: (path) => (manifest?.files[path] === undefined ? undefined : text(path)), interrupted: oids.has(JOURNAL_PATH) };
}

function readBlobs(dir: string, oids: readonly string[]): Map<string, string> {
  const blobs = new Map<string, string>();
  if (oids.length === 0) return blobs;
  const out = git(dir, ['cat-file', '--batch'], oids.map((oid) => `${oid}\n`).join(''));
  let at = 0;
  while (at < out.length) {
    const headerEnd = out.indexOf(0x0a, at);
    const [oid, , size] = out.subarray(at, headerEnd).toString('utf8').split(' ');
    const start = headerEnd + 1;
    blobs.set(oid, out.subarray(start, start + Number(size)).toString('utf8'));
    at = start + Number(size) + 1;
  }
  return blobs;
}

/** The tree to compare with: `dir` on disk, or `dir` at a Git ref. */
export function openTreeSource(dir: string, ref?: string): TreeSource {
  return ref === undefined ? directoryTree(dir) : gitTree(dir, ref);
}
