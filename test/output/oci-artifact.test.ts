import { join } from 'node:path';
import { buildArtifact, FLUX_CONFIG_MEDIA_TYPE, FLUX_CONTENT_MEDIA_TYPE, readDirectoryFiles } from '../../lib/output/oci-artifact';
import { ociClusters, PublishUsageError } from '../../lib/output/oci-publish';
import { synth } from '../../lib/synth/synth';
import { tempDir } from '../support/synth-sites';
import { waveFleet } from '../support/wave-fleet';

const ociFleet = () => waveFleet({ gitops: { delivery: 'oci', ociRepository: 'registry.example.com/edge' } });

describe('buildArtifact', () => {
  it('gives two synths of the same fleet, in different directories, the same digests', () => {
    const [a, b] = [tempDir(), tempDir()];
    for (const dir of [a, b]) synth(ociFleet(), { outDir: dir });
    const artifact = (dir: string) => buildArtifact(readDirectoryFiles(join(dir, 'clusters', 'shop-1')), 'clusters/shop-1');
    expect(artifact(b).manifest.digest).toBe(artifact(a).manifest.digest);
    expect(artifact(b).layer.bytes.equals(artifact(a).layer.bytes)).toBe(true);
  });

  it('writes the manifest `flux push artifact --reproducible` writes: Flux media types, created at the epoch, revision the content digest', () => {
    const files = new Map([['kustomization.yaml', Buffer.from('resources: []\n')]]);
    const artifact = buildArtifact(files, 'clusters/x');
    const manifest = JSON.parse(artifact.manifest.bytes.toString());
    const config = JSON.parse(artifact.config.bytes.toString());
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: FLUX_CONFIG_MEDIA_TYPE, digest: artifact.config.digest, size: artifact.config.bytes.length },
      layers: [{ mediaType: FLUX_CONTENT_MEDIA_TYPE, digest: artifact.layer.digest, size: artifact.layer.bytes.length }],
      annotations: {
        'org.opencontainers.image.created': '1970-01-01T00:00:00Z',
        'org.opencontainers.image.source': 'clusters/x',
        'org.opencontainers.image.revision': config.rootfs.diff_ids[0],
      },
    });
    expect(artifact.revisionTag).toBe(`sha256-${config.rootfs.diff_ids[0].slice(7, 23)}`);
    expect(buildArtifact(new Map([['kustomization.yaml', Buffer.from('resources: [a]\n')]]), 'clusters/x').revisionTag).not.toBe(
      artifact.revisionTag,
    );
  });
});

describe('ociClusters', () => {
  it('names the clusters with delivery "oci" and refuses a tree that has none', () => {
    const oci = tempDir();
    synth(ociFleet(), { outDir: oci });
    expect(ociClusters(oci)).toEqual(['shop-1', 'shop-2', 'shop-3']);
    const git = tempDir();
    synth(waveFleet(), { outDir: git });
    expect(() => ociClusters(git)).toThrow(PublishUsageError);
    expect(() => ociClusters(git)).toThrow(/no cluster of .* has gitops.delivery "oci"/);
  });
});
