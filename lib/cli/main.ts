import { existsSync, statSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { FleetValidationError } from '../model/problem';
import { FleetLoadError, loadFleet } from '../model/load-fleet';
import { errorSummary } from '../model/user-error';
import { resolveFleet } from '../model/resolve';
import { GITOPS_ENGINES, GitOpsEngine } from '../model/settings';
import { GitRefusedError } from '../output/git-commit';
import { mergeShards } from '../output/shard-merge';
import { parseShard, Shard } from '../output/shard';
import { OutputLockedError } from '../output/output-lock';
import { OutputRefusedError } from '../output/synth';
import { TreeWriteError } from '../output/tree-write-error';
import { synthFile } from '../output/synth-file';
import { EDGEFLEET_VERSION } from '../render/version';
import { addBootstrapCommand } from './bootstrap';
import { formatTable } from './table';

/** Exit codes: 0 success, 1 invalid fleet (or failed synth), 2 usage error. */
const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

const DEFAULT_APP = 'sites/fleet.ts';
const DEFAULT_OUT = 'out';

/** A usage error (exit 2): the message, and where the flags are explained. */
class UsageError extends Error {
  constructor(message: string, command: string) {
    super(`${message}\nUsage: see \`edgefleet ${command} --help\``);
    this.name = 'UsageError';
  }
}

/** --app must name a file: a missing one is a usage error, not a Node "Cannot find module" with its require stack. */
function assertFleetFile(file: string, command: string): void {
  if (!existsSync(file)) throw new UsageError(`--app ${file}: no such file`, command);
  if (!statSync(file).isFile()) throw new UsageError(`--app ${file}: not a file`, command);
}

/** --out must be a directory or not exist yet. */
function assertOutDir(dir: string, command: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a directory`, command);
}

function lsCommand(file: string): void {
  assertFleetFile(file, 'ls');
  const resolved = resolveFleet(loadFleet(file));
  if (resolved.problems.length > 0) throw new FleetValidationError(resolved.problems);
  const rows = resolved.sites.map((s) => [s.cluster, s.tierPath.join('/'), s.settings.wave, s.settings.connectivity, s.settings.distribution, s.settings.gitops.engine, s.arches.join(','), String(s.apps.length)]);
  process.stdout.write(formatTable(['CLUSTER', 'TIER', 'WAVE', 'CONNECTIVITY', 'DISTRIBUTION', 'AGENT', 'ARCHES', 'APPS'], rows));
}

function parseEngine(value: string): GitOpsEngine {
  if (!(GITOPS_ENGINES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${GITOPS_ENGINES.join(', ')}`);
  return value as GitOpsEngine;
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return jobs;
}

function parseShardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

async function synthCommand(opts: {
  app: string;
  out: string;
  allowNonempty?: boolean;
  force?: boolean;
  engine?: GitOpsEngine;
  commit?: boolean;
  jobs?: number;
  shard?: Shard;
  wait?: boolean;
  fsync: boolean;
  against?: string;
}): Promise<void> {
  assertFleetFile(opts.app, 'synth');
  assertOutDir(opts.out, 'synth');
  const s = await synthFile(opts.app, {
    outDir: opts.out,
    allowNonEmpty: opts.allowNonempty,
    force: opts.force,
    engine: opts.engine,
    commit: opts.commit,
    jobs: opts.jobs,
    shard: opts.shard,
    wait: opts.wait,
    durable: opts.fsync,
    against: opts.against,
    onLockWait: (holder) => process.stderr.write(`edgefleet: waiting for the run holding ${opts.out} (pid ${holder.pid} on ${holder.host}, since ${holder.since})\n`),
  });
  if (s.recovered) process.stdout.write(`recovered: the previous synth was interrupted; its write was ${s.recovered === 'rolled-forward' ? 'completed' : 'undone'}\n`);
  const repaired = s.repaired > 0 ? `, ${s.repaired} repaired` : '';
  process.stdout.write(
    `synth: ${s.clusters} clusters, ${s.objects} objects, ${s.rendered} rendered; files: ${s.written} written, ${s.unchanged} unchanged, ${s.removed} removed${repaired}; ${s.seconds.toFixed(2)}s -> ${opts.out}\n`,
  );
  if (opts.commit) process.stdout.write(s.commitId ? `commit: ${s.commitId}\n` : 'commit: nothing changed, no commit\n');
}

