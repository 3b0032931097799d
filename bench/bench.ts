import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { availableCpus } from '../lib/synth/cpu-count';
import { STAMPS_PATH } from '../lib/output/drift';
import { MANIFEST_PATH, readManifest } from '../lib/output/manifest';
import { measureOciDelivery, OciDeliveryFigures } from './oci-delivery';
import type { ChildReport } from './synth-child';
import { siteShape } from './synthetic-fleet';

/*
 * `npm run bench`: edgefleet against plain cdk8s on a synthetic fleet, or on
 * the fleet file given with --app, whose size is the SITES environment
 * variable. Every synth runs in its own child process (bench/synth-child.ts).
 * Prints a markdown table, writes the figures as JSON, and ends with one JSON line.
 */

interface Options {
  sites: number;
  jobs: number;
  runs: number;
  baselineSites: number;
  baselineRuns: number;
  dir: string;
  json: string;
  budget: number;
  oci: boolean;
  ociSites: number;
  app?: string;
}

interface Timed extends ChildReport {
  readonly seconds: number;
}

const CHILD = join(__dirname, 'synth-child.js');
const SYNTHETIC_FLEET = join(__dirname, 'synthetic-fleet.js');

/** The input change of the one-site-change run. */
type Change = 'none' | 'one-site';

/**
 * The environment that sizes (and changes) the fleet: the synthetic fleet's
 * own variables, or for a fleet file (`--app`) SITES and CHANGE.
 */
