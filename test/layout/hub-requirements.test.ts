import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { EdgeSite, RegionalTier } from '../../lib';
import { FLEET_MANAGER_DIR } from '../../lib/layout/fleet-manager';
import { hubRequirementFiles } from '../../lib/layout/hub-requirements';
import { resolveFleet } from '../../lib/model/resolve';
import { readManifest } from '../../lib/output/manifest';
import { synth } from '../../lib/synth/synth';
import { fleet as sitesFleet } from '../../sites/fleet';
import { smallFleet } from '../support/small-fleet';
import { readTree, tempDir } from '../support/synth-sites';

/*
 * Issue 10 item 8: before these files existed nothing told the hub to accept
 * the 24h/72h backlog, so every test here failed on the old code.
 */

const hours = z.string().regex(/^\d+h$/);
/** Mimir runtime config: `overrides:` by tenant (only the limit edgefleet writes). */
const mimirSchema = z.object({ overrides: z.record(z.string().min(1), z.object({ out_of_order_time_window: hours }).strict()) }).strict();
/** Loki runtime config: `overrides:` by tenant (only the limits edgefleet writes). */
const lokiSchema = z
  .object({
    overrides: z.record(
      z.string().min(1),
      z
        .object({
          reject_old_samples: z.literal(true),
          reject_old_samples_max_age: hours,
          ingestion_rate_mb: z.number().positive(),
          ingestion_burst_size_mb: z.number().positive(),
        })
        .strict(),
    ),
  })
  .strict();

describe('hub requirements per outer tier', () => {
  const files = hubRequirementFiles(resolveFleet(sitesFleet).sites);
  const read = (path: string) => parse(files.get(path)!);

  test('one Loki file per outer tier of sites/, and a Mimir file where the tier pushes to Mimir; each in the runtime-config format', () => {
    expect([...files.keys()]).toEqual(
      ['americas', 'emea', 'maritime'].flatMap((t) => [
        `hub/${t}/mimir-overrides.yaml`,
        `hub/${t}/loki-overrides.yaml`,
        `hub/${t}/rules.yaml`,
      ]),
    );
    for (const [path, text] of files) {
      expect(text.startsWith('# ')).toBe(true);
      // Rule files are checked by promtool (test/components/alerting-config.test.ts).
      if (path.endsWith('rules.yaml')) continue;
      const schema = path.endsWith('mimir-overrides.yaml') ? mimirSchema : lokiSchema;
      expect(schema.safeParse(parse(text)).error?.issues).toBeUndefined();
    }
    expect(mimirSchema.safeParse({ overrides: { t: { out_of_order_time_window: '1d' } } }).success).toBe(false);
  });

  test("Mimir's out-of-order window spans the tier's longest backlog: retention + 2h truncation", () => {
    // maritime is rarely-connected (72h); emea and americas have intermittent sites (24h).
    expect(read('hub/maritime/mimir-overrides.yaml')).toEqual({ overrides: { 'edge-maritime': { out_of_order_time_window: '74h' } } });
    expect(read('hub/emea/mimir-overrides.yaml')).toEqual({ overrides: { 'edge-emea': { out_of_order_time_window: '26h' } } });
  });

  test("Loki keeps old lines for the longest backlog (never below its 1w default) and takes the tier's catch-up rate", () => {
    expect(read('hub/maritime/loki-overrides.yaml').overrides['edge-maritime']).toEqual({
      reject_old_samples: true,
      reject_old_samples_max_age: '168h',
      ingestion_rate_mb: 4,
      ingestion_burst_size_mb: 6,
    });
    const f = smallFleet({ sites: 0 });
    const ships = new RegionalTier(f.fleet, 'ships', { connectivity: 'rarely-connected', metrics: { retention: '240h' } });
    new EdgeSite(ships, 'ship-1', { nodes: [{ deviceClass: f.pi }] });
    // 30 always-on shops at 2 Mbit/s catch up at 7.2 MiB/s together.
    const shops = new RegionalTier(f.fleet, 'shops');
    for (let i = 1; i <= 30; i++) new EdgeSite(shops, `shop-${i}`, { nodes: [{ deviceClass: f.pi }] });
    const own = hubRequirementFiles(resolveFleet(f.fleet).sites);
    // No tenant: Mimir's and Loki's no-auth tenants; /api/v1/write is a Prometheus hub, so no Mimir file.
    expect([...own.keys()]).toEqual([
      'hub/ships/loki-overrides.yaml',
      'hub/ships/rules.yaml',
      'hub/shops/loki-overrides.yaml',
      'hub/shops/rules.yaml',
    ]);
    expect(parse(own.get('hub/ships/loki-overrides.yaml')!).overrides.fake.reject_old_samples_max_age).toBe('242h');
    expect(parse(own.get('hub/shops/loki-overrides.yaml')!).overrides.fake.ingestion_rate_mb).toBe(8);
  });

  test('synth writes them, records them in the manifest, and no kustomization, Flux path or Fleet GitRepo reaches them', () => {
    const out = tempDir();
    synth(sitesFleet, { outDir: out, engine: 'fleet' });
    const tree = readTree(out);
    const manifest = readManifest(out)!;
    for (const [path, text] of files) {
      // The hub rules follow the engine: with --engine fleet they watch the Fleet manager instead of Flux.
      if (path.endsWith('rules.yaml')) expect(tree.get(path)).toContain('EdgeFleetReconcileFailing');
      else expect(tree.get(path)).toBe(text);
      expect(manifest.files[path]).toBeDefined();
    }
    expect(readdirSync(join(out, 'hub', 'emea'))).not.toContain('kustomization.yaml');
    const kustomizations = [...tree].filter(([path]) => path.endsWith('kustomization.yaml') || path.endsWith('fleet.yaml'));
    expect(kustomizations.length).toBeGreaterThan(25);
    for (const [, text] of kustomizations) expect(text).not.toMatch(/\bhub\//);
    const gitRepoPaths = readFileSync(join(out, FLEET_MANAGER_DIR, 'gitrepos.yaml'), 'utf8');
    expect(gitRepoPaths).toContain('- clusters/');
    expect(gitRepoPaths).not.toMatch(/- hub/);
  });

  test('a Flux cluster that ignores other paths leaves hub/ out of its artifact', () => {
    const f = smallFleet({ sites: 1 });
    const out = tempDir();
    new EdgeSite(f.tier, 'lean', { nodes: [{ deviceClass: f.pi }], gitops: { ignoreOtherPaths: true } });
    synth(f.fleet, { outDir: out });
    const patches = parse(readFileSync(join(out, 'clusters/lean/flux-system/kustomization.yaml'), 'utf8')).patches[0].patch as string;
    const ignore = parse(patches.split('---\n')[0]).spec.ignore as string;
    expect(ignore.split('\n')).toContain('/hub/');
    expect(readTree(out).has('hub/eu/loki-overrides.yaml')).toBe(true);
  });
});