function program(): Command {
  const cmd = new Command('edgefleet').version(EDGEFLEET_VERSION).description('Synthesize a fleet of edge Kubernetes clusters into a GitOps tree.');
  cmd.exitOverride();
  cmd
    .command('synth')
    .description('render the fleet into one Kustomize entry point per cluster')
    .option('--app <file>', 'fleet definition (TypeScript or JavaScript)', DEFAULT_APP)
    .option('--out <dir>', 'output directory', DEFAULT_OUT)
    .option('--allow-nonempty', 'write into a non-empty directory that has no edgefleet manifest')
    .option('--force', 're-render every cluster, ignoring the cache')
    .option('--engine <engine>', `GitOps engine for every site (${GITOPS_ENGINES.join(' or ')}); default: the fleet's gitops.engine`, parseEngine)
    .option('--commit', 'commit the written files into the Git work tree holding --out')
    .option('--jobs <n>', 'threads that render; default: the CPUs available', parseJobs)
    .option('--shard <i/n>', 'render only shard i of n (for CI matrices); join the shards with `edgefleet merge`', parseShardOption)
    .option('--wait', 'when another synth or merge holds --out, wait for it instead of exiting 2')
    .option('--against <dir>', 'check upgrade safety against the edgefleet tree in <dir> (e.g. what the clusters run) instead of --out; renders every cluster')
    .option('--no-fsync', 'do not fsync what is written (only for throwaway trees: a power cut may leave empty files)')
    .action(synthCommand);
  cmd
    .command('merge')
    .description('join the outputs of `synth --shard 1/n` ... `n/n` into the tree of one unsharded synth')
    .argument('<shardDirs...>', 'output directories of the shards')
    .option('--out <dir>', 'output directory', DEFAULT_OUT)
    .action((shardDirs: string[], opts: { out: string }) => {
      assertOutDir(opts.out, 'merge');
      const m = mergeShards(opts.out, shardDirs);
      process.stdout.write(`merge: ${m.clusters} clusters from ${shardDirs.length} shards; files: ${m.written} written, ${m.unchanged} unchanged, ${m.removed} removed -> ${opts.out}\n`);
    });
  cmd
    .command('ls')
    .description('list the clusters of the fleet')
    .option('--app <file>', 'fleet definition (TypeScript or JavaScript)', DEFAULT_APP)
    .action((opts: { app: string }) => lsCommand(opts.app));
  addBootstrapCommand(cmd, DEFAULT_APP);
  return cmd;
}

/** Runs the CLI; sets the process exit code rather than throwing. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (error instanceof UsageError || error instanceof InvalidArgumentError || error instanceof OutputRefusedError || error instanceof GitRefusedError || error instanceof OutputLockedError) {
      process.stderr.write(`edgefleet: ${error.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (error instanceof TreeWriteError) {
      // Say what the tree is left as: only "nothing was written" when that is true.
      const state =
        error.state === 'unchanged'
          ? 'Nothing was written: the previous tree is as it was.'
          : 'The tree is partly updated; its journal (.edgefleet/journal.json) makes the next synth complete it before anything else.';
      process.stderr.write(`edgefleet: ${error.message}\n${state}\n`);
      process.exitCode = EXIT.invalid;
    } else if (error instanceof FleetValidationError || error instanceof FleetLoadError) {
      process.stderr.write(`edgefleet: ${error.message}\nNothing was written.\n`);
      process.exitCode = EXIT.invalid;
    } else {
      // First line only: Node appends a "Require stack:" list to module errors.
      process.stderr.write(`edgefleet: ${errorSummary(error)}\nNothing was written.\n`);
      process.exitCode = EXIT.invalid;
    }
  }
}
