import { Command } from 'commander';
import { promoteOci } from '../rollout/oci-promote';
import { promote } from '../rollout/promote';
import { short } from '../rollout/rollout-tree';
import { UsageError } from '../util/errors';

/** The clock: `EDGEFLEET_NOW` (an ISO time; for tests and replays), else now. */
export function rolloutNow(): Date {
  const value = process.env.EDGEFLEET_NOW;
  if (value === undefined) return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new UsageError(`EDGEFLEET_NOW=${value} is not an ISO time such as 2026-01-31T12:00:00Z`);
  return now;
}

interface PromoteFlags {
  repo: string;
  wave: string;
  to?: string;
  force?: boolean;
  dryRun?: boolean;
  prometheusUrl?: string;
  registry?: string;
  plainHttp?: boolean;
}

/** OCI delivery: `live` of each cluster of the wave moves, not a Git ref. */
async function promoteOciCommand(flags: PromoteFlags & { registry: string }): Promise<void> {
  const r = await promoteOci({ ...flags, now: rolloutNow() });
  for (const skipped of r.forced) process.stderr.write(`edgefleet: --force: skipped ${skipped}\n`);
  const verb = flags.dryRun ? 'would move' : 'moved';
  process.stdout.write(
    `promote: ${verb} live to ${r.to} for ${r.moved.length} clusters of wave ${r.wave}${r.moved.length > 0 ? ` (${r.moved.join(', ')})` : ''}; ${r.unchanged.length} already there\n`,
  );
}

async function promoteCommand(flags: PromoteFlags): Promise<void> {
  if (flags.registry) return promoteOciCommand({ ...flags, registry: flags.registry });
  const r = await promote({ ...flags, now: rolloutNow() });
  const verb = flags.dryRun ? 'would move' : 'moved';
  for (const skipped of r.forced) process.stderr.write(`edgefleet: --force: skipped ${skipped}\n`);
  if (!r.moved) process.stdout.write(`promote: ${r.ref} already at ${short(r.to)}; nothing to move\n`);
  else
    process.stdout.write(
      `promote: ${verb} ${r.ref} (wave ${r.wave}) ${r.from ? short(r.from) : '(new)'} -> ${short(r.to)}${r.rollback ? ' (rollback)' : ''}\n`,
    );
}

/** Registers `edgefleet promote`. */
export function registerPromote(program: Command): void {
  program
    .command('promote')
    .description("move one wave's ref (default: to main), after checking order, soak and health of the wave before it")
    .requiredOption('--repo <dir>', 'the tree (Git work tree) that synth --commit writes into')
    .requiredOption('--wave <wave>', 'the wave whose ref moves')
    .option(
      '--to <commit>',
      'commit to move the ref to (an older one rolls the wave back); default: the main branch. With --registry: the tag (a revision publish printed) to move live to; default: candidate',
    )
    .option(
      '--registry <host/path>',
      "OCI delivery: move the live tag of the wave's clusters in this registry (what edgefleet publish pushed to) instead of a Git ref",
    )
    .option('--plain-http', 'with --registry: talk HTTP, not HTTPS')
    .option('--prometheus-url <url>', 'hub Prometheus base URL, for rollout.healthQuery of the wave before')
    .option('--force', 'skip the order check and the gates (soak, health)')
    .option('--dry-run', 'check and print what would move, move nothing')
    .action(promoteCommand);
}
