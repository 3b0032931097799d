import { Command, InvalidArgumentError, Option } from 'commander';
import { FleetValidationError } from '../model/problem';
import { loadFleet } from '../model/load-fleet';
import { resolveFleet } from '../model/resolve';
import { GITOPS_ENGINES, GitOpsEngine } from '../model/gitops-settings';
import { mergeShards } from '../output/shard-merge';
import { parseShard, Shard } from '../output/shard';
import { synthFile } from '../synth/synth-file';
import { EDGEFLEET_VERSION } from '../util/version';
import { registerPromote } from './promote';
import { registerPublish } from './publish';
import { assertFleetFile, assertOutDir } from './usage';
import { errorReport, exitCodeOf } from './exit-codes';
import { registerRolloutStatus } from './rollout-status';
import { checkCommand, registerPlanCommand } from './plan';
import { terminalProgress } from './progress';
import { LsSummaryJson, MergeSummaryJson, SUMMARY_JSON_VERSION, summaryLine, SynthSummaryJson } from './summary-json';
import { addBootstrapCommand } from './bootstrap';
import { formatTable } from './table';

const DEFAULT_APP = 'sites/fleet.ts';
const DEFAULT_OUT = 'out';

function lsCommand(file: string, json?: boolean): void {
  assertFleetFile(file);
  const resolved = resolveFleet(loadFleet(file));
  if (resolved.problems.length > 0) throw new FleetValidationError(resolved.problems);
  if (json) {
    const clusters = resolved.sites.map((s) => ({
      cluster: s.cluster,
      tier: s.tierPath.join('/'),
      wave: s.settings.wave,
      connectivity: s.settings.connectivity,
      distribution: s.settings.distribution,
      agent: s.settings.gitops.engine,
      arches: [...s.arches],
      apps: s.apps.length,
    }));
    process.stdout.write(summaryLine({ command: 'ls', version: SUMMARY_JSON_VERSION, clusters } satisfies LsSummaryJson));
    return;
  }
  const rows = resolved.sites.map((s) => [
    s.cluster,
    s.tierPath.join('/'),
    s.settings.wave,
    s.settings.connectivity,
    s.settings.distribution,
    s.settings.gitops.engine,
    s.arches.join(','),
    String(s.apps.length),
  ]);
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
  check?: boolean;
  json?: boolean;
  quiet?: boolean;
}): Promise<void> {
  assertFleetFile(opts.app);
  assertOutDir(opts.out);
  if (opts.check) return checkCommand(opts);
  const progress = terminalProgress(process.stdout, 'synth', opts.quiet);
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
    onLockWait: (holder) =>
      process.stderr.write(
        `edgefleet: waiting for the run holding ${opts.out} (pid ${holder.pid} on ${holder.host}, since ${holder.since})\n`,
      ),
    onProgress: progress.onProgress,
  }).finally(progress.stop);
  if (opts.json) {
    const { commitId, ...counts } = s;
    const summary: SynthSummaryJson = {
      command: 'synth',
      version: SUMMARY_JSON_VERSION,
      out: opts.out,
      ...counts,
      ...(opts.commit ? { commit: commitId ?? null } : {}),
    };
    process.stdout.write(summaryLine(summary));
    return;
  }
  if (s.recovered)
    process.stdout.write(
      `recovered: the previous synth was interrupted; its write was ${s.recovered === 'rolled-forward' ? 'completed' : 'undone'}\n`,
    );
  const repaired = s.repaired > 0 ? `, ${s.repaired} repaired` : '';
  process.stdout.write(
    `synth: ${s.clusters} clusters, ${s.objects} objects, ${s.rendered} rendered; files: ${s.written} written, ${s.unchanged} unchanged, ${s.removed} removed${repaired}; ${s.seconds.toFixed(2)}s -> ${opts.out}\n`,
  );
  if (opts.commit) process.stdout.write(s.commitId ? `commit: ${s.commitId}\n` : 'commit: nothing changed, no commit\n');
}

