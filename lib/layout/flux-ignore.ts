/**
 * GitRepository `spec.ignore` (gitignore syntax) that leaves out the other
 * clusters' directories and the hub settings (`hub/`, which no cluster
 * applies), and nothing else. It depends only on the cluster's
 * own path, so the rules a cluster runs with (those of the commit it last
 * applied) are the rules of every later commit too, and they never hide a
 * base: a new base (`bases/<unit>/<hash>`) is in the artifact before the
 * Kustomization that references it is applied. Ignore rules that listed the
 * referenced bases locked the cluster up whenever a base changed, the fix
 * being inside the very artifact that failed to build (source-controller
 * applies `spec.ignore` when it builds the artifact).
 *
 * `clustersDir` and `hubDir` are the repository paths of the `clusters/` and
 * `hub/` directories, without leading or trailing `/`. The parent is never excluded, so re-including the
 * cluster's own directory works (git cannot re-include below an excluded
 * directory).
 */
export function otherClustersIgnore(clustersDir: string, cluster: string, hubDir: string): string {
  return `/${clustersDir}/*\n!/${clustersDir}/${cluster}/\n/${hubDir}/\n`;
}
