import { Command, InvalidArgumentError, Option } from 'commander';
import type { GitOpsEngine } from '../model/gitops-settings';
import { formatPlanMarkdown, formatPlanText, planHeadline } from '../plan/format-plan';
import { isUpToDate, planFleetFile, plannedClusters } from '../plan/plan-fleet';
import type { FleetPlan } from '../plan/plan-shape';
import { terminalProgress } from './progress';
import { assertFleetFile } from './usage';
import { EXIT } from './exit-codes';
import { CheckSummaryJson, PlanSummaryJson, SUMMARY_JSON_VERSION, summaryLine } from './summary-json';

/** Forms `edgefleet plan` prints. */
export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Options of `edgefleet plan`. */
export interface PlanCommandOptions {
  readonly app: string;
  readonly against: string;
  readonly ref?: string;
  readonly format: PlanFormat;
  readonly json?: boolean;
  readonly engine?: GitOpsEngine;
  readonly jobs?: number;
  readonly quiet?: boolean;
}

/** Plans with a progress bar on a terminal stdout (unless quiet). */
async function planWithProgress(
  app: string,
  options: { against: string; ref?: string; engine?: GitOpsEngine; jobs?: number; quiet?: boolean },
  label: string,
): Promise<FleetPlan> {
  const progress = terminalProgress(process.stdout, label, options.quiet);
  try {
    return await planFleetFile(app, { ...options, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
}

/** `edgefleet plan`: prints what a synth would change in the tree at --against (or at --ref of it), writing nothing. */
export async function planCommand(opts: PlanCommandOptions): Promise<void> {
  assertFleetFile(opts.app);
  const plan = await planWithProgress(opts.app, opts, 'plan');
  if (opts.json) {
    const summary: PlanSummaryJson = {
      command: 'plan',
      version: SUMMARY_JSON_VERSION,
      against: plan.against.dir,
      ...(plan.against.ref === undefined ? {} : { ref: plan.against.ref }),
      ...plan.summary,
      changedClusters: plannedClusters(plan),
    };
    process.stdout.write(summaryLine(summary));
  } else if (opts.format === 'json') process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  else if (opts.format === 'markdown') process.stdout.write(formatPlanMarkdown(plan));
  else process.stdout.write(formatPlanText(plan));
}

/**
 * `edgefleet synth --check`: exit 1, naming the stale clusters, when the
 * tree at --out is not what a synth would write. Writes nothing at all (no
 * lock, no stat cache): the tree is only read.
 */
export async function checkCommand(opts: {
  app: string;
  out: string;
  engine?: GitOpsEngine;
  jobs?: number;
  json?: boolean;
  quiet?: boolean;
}): Promise<void> {
  const plan = await planWithProgress(opts.app, { ...opts, against: opts.out }, 'check');
  const upToDate = isUpToDate(plan);
  const stale = plannedClusters(plan);
  if (!upToDate) process.exitCode = EXIT.failed;
  if (opts.json) {
    const summary: CheckSummaryJson = {
      command: 'check',
      version: SUMMARY_JSON_VERSION,
      out: opts.out,
      upToDate,
      stale,
      staleFiles: plan.fleetFiles.map((f) => f.path),
      manifestChanged: plan.manifestChanged,
      interrupted: plan.interrupted,
      clusters: plan.summary.clusters,
    };
    process.stdout.write(summaryLine(summary));
    return;
  }
  if (upToDate) {
    process.stdout.write(`check: ${opts.out} is up to date (${plan.summary.clusters} clusters)\n`);
    return;
  }
  const named = stale.length > 0 ? `stale clusters: ${stale.join(', ')}` : 'no cluster differs';
  process.stdout.write(
    `check: ${opts.out} is stale: ${planHeadline(plan)}\n${named}\nRun \`edgefleet synth --out ${opts.out}\` and commit the result.\n`,
  );
}

function parseFormat(value: string): PlanFormat {
  if (!(PLAN_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${PLAN_FORMATS.join(', ')}`);
  return value as PlanFormat;
}

/** Registers `edgefleet plan`; `shared` adds the options it shares with synth (--app, --engine, --jobs). */
export function registerPlanCommand(program: Command, shared: (cmd: Command) => Command): void {
  shared(program.command('plan'))
    .description('show which clusters a synth would add, change or remove in an existing tree, by wave and tier, writing nothing')
    .option('--against <dir>', 'directory of the tree to compare with (a directory without an edgefleet manifest counts as empty)', 'out')
    .option(
      '--ref <ref>',
      'compare with the tree at this Git ref (branch, tag, commit) of the repository holding --against, read from Git without a checkout',
    )
    .addOption(new Option('--format <format>', `output form: ${PLAN_FORMATS.join(', ')}`).argParser(parseFormat).default('text'))
    .option('--json', 'print only a one-line JSON summary')
    .option('--quiet', 'no progress bar')
    .action(planCommand);
}
