import { Command } from 'commander';
import { ociRolloutStatus } from '../rollout/oci-status';
import { rolloutStatus } from '../rollout/status';
import { short } from '../rollout/rollout-tree';
import { formatTable } from './table';

/** Names (a wave's clusters, its live revisions) for one table cell: a count and the first few. */
function namesCell(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(',');
  return names.length > 3 ? `${names.length}: ${shown},...` : `${names.length}${shown ? `: ${shown}` : ''}`;
}

function statusCommand(repo: string): void {
  const s = rolloutStatus(repo);
  const rows = s.waves.map((w) => [
    w.wave,
    w.ref,
    w.commit ? short(w.commit) : '-',
    w.since?.toISOString() ?? '-',
    namesCell(w.clusters),
    w.behind === undefined ? 'no ref' : w.behind === 0 ? 'no' : `yes, ${w.behind} commit${w.behind === 1 ? '' : 's'}`,
  ]);
  process.stdout.write(`${s.branch} is at ${short(s.main)}\n`);
  process.stdout.write(formatTable(['WAVE', 'REF', 'COMMIT', 'SINCE', 'CLUSTERS', `BEHIND ${s.branch.toUpperCase()}`], rows));
}

/** OCI delivery: per wave, what `live` names, since when, and the clusters not at their `candidate`. */
async function ociStatusCommand(flags: StatusFlags & { registry: string }): Promise<void> {
  const waves = await ociRolloutStatus(flags);
  const rows = waves.map((w) => [
    w.wave,
    w.live.length > 0 ? namesCell(w.live) + (w.noLive.length > 0 ? ` (${w.noLive.length} without live)` : '') : '-',
    w.since?.toISOString() ?? '-',
    namesCell(w.clusters),
    w.behind.length === 0 ? 'no' : `yes, ${w.behind.length} of ${w.clusters.length} clusters`,
  ]);
  process.stdout.write(`live tags under ${flags.registry}\n`);
  process.stdout.write(formatTable(['WAVE', 'LIVE', 'SINCE', 'CLUSTERS', 'BEHIND CANDIDATE'], rows));
}

interface StatusFlags {
  repo: string;
  registry?: string;
  plainHttp?: boolean;
}

/** Registers `edgefleet rollout status`. */
export function registerRolloutStatus(program: Command): void {
  program
    .command('rollout')
    .description('rollout state of a tree')
    .command('status')
    .description("per wave: its ref's commit, since when, its clusters and whether it is behind main")
    .requiredOption('--repo <dir>', 'the tree (Git work tree) that synth --commit writes into; with --registry, the tree synth --out wrote')
    .option(
      '--registry <host/path>',
      "OCI delivery: per wave, the revisions its clusters' live tags name in this registry, since when (the rollout log), and whether they are behind candidate",
    )
    .option('--plain-http', 'with --registry: talk HTTP, not HTTPS')
    .action((flags: StatusFlags) =>
      flags.registry ? ociStatusCommand({ ...flags, registry: flags.registry }) : statusCommand(flags.repo),
    );
}
