import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bootstrap } from '../../lib/bootstrap/bootstrap';
import { FLEET_AGENT_CHART, FLUX_CHARTS } from '../../lib/bootstrap/agent-release';
import { outerTier } from '../../lib/layout/fleet-labels';
import type { Fleet } from '../../lib/model/fleet';
import { resolveFleet } from '../../lib/model/resolve';
import type { ResolvedSite } from '../../lib/model/resolved-site';
import { synth } from '../../lib/synth/synth';
import { fleet as distributions } from '../../examples/distributions';
import { fleet as factories } from '../../examples/factories';
import { fleet as retailChain } from '../../examples/retail-chain';
import { fleet as vessels } from '../../examples/vessels';
import { fleet as acme } from '../../sites/fleet';
import { BuiltObject, kustomizeObjects } from '../support/kustomize';
import { readTree, tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

interface HelmRelease {
  chart: string;
  name: string;
  namespace: string;
  provider: string;
  repository: string;
  version: string;
  values: string[];
  set?: { name: string; value: string }[];
  set_sensitive?: { name: string; value: string }[];
}
interface TerraformJson {
  provider: { helm: { alias: string; kubernetes: { config_path: string; config_context: string } }[] };
  resource: { helm_release: Record<string, HelmRelease> };
  variable: Record<string, { sensitive?: boolean; default?: string }>;
  terraform: { backend: { local: { path: string } } };
}

const FLEETS: [string, Fleet][] = [
  ['sites', acme],
  ['retail-chain', retailChain],
  ['vessels', vessels],
  ['factories', factories],
  ['distributions', distributions],
];

function terraformOf(out: string, tier: string): TerraformJson {
  return JSON.parse(readFileSync(join(out, 'terraform', tier, 'cdk.tf.json'), 'utf8')) as TerraformJson;
}

/** The labels a node registers with, read back from its provisioning file, whatever the distribution. */
function provisionedLabels(site: ResolvedSite, nodeDir: string): Record<string, string> {
  const pairs = (list: string[]) => Object.fromEntries(list.map((l) => l.split('=') as [string, string]));
  const file = (name: string) => join(nodeDir, name);
  if (existsSync(file('edgecore.yaml'))) return parse(readFileSync(file('edgecore.yaml'), 'utf8')).modules.edged.nodeLabels;
  if (site.settings.distribution === 'microk8s')
    return pairs(parse(readFileSync(file('launch-config.yaml'), 'utf8')).extraKubeletArgs['--node-labels'].split(','));
  if (site.settings.distribution === 'k0s') {
    const flag = readFileSync(file('k0s-flags.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('--labels='))!;
    return pairs(flag.slice('--labels='.length).split(','));
  }
  return pairs(parse(readFileSync(file('config.yaml'), 'utf8'))['node-label']);
}

type PodSpec = {
  nodeSelector?: Record<string, string>;
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }[];
      };
    };
  };
};