function fleetEnv(app: string | undefined, sites: number, change: Change = 'none'): Record<string, string> {
  return app ? { SITES: String(sites), CHANGE: change } : { EDGEFLEET_SYNTHETIC_SITES: String(sites), EDGEFLEET_SYNTHETIC_CHANGE: change };
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

function parseOptions(argv: string[]): Options {
  const cmd = new Command('bench')
    .option('--sites <n>', 'sites of the synthetic fleet', positive, 10_000)
    .option('--jobs <n>', 'render threads of edgefleet; default: the CPUs available', positive, availableCpus())
    .option('--runs <n>', 'runs of each edgefleet measurement (the median is reported)', positive, 3)
    .option('--baseline-sites <n>', 'sites for the plain-cdk8s baseline, which grows with the square of the chart count', positive, 1_000)
    .option('--baseline-runs <n>', 'runs of the baseline (about 60 s each at 1,000 sites)', positive, 1)
    .option('--dir <dir>', 'where the trees are written (deleted at the end)', tmpdir())
    .option('--json <file>', 'where the figures are written as JSON', 'bench-results.json')
    .option('--budget <seconds>', 'stop starting new runs after this long (at least one run of each is made)', positive, 480)
    .option(
      '--oci',
      'also measure what one change costs the edges with OCI delivery against a Git shallow clone (runs docker-registry on loopback)',
      false,
    )
    .option('--oci-sites <n>', 'sites for the --oci measurement', positive, 1_000)
    .option(
      '--app <file>',
      'fleet file (.ts or .js, as `synth --app` loads it) to measure instead of the synthetic fleet; it reads its size from SITES, and CHANGE=one-site should change one site (--oci still uses the synthetic fleet)',
    );
  return cmd.parse(argv).opts<Options>();
}

/** Runs one synth in a child process; the wall time includes starting Node, as a user sees it. */
function child(mode: 'edgefleet' | 'baseline', fleetFile: string, outDir: string, env: Record<string, string>, jobs?: number): Timed {
  const started = process.hrtime.bigint();
  const args = [CHILD, mode, outDir, fleetFile, ...(jobs ? [String(jobs)] : [])];
  const result = spawnSync(process.execPath, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: mode === 'baseline' ? 1_800_000 : 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${mode} synth failed (${result.signal ?? result.status}): ${result.stderr}`);
  const last = result.stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(last) as ChildReport), seconds };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Bytes and files of a tree, split into cluster directories, shared bases and the manifest. */
function treeSize(root: string): { files: number; bytes: number; clusterBytes: number; baseBytes: number; manifestBytes: number } {
  const size = { files: 0, bytes: 0, clusterBytes: 0, baseBytes: 0, manifestBytes: statSync(join(root, MANIFEST_PATH)).size };
  const walk = (dir: string, top: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path, top || entry.name);
        continue;
      }
      // The stat cache is bookkeeping (git-ignored), not part of the tree an edge pulls.
      if (path === join(root, STAMPS_PATH)) continue;
      const bytes = statSync(path).size;
      size.files++;
      size.bytes += bytes;
      if (top === 'clusters') size.clusterBytes += bytes;
      if (top === 'bases') size.baseBytes += bytes;
    }
  };
  walk(root, '');
  return size;
}

/** Paths whose hash differs between two manifests. */
function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((p) => before[p] !== after[p]);
}

/** Whether every changed path is in one cluster's directory (`cluster`'s, when given). */
function inOneCluster(paths: readonly string[], cluster: string | undefined): boolean {
  const clusters = new Set(paths.map((p) => (p.startsWith('clusters/') ? p.split('/')[1] : '')));
  return clusters.size <= 1 && !clusters.has('') && (cluster === undefined || clusters.size === 0 || clusters.has(cluster));
}

/** What the one-site-change run changed, for the table. */
function oneChangeNote(rendered: number, onlyThatCluster: boolean, app: string | undefined): string {
  if (rendered === 0 && app) return ' (the fleet file ignores CHANGE=one-site: this was a no-op)';
  return onlyThatCluster ? ' (only that cluster + manifest)' : ' (OTHER FILES CHANGED)';
}

function filesOf(dir: string): Record<string, string> {
  return readManifest(dir)!.files;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv);
  const started = Date.now();
  const overBudget = (): boolean => (Date.now() - started) / 1000 > o.budget;
  const work = mkdtempSync(join(o.dir, 'edgefleet-bench-'));
  const app = o.app === undefined ? undefined : resolve(o.app);
  const fleetFile = app ?? SYNTHETIC_FLEET;
  const fleet = (sites: number, change?: Change) => fleetEnv(app, sites, change);
  const edgefleet = (outDir: string, env: Record<string, string>) => child('edgefleet', fleetFile, outDir, env, o.jobs);
  const cold: Timed[] = [];
  const coldNoFsync: Timed[] = [];
  const noop: Timed[] = [];
  const oneChange: Timed[] = [];
  const coldSmall: Timed[] = [];
  const baseline: Timed[] = [];
  let size: ReturnType<typeof treeSize> | undefined;
  let oneChangeOnlyThatCluster = true;
  let oci: OciDeliveryFigures | undefined;
  // The synthetic fleet's one-site change is to a known site; a fleet file's may be to any one.
  const expectedCluster = app ? undefined : siteShape(0).cluster;
  try {
    for (let run = 0; run < o.runs && (run === 0 || !overBudget()); run++) {
      const out = join(work, `edgefleet-${run}`);
      cold.push(edgefleet(out, fleet(o.sites)));
      size ??= treeSize(out);
      noop.push(edgefleet(out, fleet(o.sites)));
      const before = filesOf(out);
      oneChange.push(edgefleet(out, fleet(o.sites, 'one-site')));
      oneChangeOnlyThatCluster &&= inOneCluster(changedPaths(before, filesOf(out)), expectedCluster);
      coldSmall.push(edgefleet(join(work, `edgefleet-small-${run}`), fleet(o.baselineSites)));
      coldNoFsync.push(edgefleet(join(work, `edgefleet-nofsync-${run}`), { ...fleet(o.sites), EDGEFLEET_BENCH_NO_FSYNC: '1' }));
      process.stderr.write(
        `bench: run ${run + 1}: cold ${cold[run].seconds.toFixed(2)}s, no-op ${noop[run].seconds.toFixed(2)}s, one change ${oneChange[run].seconds.toFixed(2)}s\n`,
      );
    }
    for (let run = 0; run < o.baselineRuns && (run === 0 || !overBudget()); run++) {
      baseline.push(child('baseline', fleetFile, join(work, `cdk8s-${run}`), fleet(o.baselineSites)));
      process.stderr.write(`bench: baseline run ${run + 1}: ${baseline[run].seconds.toFixed(2)}s at ${o.baselineSites} sites\n`);
    }
    if (o.oci) oci = await measureOciDelivery(join(work, 'oci'), o.ociSites);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const m = (runs: Timed[], pick: (t: Timed) => number) => median(runs.map(pick));
  const coldSeconds = m(cold, (t) => t.seconds);
  const coldSmallSeconds = m(coldSmall, (t) => t.seconds);
  const baselineSeconds = m(baseline, (t) => t.seconds);
  const result = {
    /** The fleet file measured (--app); absent for the synthetic fleet. */
    ...(o.app === undefined ? {} : { app: o.app }),
    sites: o.sites,
    jobs: o.jobs,
    cores: cpus().length,
    availableCpus: availableCpus(),
    runs: cold.length,
    coldSeconds,
    coldCpuSeconds: m(cold, (t) => t.cpuSeconds),
    /** Kernel part of the CPU time: file and directory creation. */
    coldSystemCpuSeconds: m(cold, (t) => t.systemCpuSeconds),
    peakRssMiB: Math.round(m(cold, (t) => t.peakRssMiB)),
    /** Cold synth without fsync (`--no-fsync`), for the cost of durability. */
    coldNoFsyncSeconds: m(coldNoFsync, (t) => t.seconds),
    /** Cold time with durability over cold time without (same runs, interleaved). */
    durabilityCostRatio: Math.round((coldSeconds / m(coldNoFsync, (t) => t.seconds)) * 1000) / 1000,
    noopSeconds: m(noop, (t) => t.seconds),
    noopFilesWritten: Math.max(...noop.map((t) => t.written!)),
    noopRendered: Math.max(...noop.map((t) => t.rendered!)),
    oneChangeSeconds: m(oneChange, (t) => t.seconds),
    oneChangeFilesWritten: Math.max(...oneChange.map((t) => t.written!)),
    oneChangeRendered: Math.max(...oneChange.map((t) => t.rendered!)),
    oneChangeOnlyThatCluster,
    files: size!.files,
    bytes: size!.bytes,
    bytesPerCluster: Math.round(size!.bytes / o.sites),
    clusterDirBytesPerCluster: Math.round(size!.clusterBytes / o.sites),
    baseBytes: size!.baseBytes,
    manifestBytes: size!.manifestBytes,
    baselineSites: o.baselineSites,
    baselineRuns: baseline.length,
    baselineSeconds,
    coldSecondsAtBaselineSites: coldSmallSeconds,
    ratioVsBaseline: Math.round((baselineSeconds / coldSmallSeconds) * 10) / 10,
    /** Cold time at `sites` over cold time at `baselineSites` (linear growth: sites / baselineSites). */
    growthRatio: Math.round((coldSeconds / coldSmallSeconds) * 100) / 100,
    ...(oci ? { ociSites: o.ociSites, ...oci } : {}),
  };
  const rows: [string, string, string][] = [
    ['cold synth, wall', `${coldSeconds.toFixed(2)} s`, o.sites === 10_000 ? '<= 8 s' : ''],
    [
      'cold synth, CPU (all threads)',
      `${result.coldCpuSeconds.toFixed(2)} s, of which kernel ${result.coldSystemCpuSeconds.toFixed(2)} s`,
      '',
    ],
    ['cold synth, peak RSS', `${result.peakRssMiB} MiB`, '<= 1024 MiB'],
    [
      'durability (fsync) cost, cold',
      `${coldSeconds.toFixed(2)} s vs ${result.coldNoFsyncSeconds.toFixed(2)} s with --no-fsync: ${((result.durabilityCostRatio - 1) * 100).toFixed(1)}%`,
      '< 10%',
    ],
    [
      'no-op re-synth',
      `${result.noopSeconds.toFixed(2)} s, ${result.noopFilesWritten} files written, ${result.noopRendered} rendered`,
      '<= 1 s, 0 files',
    ],
    [
      'one site changed',
      `${result.oneChangeSeconds.toFixed(2)} s, ${result.oneChangeFilesWritten} files written, ${result.oneChangeRendered} rendered${oneChangeNote(result.oneChangeRendered, oneChangeOnlyThatCluster, o.app)}`,
      '<= 1 s',
    ],
    [
      'output',
      `${(result.bytes / 1e6).toFixed(1)} MB in ${result.files} files (${(result.files / o.sites).toFixed(1)} per cluster); ${result.bytesPerCluster} B per cluster (cluster dirs ${result.clusterDirBytesPerCluster} B, bases ${(result.baseBytes / 1e3).toFixed(0)} kB, manifest ${(result.manifestBytes / 1e6).toFixed(1)} MB in all)`,
      '<= 4 files, <= 8 KB per cluster',
    ],
    [
      `plain cdk8s at ${o.baselineSites} sites`,
      `${baselineSeconds.toFixed(2)} s (edgefleet: ${coldSmallSeconds.toFixed(2)} s, ${result.ratioVsBaseline}x faster)`,
      '>= 20x',
    ],
    ...(oci
      ? ([
          [
            `one-site change at ${o.ociSites} sites, OCI`,
            `unaffected edge ${oci.ociUnaffectedBytes} B (a manifest HEAD), changed edge ${(oci.ociAffectedBytes / 1e3).toFixed(1)} kB; publish ${oci.ociPublishSeconds.toFixed(1)} s`,
            '0 B, < 20 KB',
          ],
          [`same change, Git shallow clone`, `${(oci.gitShallowCloneBytes / 1e6).toFixed(1)} MB for every edge`, ''],
        ] as [string, string, string][])
      : []),
    ...(o.sites === o.baselineSites
      ? []
      : [
          [
            `cold time, ${o.sites} vs ${o.baselineSites} sites`,
            `${result.growthRatio}x for ${o.sites / o.baselineSites}x the sites`,
            `<= ${((1.1 * o.sites) / o.baselineSites).toFixed(1)}x`,
          ] as [string, string, string],
        ]),
  ];
  const table = [
    `edgefleet bench: ${o.app ?? 'synthetic fleet'}, ${o.sites} sites, ${o.jobs} jobs, ${result.cores} cores (${result.availableCpus} available), medians of ${cold.length} run(s) (baseline: ${baseline.length})`,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  writeFileSync(o.json, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${table}\nfigures: ${o.json}\n${JSON.stringify(result)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
