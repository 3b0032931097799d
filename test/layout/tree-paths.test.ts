import { clusterDir, clusterOfPath, pathInCluster } from '../../lib/layout/tree-paths';

describe('tree paths', () => {
  test('a cluster directory and the paths inside it map back to the cluster', () => {
    expect(clusterDir('munich-pasing')).toBe('clusters/munich-pasing');
    expect(clusterOfPath('clusters/munich-pasing/flux-system/kustomization.yaml')).toBe('munich-pasing');
    expect(pathInCluster('clusters/munich-pasing/flux-system/kustomization.yaml')).toBe('flux-system/kustomization.yaml');
  });

  test.each(['bases/promtail/a63ddb0b6bb6/resources.yaml', 'hub/emea/rules.yaml', 'clusters', 'clusters/x', 'clustersx/a/b'])(
    '%s is in no cluster',
    (path) => {
      expect(clusterOfPath(path)).toBeUndefined();
      expect(pathInCluster(path)).toBeUndefined();
    },
  );
});
