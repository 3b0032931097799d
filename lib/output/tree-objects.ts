import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { UPGRADE_CHECKED_KINDS } from '../checks/upgrade-safety';
import { isSeedFile } from '../layout/flux-system';
import type { KubeObject } from '../render/render-unit';
import type { Manifest } from './manifest';

/** Text of a tree's file by path relative to its root; undefined when it has none. */
export type TreeFileReader = (path: string) => string | undefined;

/** The objects of one cluster of a tree; undefined when the tree has no such cluster. */
export type ClusterObjectsReader = (cluster: string) => readonly KubeObject[] | undefined;

// Only documents of these kinds are parsed: a cheap test on the text spares parsing the rest.
const CHECKED_KIND = new RegExp(`^kind: (${UPGRADE_CHECKED_KINDS.join('|')})$`, 'm');

/**
 * Objects of the kinds the upgrade check compares, reachable from a
 * directory's kustomization.yaml through its `resources` (files and
 * directories, recursively), as `kubectl kustomize` would find them. Seed
 * files are skipped: another tool (flux bootstrap) owns their bytes.
 * Parsed files are memoized in `parsed`, so a base shared by many clusters
 * is parsed once.
 */
function objectsUnder(read: TreeFileReader, dir: string, parsed: Map<string, readonly KubeObject[]>): KubeObject[] {
  const kustomization = read(`${dir}/kustomization.yaml`);
  if (kustomization === undefined) return [];
  const resources = ((parse(kustomization) as { resources?: string[] } | null)?.resources ?? []).map((r) => posix.normalize(`${dir}/${r}`));
  return resources.flatMap((path) => {
    if (!path.endsWith('.yaml') && !path.endsWith('.yml')) return objectsUnder(read, path, parsed);
    if (isSeedFile(path)) return [];
    let objects = parsed.get(path);
    if (!objects) {
      const text = read(path) ?? '';
      objects = text
        .split(/^---$/m)
        .filter((doc) => CHECKED_KIND.test(doc))
        .map((doc) => parse(doc) as KubeObject);
      parsed.set(path, objects);
    }
    return objects;
  });
}

/** Reader of the checked objects of every cluster of a tree, memoizing parsed files. */
export function clusterObjectsReader(read: TreeFileReader): ClusterObjectsReader {
  const parsed = new Map<string, readonly KubeObject[]>();
  return (cluster) => (read(`clusters/${cluster}/kustomization.yaml`) === undefined ? undefined : objectsUnder(read, `clusters/${cluster}`, parsed));
}

/**
 * Reader of the clusters of the tree edgefleet wrote at `root`, as its
 * manifest lists them: only files the manifest owns are read, from disk,
 * as they are now (a file edited there is what the cluster may run).
 */
export function previousClusterObjects(root: string, manifest: Manifest): ClusterObjectsReader {
  return clusterObjectsReader((path) => {
    if (manifest.files[path] === undefined) return undefined;
    const file = join(root, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  });
}
