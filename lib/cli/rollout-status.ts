import { Command } from 'commander';
import { rolloutStatus } from '../rollout/status';
import { short } from '../rollout/rollout-tree';
import { runRollout } from './promote';
import { formatTable } from './table';

/** Clusters of a wave for one table cell: the first few names and a count. */
function clusterCell(clusters: readonly string[]): string {
  const shown = clusters.slice(0, 3).join(',');
  return clusters.length > 3 ? `${clusters.length}: ${shown},...` : `${clusters.length}${shown ? `: ${shown}` : ''}`;
}

function statusCommand(repo: string): void {
  const s = rolloutStatus(repo);
  const rows = s.waves.map((w) => [
    w.wave,
    w.ref,
    w.commit ? short(w.commit) : '-',
    w.since?.toISOString() ?? '-',
    clusterCell(w.clusters),
    w.behind === undefined ? 'no ref' : w.behind === 0 ? 'no' : `yes, ${w.behind} commit${w.behind === 1 ? '' : 's'}`,
  ]);
  process.stdout.write(`${s.branch} is at ${short(s.main)}\n`);
  process.stdout.write(formatTable(['WAVE', 'REF', 'COMMIT', 'SINCE', 'CLUSTERS', `BEHIND ${s.branch.toUpperCase()}`], rows));
}

/** Registers `edgefleet rollout status`. */
export function registerRolloutStatus(program: Command): void {
  program
    .command('rollout')
    .description('rollout state of a tree')
    .command('status')
    .description("per wave: its ref's commit, since when, its clusters and whether it is behind main")
    .requiredOption('--repo <dir>', 'the tree (Git work tree) that synth --commit writes into')
    .action((flags: { repo: string }) => runRollout(() => statusCommand(flags.repo)));
}
