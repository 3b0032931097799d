import { parse, parseAllDocuments } from 'yaml';
import { layoutCluster } from '../../lib/layout/cluster-layout';
import { resolveFleet } from '../../lib/model/resolve';
import type { RenderedUnit } from '../../lib/render/render-unit';
import { smallFleet } from '../support/small-fleet';

const site = resolveFleet(smallFleet({ sites: 1 }).fleet).sites[0];
const shared: RenderedUnit = {
  name: 'app-web',
  placement: 'shared',
  hash: 'abc123',
  objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }],
  yaml: 'shared-yaml',
  configMaps: [],
};
const own: RenderedUnit = {
  name: 'agent-config',
  placement: 'cluster',
  hash: 'def456',
  objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }],
  yaml: 'own-yaml\n',
  configMaps: [{ name: 'agent', namespace: 'edge-system', files: { 'agent.yml': 'x: 1\n' } }],
};

describe('layoutCluster', () => {
  const layout = layoutCluster(site, [shared, own]);

  test('shared units become bases referenced by relative path; cluster units stay in the cluster', () => {
    expect([...layout.bases.keys()]).toEqual(['bases/app-web/abc123']);
    expect(layout.bases.get('bases/app-web/abc123')!.get('bases/app-web/abc123/resources.yaml')).toBe('shared-yaml');
    const outsideFluxSystem = [...layout.files.keys()].filter((p) => !p.startsWith('clusters/shop-1/flux-system/')).sort();
    expect(outsideFluxSystem).toEqual(['clusters/shop-1/kustomization.yaml', 'clusters/shop-1/resources.yaml']);
    expect(layout.files.has('clusters/shop-1/flux-system/kustomization.yaml')).toBe(true);
    expect(parse(layout.files.get('clusters/shop-1/kustomization.yaml')!)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../bases/app-web/abc123', 'resources.yaml', 'flux-system'],
      configMapGenerator: [{ name: 'agent', namespace: 'edge-system', literals: ['agent.yml=x: 1\n'] }],
    });
  });

  test('a config file kustomize would not read back as a literal goes beside kustomization.yaml', () => {
    const quoted: RenderedUnit = {
      ...own,
      configMaps: [{ name: 'agent', namespace: 'edge-system', files: { 'agent.yml': 'x: 1\n', 'motd.txt': '"hello"' } }],
    };
    const files = layoutCluster(site, [shared, quoted]).files;
    expect(files.get('clusters/shop-1/configmap_edge-system_agent_motd.txt')).toBe('"hello"');
    expect(parse(files.get('clusters/shop-1/kustomization.yaml')!).configMapGenerator).toEqual([
      { name: 'agent', namespace: 'edge-system', literals: ['agent.yml=x: 1\n'], files: ['motd.txt=configmap_edge-system_agent_motd.txt'] },
    ]);
  });

  test.each([
    ['fleet', { engine: 'fleet' as const }],
    ['oci', { delivery: 'oci' as const, ociRepository: 'registry.example.com/edge' }],
  ])("%s: shared units go into the cluster's resources.yaml, no base directories", (_name, gitops) => {
    const bundled = resolveFleet(
      smallFleet({ sites: 1, fleet: { gitops: { repoUrl: 'https://git.example.com/fleet.git', ...gitops } } }).fleet,
    ).sites[0];
    const inline = layoutCluster(bundled, [{ ...shared, yaml: 'shared-yaml\n' }, own]);
    expect(inline.bases.size).toBe(0);
    expect([...inline.files.keys()].filter((p) => !p.includes('/flux-system/')).sort()).toEqual([
      'clusters/shop-1/kustomization.yaml',
      'clusters/shop-1/resources.yaml',
    ]);
    expect(inline.files.get('clusters/shop-1/resources.yaml')).toBe('shared-yaml\n---\nown-yaml\n');
    expect(parse(inline.files.get('clusters/shop-1/kustomization.yaml')!).resources).toEqual(
      'engine' in gitops ? ['resources.yaml'] : ['resources.yaml', 'flux-system'],
    );
  });

  test('objects count includes units and generated ConfigMaps besides the Flux objects', () => {
    expect(layout.objectCount).toBeGreaterThanOrEqual(1 + 1 + 1 + 2);
  });

  test('Flux syncs the cluster directory, with prune on', () => {
    const [repo, kustomization] = parseAllDocuments(String(layout.files.get('clusters/shop-1/flux-system/gotk-sync.yaml'))).map((d) =>
      d.toJSON(),
    );
    expect(repo.spec).toEqual({
      interval: '1m0s',
      url: 'https://git.example.com/fleet.git',
      ref: { branch: 'main' },
      secretRef: { name: 'flux-system' },
    });
    expect(kustomization.spec).toMatchObject({
      path: './clusters/shop-1',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
    });
  });
});
