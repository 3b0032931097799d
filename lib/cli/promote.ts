import { Command, InvalidArgumentError } from 'commander';
import { promote, PromoteRefusedError } from '../rollout/promote';
import { RolloutUsageError, short } from '../rollout/rollout-tree';

/** Exit codes of promote and rollout status: 0 ok, 1 refused (a gate, or out of order), 2 usage. */
export const ROLLOUT_EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** The clock: `EDGEFLEET_NOW` (an ISO time; for tests and replays), else now. */
export function rolloutNow(): Date {
  const value = process.env.EDGEFLEET_NOW;
  if (value === undefined) return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new InvalidArgumentError(`EDGEFLEET_NOW=${value} is not an ISO time such as 2026-01-31T12:00:00Z`);
  return now;
}

/** Runs a rollout command, mapping its errors to exit codes and messages. */
export async function runRollout(work: () => Promise<void> | void): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof PromoteRefusedError) {
      process.stderr.write(`edgefleet: ${error.message}\n`);
      process.exitCode = ROLLOUT_EXIT.refused;
    } else if (error instanceof RolloutUsageError) {
      process.stderr.write(`edgefleet: ${error.message}\n`);
      process.exitCode = ROLLOUT_EXIT.usage;
    } else throw error;
  }
}

interface PromoteFlags {
  repo: string;
  wave: string;
  to?: string;
  force?: boolean;
  dryRun?: boolean;
  prometheusUrl?: string;
}

async function promoteCommand(flags: PromoteFlags): Promise<void> {
  const r = await promote({ ...flags, now: rolloutNow() });
  const verb = flags.dryRun ? 'would move' : 'moved';
  for (const skipped of r.forced) process.stderr.write(`edgefleet: --force: skipped ${skipped}\n`);
  if (!r.moved) process.stdout.write(`promote: ${r.ref} already at ${short(r.to)}; nothing to move\n`);
  else process.stdout.write(`promote: ${verb} ${r.ref} (wave ${r.wave}) ${r.from ? short(r.from) : '(new)'} -> ${short(r.to)}${r.rollback ? ' (rollback)' : ''}\n`);
}

/** Registers `edgefleet promote`. */
export function registerPromote(program: Command): void {
  program
    .command('promote')
    .description("move one wave's ref (default: to main), after checking order, soak and health of the wave before it")
    .requiredOption('--repo <dir>', 'the tree (Git work tree) that synth --commit writes into')
    .requiredOption('--wave <wave>', 'the wave whose ref moves')
    .option('--to <commit>', 'commit to move the ref to (an older one rolls the wave back); default: the main branch')
    .option('--prometheus-url <url>', "hub Prometheus base URL, for rollout.healthQuery of the wave before")
    .option('--force', 'skip the order check and the gates')
    .option('--dry-run', 'check and print what would move, move nothing')
    .action((flags: PromoteFlags) => runRollout(() => promoteCommand(flags)));
}
