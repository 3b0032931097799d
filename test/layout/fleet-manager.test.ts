import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Ajv from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { EdgeSite, RegionalTier } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import { fleetManagerFiles } from '../../lib/layout/fleet-manager';
import { synth } from '../../lib/synth/synth';
import { fleet } from '../../sites/fleet';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { describeWithTool } from '../support/tools';
import { SCHEMAS_DIR, validateObject } from '../support/validate-objects';
import { tempDir } from '../support/synth-sites';

/** Ajv refuses `nullable` without `type`, which the Bundle CRD schema uses; drop just those keywords. */
function withoutUntypedNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutUntypedNullable);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema).filter(([k]) => !(k === 'nullable' && !('type' in schema)));
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutUntypedNullable(v)]));
}

/** All files of a directory, concatenated, as Fleet packs a bundle's resources. */
function bundleBytes(dir: string): Buffer {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Buffer.concat(files.map((e) => readFileSync(join(e.parentPath, e.name))));
}

const key = (o: Record<string, any>) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describeWithTool('kubectl', ['version', '--client'])('sites/ with --engine fleet', () => {
  const fleetOut = tempDir('edgefleet-fleet-');
  const fluxOut = tempDir('edgefleet-flux-');
  synth(fleet, { outDir: fleetOut, engine: 'fleet' });
  synth(fleet, { outDir: fluxOut, engine: 'flux' });
  const clusters = readdirSync(join(fleetOut, 'clusters'));

  it('every bundle builds alone in an empty directory, reaches nothing outside, and gzips under 1 MB', () => {
    expect(clusters.length).toBe(30);
    for (const c of clusters) {
      const alone = tempDir('edgefleet-bundle-');
      cpSync(join(fleetOut, 'clusters', c), alone, { recursive: true });
      expect(kustomizeObjects(alone).length).toBeGreaterThan(0);
      expect(readFileSync(join(alone, 'kustomization.yaml'), 'utf8')).not.toMatch(/\.\.\//);
      expect(gzipSync(bundleBytes(alone)).length).toBeLessThan(1024 * 1024);
    }
  });

  it('switching engines changes no app or platform object', () => {
    for (const c of clusters) {
      const fromFleet = kustomizeObjects(join(fleetOut, 'clusters', c));
      const fromFlux = kustomizeObjects(join(fluxOut, 'clusters', c)).filter((o) => o.metadata.namespace !== 'flux-system');
      expect(fromFleet.map(key).sort()).toEqual(fromFlux.map(key).sort());
      const byKey = new Map(fromFlux.map((o) => [key(o), o]));
      for (const o of fromFleet) expect(o).toEqual(byKey.get(key(o)));
    }
  });

  it('one GitRepo per (tier, wave), following its wave ref with the bundles of that wave in the tier; all validate against the Fleet schema', () => {
    const repos = parseAllDocuments(readFileSync(join(fleetOut, 'fleet-manager/gitrepos.yaml'), 'utf8')).map((d) => d.toJSON());
    for (const r of repos) expect(validateObject(r)).toEqual([]);
    const labels = parse(readFileSync(join(fleetOut, 'fleet-manager/cluster-labels.yaml'), 'utf8')).clusters;
    const expected = new Map<string, string[]>();
    for (const c of clusters) {
      const name = `acme-${labels[c]['edgefleet.io/tier']}-${labels[c]['edgefleet.io/wave']}`;
      expected.set(name, [...(expected.get(name) ?? []), `clusters/${c}`]);
    }
    expect(repos.map((r) => r.metadata.name).sort()).toEqual([...expected.keys()].sort());
    expect(repos.length).toBeGreaterThan(3);
    for (const r of repos) {
      const wave = r.metadata.name.split('-').slice(2).join('-');
      expect(r.spec.branch).toBe(`edgefleet/${wave}`);
      expect([...r.spec.paths].sort()).toEqual(expected.get(r.metadata.name)!.sort());
    }
    expect(repos.every((r) => r.metadata.namespace === 'fleet-default')).toBe(true);
    expect(repos.flatMap((r) => r.spec.paths).sort()).toEqual(clusters.map((c) => `clusters/${c}`));
    expect(repos.find((r) => r.metadata.name === 'acme-maritime-wave-1')!.spec.targets).toEqual([
      { name: 'maritime', clusterSelector: { matchLabels: { 'edgefleet.io/tier': 'maritime' } } },
    ]);
    expect(kustomizeObjects(join(fleetOut, 'fleet-manager')).length).toBe(repos.length);
  });

  it('never writes an integer maxUnavailable 0 anywhere in the tree', () => {
    const files = readdirSync(fleetOut, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.ya?ml$/.test(e.name));
    expect(files.length).toBeGreaterThan(30);
    const zeros = files.filter((e) => /maxUnavailable:\s*0\s*$/m.test(readFileSync(join(e.parentPath, e.name), 'utf8')));
    expect(zeros.map((e) => e.name)).toEqual([]);
  });

  it('lists the Fleet cluster labels each GitRepo and fleet.yaml select on', () => {
    const labels = parse(readFileSync(join(fleetOut, 'fleet-manager/cluster-labels.yaml'), 'utf8')).clusters;
    expect(labels['hamburg-altona']).toEqual({
      // The `labels` setting, fleet to site, beneath edgefleet's own.
      company: 'acme',
      country_group: 'dach',
      site_kind: 'shop',
      'edgefleet.io/site': 'hamburg-altona',
      'edgefleet.io/tier': 'emea',
      'edgefleet.io/tier-path': 'emea.dach',
      'edgefleet.io/wave': 'canary',
      'edgefleet.io/arch-arm64': 'true',
    });
    expect(Object.keys(labels).sort()).toEqual(clusters);
  });

  it('fleet.yaml deploys the bundle to its own site only, with rollout.maxUnavailable (20%) and no partitions', () => {
    const spec = parse(readFileSync(join(fleetOut, 'clusters/berlin-mitte/fleet.yaml'), 'utf8'));
    expect(spec.defaultNamespace).toBe('edge-apps');
    expect(spec.targetCustomizations[0].clusterSelector.matchLabels).toEqual({ 'edgefleet.io/site': 'berlin-mitte' });
    expect(spec.targetCustomizations[1]).toMatchObject({ doNotDeploy: true });
    // Fleet partitions only one bundle's targets, here one cluster: partitions would order nothing.
    expect(spec.rolloutStrategy).toEqual({ maxUnavailable: '20%' });
    // The bundle CRD schema checks the rollout and the target customizations.
    const bundle = {
      apiVersion: 'fleet.cattle.io/v1alpha1',
      kind: 'Bundle',
      metadata: { name: 'b' },
      spec: { rolloutStrategy: spec.rolloutStrategy, targets: spec.targetCustomizations, defaultNamespace: spec.defaultNamespace },
    };
    const schema = withoutUntypedNullable(JSON.parse(readFileSync(join(SCHEMAS_DIR, 'fleet/bundle_v1alpha1.json'), 'utf8')));
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema as object);
    expect(validate(bundle) ? [] : validate.errors).toEqual([]);
  });
});

