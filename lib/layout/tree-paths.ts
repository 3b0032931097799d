/*
 * Where a cluster lives in the output tree: `clusters/<cluster>/`. The one
 * home of that path, for the layout that writes it and the stages that read
 * trees back (manifest, plan, cache).
 */

/** Directory of every cluster's entry point, relative to the output root (and to `gitops.pathPrefix`). */
export const CLUSTERS_DIR = 'clusters';

const CLUSTERS_PREFIX = `${CLUSTERS_DIR}/`;

/** Directory of one cluster, relative to the output root. */
export function clusterDir(cluster: string): string {
  return CLUSTERS_PREFIX + cluster;
}

/** The cluster whose directory holds `path` (relative to the output root); undefined outside `clusters/`. */
export function clusterOfPath(path: string): string | undefined {
  if (!path.startsWith(CLUSTERS_PREFIX)) return undefined;
  const end = path.indexOf('/', CLUSTERS_PREFIX.length);
  return end === -1 ? undefined : path.slice(CLUSTERS_PREFIX.length, end);
}

/** `path` relative to its cluster's directory; undefined outside `clusters/`. */
export function pathInCluster(path: string): string | undefined {
  const cluster = clusterOfPath(path);
  return cluster === undefined ? undefined : path.slice(CLUSTERS_PREFIX.length + cluster.length + 1);
}
