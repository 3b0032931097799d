import { join } from 'node:path';
import { synth } from '../../lib/synth/synth';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

/** The web app's ConfigMap and the name its Deployment mounts, as kubectl kustomize builds shop-1. */
function built(config: string) {
  const out = tempDir();
  synth(smallFleet({ web: { configFiles: { 'web.yaml': config } } }).fleet, { outDir: out });
  const objects = kustomizeObjects(join(out, 'clusters', 'shop-1')) as unknown as {
    kind: string;
    metadata: { name: string };
    data?: Record<string, string>;
    spec?: any;
  }[];
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('web-config-'))!;
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web')!;
  const mounted = deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'config').configMap.name;
  return { configMap, mounted, out };
}

describeWithTool('kubectl', ['version', '--client'])('app config files (real kubectl)', () => {
  test('a config change renames the generated ConfigMap and the Deployment follows, so the pods roll', () => {
    const before = built('level: info\n');
    const after = built('level: debug\n');
    expect(before.configMap.data).toEqual({ 'web.yaml': 'level: info\n' });
    expect(before.mounted).toBe(before.configMap.metadata.name);
    expect(after.mounted).toBe(after.configMap.metadata.name);
    expect(after.mounted).not.toBe(before.mounted);
  });
});
