import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';

/** Same problem from a shared unit on many sites: report it once, naming the first site and a count. */
export function dedupeProblems(problems: readonly Problem[]): Problem[] {
  const byKey = new Map<string, { problem: Problem; more: number }>();
  for (const p of problems) {
    const key = `${p.field}\0${p.message}`;
    const seen = byKey.get(key);
    if (seen) seen.more++;
    else byKey.set(key, { problem: p, more: 0 });
  }
  return [...byKey.values()].map(({ problem, more }) =>
    more === 0 ? problem : { ...problem, message: `${problem.message} (and on ${more} more site${more === 1 ? '' : 's'})` },
  );
}

/** Sites whose `gitops.pathPrefix` is not where `--commit` writes: Flux would sync a path the commit never fills. */
export function pathPrefixProblems(sites: readonly ResolvedSite[], repoPrefix: string | undefined): Problem[] {
  if (repoPrefix === undefined) return [];
  const expected = repoPrefix.replace(/\/$/, '');
  return sites
    .filter((s) => s.settings.gitops.pathPrefix !== expected)
    .map((s) => ({
      path: s.path,
      site: s.cluster,
      field: 'gitops.pathPrefix',
      message: `is "${s.settings.gitops.pathPrefix}", but --commit writes the tree at "${expected}" of its repository`,
      hint: `set gitops.pathPrefix to "${expected}" (on the fleet), or synth into the directory pathPrefix names`,
    }));
}
