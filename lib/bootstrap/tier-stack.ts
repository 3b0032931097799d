import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { App, LocalBackend, TerraformStack, TerraformVariable } from 'cdktf';
import { CLUSTER_PLACEHOLDER } from '../model/bootstrap-settings';
import type { ResolvedSite } from '../model/resolved-site';
import { AgentRelease, agentReleases, BOOTSTRAP_VARIABLES, releaseValuesYaml, variableRef } from './agent-release';

/** Name of the Terraform JSON CDKTF synthesizes for a stack. */
export const TERRAFORM_JSON = 'cdk.tf.json';

/** The kubeconfig path and context of a site: its bootstrap settings with `{cluster}` replaced. */
export function siteKubeconfig(site: ResolvedSite): { readonly configPath: string; readonly configContext: string } {
  const fill = (s: string) => s.split(CLUSTER_PLACEHOLDER).join(site.cluster);
  return { configPath: fill(site.settings.bootstrap.kubeconfigPath), configContext: fill(site.settings.bootstrap.kubeContext) };
}

/** The Terraform variables the sites' releases read: only those of the engines in use. */
function variablesOf(sites: readonly ResolvedSite[]): (typeof BOOTSTRAP_VARIABLES)[keyof typeof BOOTSTRAP_VARIABLES][] {
  const engines = new Set(sites.map((s) => s.settings.gitops.engine));
  const v = BOOTSTRAP_VARIABLES;
  return [
    ...(engines.has('flux') ? [v.gitIdentity, v.gitKnownHosts, v.sopsAgeKey] : []),
    ...(engines.has('fleet') ? [v.fleetApiServerUrl, v.fleetApiServerCa, v.fleetToken] : []),
  ];
}

function addRelease(stack: TerraformStack, provider: HelmProvider, release: AgentRelease, installed: Map<string, Release>): void {
  const dependsOn = release.dependsOn ? installed.get(release.dependsOn) : undefined;
  const resource = new Release(stack, release.id, {
    provider,
    name: release.name,
    repository: release.repository,
    chart: release.chart,
    version: release.version,
    namespace: release.namespace,
    createNamespace: true,
    // Offline-prone sites: wait for the agent to run, so a failed install shows in the apply, not later.
    wait: true,
    values: [releaseValuesYaml(release)],
    set: Object.entries(release.variables ?? {}).map(([name, variable]) => ({ name, value: variableRef(variable) })),
    setSensitive: Object.entries(release.secrets).map(([name, variable]) => ({ name, value: variableRef(variable) })),
    ...(dependsOn ? { dependsOn: [dependsOn] } : {}),
  });
  installed.set(release.id, resource);
}

/** Builds the CDKTF stack of one outer tier: a Helm provider per site (alias = cluster name) and the releases of its GitOps agent. */
function buildStack(app: App, tier: string, sites: readonly ResolvedSite[]): void {
  const stack = new TerraformStack(app, tier);
  // A relative state path: the default is absolute (the synth's working directory), which would make the JSON differ per machine.
  new LocalBackend(stack, { path: `terraform.${tier}.tfstate` });
  for (const variable of variablesOf(sites)) {
    new TerraformVariable(stack, variable.name, {
      type: 'string',
      description: variable.description,
      sensitive: variable.sensitive,
      ...(variable === BOOTSTRAP_VARIABLES.fleetApiServerCa ? { default: '' } : {}),
    });
  }
  const installed = new Map<string, Release>();
  for (const site of sites) {
    const provider = new HelmProvider(stack, `helm-${site.cluster}`, { alias: site.cluster, kubernetes: siteKubeconfig(site) });
    for (const release of agentReleases(site)) addRelease(stack, provider, release, installed);
  }
}

/**
 * The Terraform JSON of one outer tier's CDKTF app, as `App.synth()` writes
 * it (which validates every construct against @cdktf/provider-helm's
 * types). CDKTF only synthesizes to a directory, so it writes into a
 * private temporary one that is removed afterwards: the caller writes the
 * result through edgefleet's own tree writer.
 */
export function synthTierStack(tier: string, sites: readonly ResolvedSite[]): string {
  const outdir = mkdtempSync(join(tmpdir(), 'edgefleet-cdktf-'));
  try {
    const app = new App({ outdir, skipValidation: false });
    buildStack(app, tier, sites);
    app.synth();
    return readFileSync(join(outdir, 'stacks', tier, TERRAFORM_JSON), 'utf8');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
