import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { EdgeSite } from '../../lib';
import { keepOnlyIgnore } from '../../lib/layout/flux-ignore';
import { synth } from '../../lib/output/synth';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { describeWithTool } from '../support/tools';
import { validateObject } from '../support/validate-objects';
import { tempDir } from '../support/synth-sites';

/** The volumes of source-controller's Deployment as Flux ships it (fluxcd/source-controller config/manager/deployment.yaml). */
const UPSTREAM_SOURCE_CONTROLLER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: source-controller
  namespace: flux-system
spec:
  selector:
    matchLabels:
      app: source-controller
  strategy:
    type: Recreate
  template:
    metadata:
      labels:
        app: source-controller
    spec:
      containers:
      - name: manager
        image: ghcr.io/fluxcd/source-controller:v1.6.0
        args: [--storage-path=/data]
        volumeMounts:
        - name: data
          mountPath: /data
        - name: tmp
          mountPath: /tmp
      volumes:
      - name: data
        emptyDir: {}
      - name: tmp
        emptyDir: {}
`;

function fleetWithIntermittentSite(ignoreOtherPaths = false) {
  const f = smallFleet({ sites: 2 });
  new EdgeSite(f.tier, 'ship-1', { nodes: [{ deviceClass: f.ipc }], apps: [f.worker], connectivity: 'intermittent', gitops: { ignoreOtherPaths } });
  return f.fleet;
}

describeWithTool('kubectl', ['version', '--client'])('flux-system', () => {
  const out = tempDir('edgefleet-fluxsys-');
  synth(fleetWithIntermittentSite(), { outDir: out });

  it('sync objects validate against the Flux schemas, tuned per connectivity', () => {
    const objects = kustomizeObjects(join(out, 'clusters/ship-1/flux-system'));
    const sync = objects.filter((o) => /fluxcd\.io/.test(o.apiVersion));
    for (const o of sync) expect(validateObject(o as never)).toEqual([]);
    const ks = sync.find((o) => o.kind === 'Kustomization')!;
    expect(ks.spec).toMatchObject({ interval: '30m', retryInterval: '5m', timeout: '10m', prune: true, path: './clusters/ship-1' });
    expect(sync.find((o) => o.kind === 'GitRepository')!.spec).toMatchObject({ interval: '5m', ref: { branch: 'main' }, secretRef: { name: 'flux-system' } });
  });

  it('once bootstrap fills gotk-components.yaml, source-controller keeps its storage on the claim', () => {
    const dir = tempDir('edgefleet-bootstrapped-');
    cpSync(join(out, 'clusters/ship-1/flux-system'), dir, { recursive: true });
    writeFileSync(join(dir, 'gotk-components.yaml'), UPSTREAM_SOURCE_CONTROLLER);
    const objects = kustomizeObjects(dir);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'source-controller-data' } }, { name: 'tmp', emptyDir: {} }]);
    const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim')!;
    expect(validateObject(claim as never)).toEqual([]);
    expect(claim.spec.resources.requests.storage).toBe('1Gi');
  });

  it('always-on sites get no storage patch', () => {
    const kustomization = parse(readFileSync(join(out, 'clusters/shop-1/flux-system/kustomization.yaml'), 'utf8'));
    expect(kustomization).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['gotk-components.yaml', 'gotk-sync.yaml'] });
  });
});

describeWithTool('git')('GitRepository spec.ignore', () => {
  it('keeps exactly the cluster directory and its bases, and that subset still builds', () => {
    const out = tempDir('edgefleet-ignore-');
    synth(fleetWithIntermittentSite(true), { outDir: out });
    const gitRepository = parse(readFileSync(join(out, 'clusters/ship-1/flux-system/gotk-sync.yaml'), 'utf8').split('---\n')[0]);
    writeFileSync(join(out, '.ignore-under-test'), gitRepository.spec.ignore);
    execFileSync('git', ['init', '--quiet', out]);
    // Real gitignore semantics: the files git does not ignore are what Flux's artifact keeps.
    const kept = execFileSync('git', ['ls-files', '--others', '--exclude-from=.ignore-under-test'], { cwd: out, encoding: 'utf8' }).trim().split('\n');
    const bases: string[] = JSON.parse(readFileSync(join(out, '.edgefleet/manifest.json'), 'utf8')).clusters['ship-1'].bases;
    expect(kept.filter((p) => !p.startsWith('clusters/ship-1/') && !bases.some((b) => p.startsWith(`${b}/`)))).toEqual([]);
    expect(kept.some((p) => p.startsWith('bases/app-web/') || p.startsWith('clusters/shop-1/'))).toBe(false);
    expect(new Set(kept.filter((p) => p.startsWith('bases/')).map((p) => dirname(p)))).toEqual(new Set(bases));
    expect(kept).toContain('clusters/ship-1/kustomization.yaml');
    const subset = tempDir('edgefleet-artifact-');
    for (const p of kept) {
      mkdirSync(dirname(join(subset, p)), { recursive: true });
      cpSync(join(out, p), join(subset, p));
    }
    expect(kustomizeObjects(join(subset, 'clusters/ship-1')).length).toBeGreaterThan(3);
    rmSync(join(out, '.git'), { recursive: true });
  });

  it('re-includes each ancestor level by level', () => {
    expect(keepOnlyIgnore(['edge/clusters/a', 'edge/bases/app-x/abc'])).toBe(
      '/*\n!/edge/\n/edge/*\n!/edge/bases/\n/edge/bases/*\n!/edge/bases/app-x/\n/edge/bases/app-x/*\n!/edge/bases/app-x/abc/\n!/edge/clusters/\n/edge/clusters/*\n!/edge/clusters/a/\n',
    );
  });
});
