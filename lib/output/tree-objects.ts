import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { UPGRADE_CHECKED_KINDS } from '../checks/upgrade-safety';
import { isSeedFile } from '../layout/flux-system';
import type { KubeObject } from '../util/kube-object';
import type { Manifest } from './manifest';
import { clusterDir } from '../layout/tree-paths';

/** Text of a tree's file by path relative to its root; undefined when it has none. */
export type TreeFileReader = (path: string) => string | undefined;

/** The YAML documents of one cluster's objects (those the reader keeps); undefined when the tree has no such cluster. */
export type ClusterDocumentsReader = (cluster: string) => readonly string[] | undefined;

/** Which YAML documents a reader keeps, tested on their text (a cheap test spares parsing the rest). */
export type DocumentFilter = (doc: string) => boolean;

const CHECKED_KIND = new RegExp(`^kind: (${UPGRADE_CHECKED_KINDS.join('|')})$`, 'm');

/** Keeps the documents of the kinds the upgrade check compares. */
export const upgradeCheckedDocument: DocumentFilter = (doc) => CHECKED_KIND.test(doc);

/** Keeps every document that holds an object. */
export const anyObjectDocument: DocumentFilter = (doc) => /^kind: /m.test(doc);

/**
 * Documents the filter keeps, reachable from a directory's
 * kustomization.yaml through its `resources` (files and directories,
 * recursively), as `kubectl kustomize` would find them. Seed files are
 * skipped: another tool (flux bootstrap) owns their bytes. Objects kustomize
 * generates (configMapGenerator) are not documents of any file, so they are
 * not among them. Split files and parsed kustomizations (many are the same
 * text) are memoized, so a base shared by many clusters is read once.
 */
function documentsUnder(read: TreeFileReader, dir: string, memo: Memo): string[] {
  const kustomization = read(`${dir}/kustomization.yaml`);
  if (kustomization === undefined) return [];
  let resources = memo.resources.get(kustomization);
  if (!resources) {
    resources = (parse(kustomization) as { resources?: string[] } | null)?.resources ?? [];
    memo.resources.set(kustomization, resources);
  }
  return resources.flatMap((resource) => {
    const path = posix.normalize(`${dir}/${resource}`);
    if (!/\.(ya?ml|json)$/.test(path)) return documentsUnder(read, path, memo);
    if (isSeedFile(path)) return [];
    let docs = memo.split.get(path);
    if (!docs) {
      docs = (read(path) ?? '').split(/^---$/m).filter(memo.keep);
      memo.split.set(path, docs);
    }
    return docs;
  });
}

interface Memo {
  /** `resources` of a kustomization, by its text. */
  readonly resources: Map<string, readonly string[]>;
  /** Kept documents of a file, by path. */
  readonly split: Map<string, readonly string[]>;
  readonly keep: DocumentFilter;
  readonly clusters: Map<string, readonly string[] | undefined>;
}

/** Reader of the documents of every cluster of a tree, memoized (planning and checking both ask). @default keep: the upgrade-checked kinds */
export function clusterDocumentsReader(read: TreeFileReader, keep: DocumentFilter = upgradeCheckedDocument): ClusterDocumentsReader {
  const memo: Memo = { resources: new Map(), split: new Map(), clusters: new Map(), keep };
  return (cluster) => {
    if (!memo.clusters.has(cluster)) {
      memo.clusters.set(
        cluster,
        read(`${clusterDir(cluster)}/kustomization.yaml`) === undefined ? undefined : documentsUnder(read, clusterDir(cluster), memo),
      );
    }
    return memo.clusters.get(cluster);
  };
}

/**
 * Reader of the files of the tree edgefleet wrote at `root`, as its
 * manifest lists them: only files the manifest owns are read, from disk,
 * as they are now (a file edited there is what the cluster may run).
 */
export function ownedFileReader(root: string, manifest: Manifest): TreeFileReader {
  return (path) => {
    if (manifest.files[path] === undefined) return undefined;
    const file = join(root, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
}

/** Reader of the upgrade-checked documents of the clusters of the tree edgefleet wrote at `root` (see ownedFileReader). */
export function previousClusterDocuments(root: string, manifest: Manifest): ClusterDocumentsReader {
  return clusterDocumentsReader(ownedFileReader(root, manifest));
}

/** The objects of documents. */
export function parseDocuments(docs: readonly string[]): KubeObject[] {
  return docs.map((doc) => parse(doc) as KubeObject);
}

/**
 * What upgrade-safety needs to compare, parsed: a document found in both
 * trees, byte for byte, is an object that did not change, so only the
 * others are parsed (YAML parsing is what this check costs). When a
 * Namespace goes away, every document counts (its claims may be
 * unchanged), so both trees are parsed whole.
 */
export function changedObjects(previous: readonly string[], next: readonly string[]): { previous: KubeObject[]; next: KubeObject[] } {
  const changed = differingObjects(previous, next);
  const kept = new Set(changed.next.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const namespaceGone = changed.previous.some((o) => o.kind === 'Namespace' && !kept.has(o.metadata.name));
  return namespaceGone ? { previous: parseDocuments(previous), next: parseDocuments(next) } : changed;
}

/** The objects of the documents found in only one of two lists (a document in both, byte for byte, is an unchanged object), parsed. */
export function differingObjects(previous: readonly string[], next: readonly string[]): { previous: KubeObject[]; next: KubeObject[] } {
  const [before, after] = [new Set(previous), new Set(next)];
  return { previous: parseDocuments(previous.filter((d) => !after.has(d))), next: parseDocuments(next.filter((d) => !before.has(d))) };
}