/** Options of the commands that render the fleet (synth, plan). */
function fleetOptions(command: Command): Command {
  return command
    .option('--app <file>', 'fleet definition (TypeScript or JavaScript)', DEFAULT_APP)
    .option(
      '--engine <engine>',
      `GitOps engine for every site (${GITOPS_ENGINES.join(' or ')}); default: the fleet's gitops.engine`,
      parseEngine,
    )
    .option('--jobs <n>', 'threads that render, then write the new files; default: the CPUs available', parseJobs);
}

/** The `edgefleet` command tree (exported so tests can parse command lines without running them). */
export function program(): Command {
  const cmd = new Command('edgefleet')
    .version(EDGEFLEET_VERSION)
    .description('Synthesize a fleet of edge Kubernetes clusters into a GitOps tree.');
  cmd.exitOverride();
  fleetOptions(cmd.command('synth'))
    .description('render the fleet into one Kustomize entry point per cluster')
    .option('--out <dir>', 'output directory', DEFAULT_OUT)
    .option('--allow-nonempty', 'write into a non-empty directory that has no edgefleet manifest')
    .option('--force', 're-render every cluster, ignoring the cache')
    .option('--commit', 'commit the written files into the Git work tree holding --out')
    .option('--shard <i/n>', 'render only shard i of n (for CI matrices); join the shards with `edgefleet merge`', parseShardOption)
    .option('--wait', 'when another synth or merge holds --out, wait for it instead of exiting 2')
    .option(
      '--against <dir>',
      'check upgrade safety against the edgefleet tree in <dir> (e.g. what the clusters run) instead of --out; renders every cluster',
    )
    .option('--no-fsync', 'do not fsync what is written (only for throwaway trees: a power cut may leave empty files)')
    .addOption(
      new Option(
        '--check',
        'write nothing; exit 1, naming the stale clusters, when the tree at --out is not what synth would write (a CI gate)',
      ).conflicts(['commit', 'shard', 'against', 'force']),
    )
    .option('--json', 'print the summary line as one JSON object')
    .option('--quiet', 'no progress bar (it is only shown when stdout is a terminal)')
    .action(synthCommand);
  cmd
    .command('merge')
    .description('join the outputs of `synth --shard 1/n` ... `n/n` into the tree of one unsharded synth')
    .argument('<shardDirs...>', 'output directories of the shards')
    .option('--out <dir>', 'output directory', DEFAULT_OUT)
    .option('--json', 'print the summary line as one JSON object')
    .action((shardDirs: string[], opts: { out: string; json?: boolean }) => {
      assertOutDir(opts.out);
      const m = mergeShards(opts.out, shardDirs);
      const summary: MergeSummaryJson = { command: 'merge', version: SUMMARY_JSON_VERSION, out: opts.out, shards: shardDirs.length, ...m };
      if (opts.json) return void process.stdout.write(summaryLine(summary));
      process.stdout.write(
        `merge: ${m.clusters} clusters from ${shardDirs.length} shards; files: ${m.written} written, ${m.unchanged} unchanged, ${m.removed} removed -> ${opts.out}\n`,
      );
    });
  cmd
    .command('ls')
    .description('list the clusters of the fleet')
    .option('--app <file>', 'fleet definition (TypeScript or JavaScript)', DEFAULT_APP)
    .option('--json', 'print the clusters as one JSON object')
    .action((opts: { app: string; json?: boolean }) => lsCommand(opts.app, opts.json));
  registerPlanCommand(cmd, fleetOptions);
  registerPromote(cmd);
  registerPublish(cmd, DEFAULT_OUT);
  registerRolloutStatus(cmd);
  addBootstrapCommand(cmd, DEFAULT_APP);
  return cmd;
}

/** `edgefleet <command>` as typed, e.g. `rollout status`, for pointing at its --help. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Runs the CLI; sets the process exit code (lib/cli/exit-codes.ts) rather than throwing. */
export async function main(argv: readonly string[]): Promise<void> {
  const cli = program();
  let running = '';
  cli.hook('preAction', (_root, action) => {
    running = commandPath(action);
  });
  try {
    await cli.parseAsync([...argv]);
  } catch (error) {
    process.exitCode = exitCodeOf(error);
    process.stderr.write(errorReport(error, running));
  }
}
