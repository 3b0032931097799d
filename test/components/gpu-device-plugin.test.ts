import { join } from 'node:path';
import { DeviceClass, EdgeApp, EdgeSite, formatProblem, FleetValidationError } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import { synth } from '../../lib/synth/synth';
import { buildTree } from '../../lib/synth/tree-build';
import { checkPlacement } from '../../lib/checks/placement';
import { kustomizeObjects } from '../support/kustomize';
import { smallFleet } from '../support/small-fleet';
import { tempDir } from '../support/synth-sites';
import { validateObject } from '../support/validate-objects';

/** Site shop-9: a Pi and `jetsons` Jetsons (1 GPU each), running the vision app with these replicas and GPUs. */
function gpuFleet(replicas: number, count = 1, jetsons = 1) {
  const f = smallFleet({ sites: 1 });
  const jetson = new DeviceClass(f.fleet, 'jetson', {
    arch: 'arm64',
    cpu: '6',
    memory: '8Gi',
    gpu: { vendor: 'nvidia' },
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
  });
  const vision = new EdgeApp(f.fleet, 'vision', {
    image: 'ghcr.io/example/vision:1.0.0',
    arches: ['arm64'],
    gpu: { vendor: 'nvidia', count },
    replicas,
    requests: { cpu: '100m', memory: '128Mi' },
  });
  new EdgeSite(f.tier, 'shop-9', {
    nodes: [{ deviceClass: f.pi }, { deviceClass: jetson, count: jetsons }],
    apps: [vision],
    nodeCidrs: ['10.0.0.0/24'],
  });
  return f.fleet;
}

describe('GPUs that schedule', () => {
  it('adds the device plugin on GPU nodes and the nvidia RuntimeClass; GPU pods use it; every object validates', () => {
    const out = tempDir('edgefleet-gpu-');
    synth(gpuFleet(1), { outDir: out });
    const objects = kustomizeObjects(join(out, 'clusters/shop-9'));
    for (const o of objects.filter((x) => ['RuntimeClass', 'DaemonSet', 'Deployment'].includes(x.kind)))
      expect(validateObject(o)).toEqual([]);
    expect(objects.find((o) => o.kind === 'RuntimeClass')).toEqual(
      expect.objectContaining({ apiVersion: 'node.k8s.io/v1', handler: 'nvidia', metadata: expect.objectContaining({ name: 'nvidia' }) }),
    );
    const plugin = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'nvidia-device-plugin')!;
    expect(plugin.metadata.namespace).toBe('edge-system');
    const spec = plugin.spec.template.spec;
    expect(spec.runtimeClassName).toBe('nvidia');
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toContainEqual({
      key: 'edgefleet.io/device-class',
      operator: 'In',
      values: ['jetson'],
    });
    expect(spec.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
    const vision = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'vision')!;
    expect(vision.spec.template.spec.runtimeClassName).toBe('nvidia');
    // Sites without GPUs get neither.
    expect(
      kustomizeObjects(join(out, 'clusters/shop-1')).some((o) => o.kind === 'RuntimeClass' || o.metadata.name === 'nvidia-device-plugin'),
    ).toBe(false);
  });

  it('rejects more GPUs over all replicas than the site has, naming site and field', () => {
    expect(() => buildTree(gpuFleet(2, 1, 2), undefined)).not.toThrow();
    let error: unknown;
    try {
      buildTree(gpuFleet(2), undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FleetValidationError);
    expect((error as FleetValidationError).problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^site shop-9 \(test\/eu\/shop-9\): nodes \(nvidia\.com\/gpu\): requests 2 nvidia\.com\/gpu \(vision: 2 x 1\) > 1 on 1 x pi \+ 1 x jetson/,
      ),
    ]);
  });

  it("checks the device plugin image against the GPU nodes' arches", () => {
    const fleet = gpuFleet(1);
    const resolved = resolveFleet(fleet);
    const lock = {
      images: { 'nvcr.io/nvidia/k8s-device-plugin:v0.17.1': { digest: `sha256:${'b'.repeat(64)}`, platforms: ['linux/amd64'] } },
    };
    const problems = checkPlacement({ ...resolved, imageLock: lock }, { requireLockedImages: false }).map(formatProblem);
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^site shop-9 \(test\/eu\/shop-9\): platformImages\.nvidiaDevicePlugin: the NVIDIA device plugin .* runs on every GPU node but has no image for arm64 \(nodes of pi, jetson\)/,
      ),
    );
  });
});