describe('Fleet GitRepo credentials', () => {
  // Fails on the old code, which named Flux's `flux-system` Secret: Fleet's gitjob reads only ssh-auth and basic-auth Secrets.
  it('clientSecretName is gitops.fleetSecretName, unset by default, never the Flux Secret', () => {
    const f = smallFleet({ sites: 0 });
    new EdgeSite(f.tier, 'shop-1', { nodes: [{ deviceClass: f.pi }], apps: [f.web], gitops: { engine: 'fleet' } });
    const us = new RegionalTier(f.fleet, 'us', { gitops: { engine: 'fleet', fleetSecretName: 'fleet-git-ssh' } });
    new EdgeSite(us, 'shop-2', { nodes: [{ deviceClass: f.pi }], apps: [f.web] });
    new EdgeSite(us, 'shop-3', { nodes: [{ deviceClass: f.pi }], apps: [f.web], gitops: { fleetSecretName: 'fleet-git-https' } });
    const files = fleetManagerFiles('test', resolveFleet(f.fleet).sites);
    const repos = parseAllDocuments(files.get('fleet-manager/gitrepos.yaml')!).map((d) => d.toJSON());
    for (const r of repos) expect(validateObject(r)).toEqual([]);
    // Sites with other credentials get their own GitRepo.
    expect(repos.map((r) => [r.metadata.name, r.spec.paths, r.spec.clientSecretName])).toEqual([
      ['test-eu-wave-1', ['clusters/shop-1'], undefined],
      ['test-us-wave-1', ['clusters/shop-3'], 'fleet-git-https'],
      ['test-us-wave-1-2', ['clusters/shop-2'], 'fleet-git-ssh'],
    ]);
  });
});

describe('rollout.maxUnavailable', () => {
  it('refuses an integer 0 (Fleet reads it as zero: a healthy cluster is never updated) and writes a given value', () => {
    const bad = smallFleet({ sites: 0 });
    new EdgeSite(bad.tier, 'shop-1', { nodes: [{ deviceClass: bad.pi }], apps: [bad.web], rollout: { maxUnavailable: 0 } });
    expect(resolveFleet(bad.fleet).problems.map((p) => p.field)).toEqual(['rollout.maxUnavailable']);
    const ok = smallFleet({ sites: 0 });
    new EdgeSite(ok.tier, 'shop-1', {
      nodes: [{ deviceClass: ok.pi }],
      apps: [ok.web],
      gitops: { engine: 'fleet' },
      rollout: { maxUnavailable: 2 },
    });
    const out = tempDir('edgefleet-fleet-mu-');
    synth(ok.fleet, { outDir: out });
    expect(parse(readFileSync(join(out, 'clusters/shop-1/fleet.yaml'), 'utf8')).rolloutStrategy).toEqual({ maxUnavailable: 2 });
  });
});