/** Whether a node with these labels satisfies the pod's nodeSelector and required node affinity. */
function selects(pod: PodSpec, labels: Record<string, string>): boolean {
  if (Object.entries(pod.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return (
    terms.length === 0 ||
    terms.some((t) =>
      (t.matchExpressions ?? []).every((e) =>
        e.operator === 'In' ? (e.values ?? []).includes(labels[e.key]) : e.operator === 'Exists' ? e.key in labels : true,
      ),
    )
  );
}

/** Device classes a pod's nodeSelector or required node affinity names. */
function deviceClassesNamed(pod: PodSpec): string[] {
  const key = 'edgefleet.io/device-class';
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const fromAffinity = terms.flatMap((t) =>
    (t.matchExpressions ?? []).filter((e) => e.key === key && e.operator === 'In').flatMap((e) => e.values ?? []),
  );
  return [...(pod.nodeSelector?.[key] ? [pod.nodeSelector[key]] : []), ...fromAffinity];
}

describe.each(FLEETS)('bootstrap of %s', (_name, fleet) => {
  const resolved = resolveFleet(fleet);
  const out = tempDir();
  const summary = bootstrap(fleet, { outDir: out, durable: false });
  const tiers = [...new Set(resolved.sites.map(outerTier))].sort();

  test('one Terraform JSON per outer tier, a Helm provider per site, the agent releases of each site', () => {
    expect(summary.tiers).toBe(tiers.length);
    expect(readdirSync(join(out, 'terraform')).sort()).toEqual(tiers);
    for (const tier of tiers) {
      const tf = terraformOf(out, tier);
      const sites = resolved.sites.filter((s) => outerTier(s) === tier);
      expect(tf.provider.helm.map((p) => p.alias).sort()).toEqual(sites.map((s) => s.cluster).sort());
      expect(tf.terraform.backend.local.path).toBe(`terraform.${tier}.tfstate`);
      for (const site of sites) {
        expect(tf.provider.helm.find((p) => p.alias === site.cluster)!.kubernetes.config_context).toBe(site.cluster);
        const releases = Object.values(tf.resource.helm_release).filter((r) => r.provider === `helm.${site.cluster}`);
        if (site.settings.gitops.engine === 'fleet') {
          expect(releases.map((r) => [r.chart, r.version, r.repository, r.namespace])).toEqual([
            [FLEET_AGENT_CHART.chart, FLEET_AGENT_CHART.version, FLEET_AGENT_CHART.repository, 'cattle-fleet-system'],
          ]);
          const values = parse(releases[0].values[0]);
          expect(values.labels['edgefleet.io/site']).toBe(site.cluster);
          expect(values.clientID).toBe(site.cluster);
          continue;
        }
        expect(releases.map((r) => r.chart).sort()).toEqual(['flux2', 'flux2-sync']);
        expect(releases.every((r) => r.repository === FLUX_CHARTS.repository)).toBe(true);
        const controllers = parse(releases.find((r) => r.chart === 'flux2')!.values[0]);
        expect(controllers.helmController.create).toBe(site.settings.gitopsAgent.fluxComponents.includes('helm-controller'));
        expect(controllers.notificationController.create).toBe(
          site.settings.gitopsAgent.fluxComponents.includes('notification-controller'),
        );
        expect(controllers.kustomizeController.secret.name).toBe(site.settings.gitops.decryptionSecretName);
        const sync = parse(releases.find((r) => r.chart === 'flux2-sync')!.values[0]);
        expect(releases.find((r) => r.chart === 'flux2-sync')!.name).toBe('flux-system');
        expect(sync.kustomization.spec.path).toBe(`./clusters/${site.cluster}`);
        expect(sync.gitRepository.spec.url).toBe(site.settings.gitops.repoUrl);
      }
    }
  });

  test('credentials and keys are Terraform variable references, never values', () => {
    for (const tier of tiers) {
      const tf = terraformOf(out, tier);
      for (const release of Object.values(tf.resource.helm_release)) {
        for (const s of [...(release.set ?? []), ...(release.set_sensitive ?? [])]) expect(s.value).toMatch(/^\$\{var\.[a-z_]+\}$/);
        expect(release.values.join('\n')).not.toMatch(/PRIVATE KEY|agekey:|token:|password:|identity:/);
      }
      for (const [name, variable] of Object.entries(tf.variable)) {
        if (variable.sensitive) expect([name, variable.default]).toEqual([name, undefined]);
      }
    }
  });

  test('is deterministic and rewrites nothing on a second run', () => {
    const again = tempDir();
    bootstrap(fleet, { outDir: again, durable: false });
    expect(readTree(again)).toEqual(readTree(out));
    expect(bootstrap(fleet, { outDir: out, durable: false })).toMatchObject({ written: 0, removed: 0 });
  });
});

describeWithTool('kubectl', ['version', '--client']).each(FLEETS)('provisioned node labels of %s against the tree', (_name, fleet) => {
  test('every pod of every cluster selects a provisioned node, and every device class the tree names is a node label', () => {
    const resolved = resolveFleet(fleet);
    const tree = tempDir();
    const boot = tempDir();
    synth(fleet, { outDir: tree });
    bootstrap(fleet, { outDir: boot, durable: false });
    const problems: string[] = [];
    let pods = 0;
    for (const site of resolved.sites) {
      const nodes = readdirSync(join(boot, 'nodes', site.cluster))
        .filter((n) => n.startsWith('node-'))
        .map((n) => provisionedLabels(site, join(boot, 'nodes', site.cluster, n)));
      expect(nodes).toHaveLength(site.nodes.reduce((n, g) => n + g.count, 0));
      const classes = new Set(nodes.map((l) => l['edgefleet.io/device-class']));
      for (const object of kustomizeObjects(join(tree, 'clusters', site.cluster)) as BuiltObject[]) {
        const pod: PodSpec | undefined = object.spec?.template?.spec;
        if (!pod) continue;
        pods++;
        for (const c of deviceClassesNamed(pod))
          if (!classes.has(c))
            problems.push(`${site.cluster}: ${object.kind}/${object.metadata.name} names device class ${c}, which no node carries`);
        if (!nodes.some((labels) => selects(pod, labels)))
          problems.push(`${site.cluster}: ${object.kind}/${object.metadata.name} selects no provisioned node`);
      }
    }
    expect(problems).toEqual([]);
    expect(pods).toBeGreaterThan(resolved.sites.length);
  });
});

describe('bootstrap output directory', () => {
  test('refuses a synth tree', () => {
    const out = tempDir();
    synth(vessels, { outDir: out });
    expect(() => bootstrap(vessels, { outDir: out, durable: false })).toThrow(/holds a synth tree/);
  });
});
