import type { Fleet } from '../model/fleet';
import { FleetValidationError, Problem } from '../model/problem';
import { resolveFleet } from '../model/resolve';
import type { ResolvedSite } from '../model/resolved-site';
import { outerTier } from '../layout/fleet-labels';
import { withOutputLock } from '../output/output-lock';
import { openOutput, OutputRefusedError } from '../output/open-output';
import { fileHash, writeTree } from '../output/tree-writer';
import { EDGEFLEET_VERSION } from '../util/version';
import { siteProvisioningFiles } from './node-files';
import { synthTierStack, TERRAFORM_JSON } from './tier-stack';

/** Options of a bootstrap run. */
export interface BootstrapOptions {
  /** Output directory: its own, never a synth tree's. */
  readonly outDir: string;
  /** fsync what is written. @default true */
  readonly durable?: boolean;
}

/** What a bootstrap run wrote. */
export interface BootstrapSummary {
  readonly tiers: number;
  readonly sites: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

/** Directory of the Terraform JSON of each outer tier. */
export const TERRAFORM_DIR = 'terraform';
/** Directory of the provisioning files of each site. */
export const NODES_DIR = 'nodes';

/** What bootstrap cannot install for a site, as problems. */
function bootstrapProblems(sites: readonly ResolvedSite[]): Problem[] {
  return sites
    .filter((s) => s.settings.gitops.engine === 'flux' && s.settings.gitops.secretName !== 'flux-system')
    .map((s) => ({
      path: s.path,
      site: s.cluster,
      field: 'gitops.secretName',
      message: `is "${s.settings.gitops.secretName}", but the flux2-sync chart names the Git credentials Secret after its release, "flux-system"`,
      hint: 'keep gitops.secretName at its default "flux-system" for sites that edgefleet bootstraps',
    }));
}

/** The files of a bootstrap tree: Terraform JSON per outer tier, provisioning files per site. */
export function bootstrapFiles(sites: readonly ResolvedSite[]): Map<string, string> {
  const byTier = new Map<string, ResolvedSite[]>();
  for (const site of sites) byTier.set(outerTier(site), [...(byTier.get(outerTier(site)) ?? []), site]);
  const files = new Map<string, string>();
  for (const tier of [...byTier.keys()].sort())
    files.set(`${TERRAFORM_DIR}/${tier}/${TERRAFORM_JSON}`, synthTierStack(tier, byTier.get(tier)!));
  for (const site of sites) {
    for (const [path, text] of siteProvisioningFiles(site)) files.set(`${NODES_DIR}/${site.cluster}/${path}`, text);
  }
  return files;
}

/**
 * Writes the bootstrap tree of a fleet into its own output directory, through
 * edgefleet's tree writer: journaled, only changed files rewritten, stale
 * ones pruned, nothing half-written on failure. Refuses a synth tree.
 */
export function bootstrap(fleet: Fleet, options: BootstrapOptions): BootstrapSummary {
  const resolved = resolveFleet(fleet);
  const problems = [...resolved.problems, ...bootstrapProblems(resolved.sites)];
  if (problems.length > 0) throw new FleetValidationError(problems);
  const content = bootstrapFiles(resolved.sites);
  return withOutputLock(options.outDir, () => {
    const opened = openOutput({ outDir: options.outDir });
    if (opened.previous && Object.keys(opened.previous.clusters).length > 0) {
      throw new OutputRefusedError(`${options.outDir} holds a synth tree: give bootstrap an --out of its own`);
    }
    const hashes = new Map([...content].map(([path, text]) => [path, fileHash(text)]));
    const stats = writeTree(
      options.outDir,
      { content, hashes },
      opened.previous,
      { edgefleet: EDGEFLEET_VERSION, clusters: {} },
      { drifted: opened.drift?.drifted, durable: options.durable },
    );
    const tiers = new Set(resolved.sites.map(outerTier)).size;
    return { tiers, sites: resolved.sites.length, written: stats.written, unchanged: stats.unchanged, removed: stats.removed };
  });
}
