import { parseAllDocuments } from 'yaml';
import { GitOpsSettings } from '../../lib';
import { resolveFleet } from '../../lib/model/resolve';
import { fluxOciSyncObjects, OCI_SYNC_FILE } from '../../lib/layout/flux-oci';
import { fluxSystemFiles } from '../../lib/layout/flux-system';
import { validateObject } from '../support/validate-objects';
import { waveFleet } from '../support/wave-fleet';

const sites = (gitops: GitOpsSettings) => resolveFleet(waveFleet({ gitops })).sites;

describe('delivery "oci"', () => {
  const [site] = sites({ delivery: 'oci', ociRepository: 'registry.example.com/edge', ociVerifySecretName: 'cosign-pub' });

  it("syncs from an OCIRepository of the cluster's own artifact at tag live, valid against the Flux schemas", () => {
    const [repository, kustomization] = fluxOciSyncObjects(site);
    expect(repository.spec).toEqual({
      interval: '1m',
      ref: { tag: 'live' },
      secretRef: { name: 'flux-system' },
      url: 'oci://registry.example.com/edge/shop-1',
      verify: { provider: 'cosign', secretRef: { name: 'cosign-pub' } },
    });
    expect(kustomization.spec).toMatchObject({ path: './', prune: true, sourceRef: { kind: 'OCIRepository', name: 'flux-system' } });
    for (const object of fluxOciSyncObjects(site)) expect(validateObject(object as never)).toEqual([]);
  });

  it('writes oci-sync.yaml instead of gotk-sync.yaml', () => {
    const files = fluxSystemFiles(site);
    expect([...files.keys()]).toEqual(['gotk-components.yaml', OCI_SYNC_FILE, 'kustomization.yaml']);
    expect(parseAllDocuments(files.get(OCI_SYNC_FILE)!).map((d) => d.toJSON().kind)).toEqual(['OCIRepository', 'Kustomization']);
  });

  it('is refused without gitops.ociRepository, with a hint', () => {
    const resolved = resolveFleet(waveFleet({ gitops: { delivery: 'oci' } }));
    expect(resolved.problems.map((p) => p.message).join('\n')).toContain('delivery "oci" needs gitops.ociRepository');
  });

  it('leaves delivery "git" as bootstrap writes it', () => {
    expect([...fluxSystemFiles(sites({})[0]).keys()]).toEqual(['gotk-components.yaml', 'gotk-sync.yaml', 'kustomization.yaml']);
  });
});
