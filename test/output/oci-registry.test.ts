import { blobOf, FLUX_CONFIG_MEDIA_TYPE, FLUX_CONTENT_MEDIA_TYPE, OCI_MANIFEST_MEDIA_TYPE } from '../../lib/output/oci-artifact';
import { OciRegistry, parseRegistry } from '../../lib/output/oci-registry';
import { freePort, LocalRegistry, REGISTRY_BIN, startRegistry } from '../support/registry';
import { describeWithTool } from '../support/tools';
import { UsageError } from '../../lib/util/errors';

describe('parseRegistry', () => {
  it('splits host[:port] from the repository path', () => {
    expect(parseRegistry('127.0.0.1:5000/edge/fleet')).toEqual({ host: '127.0.0.1:5000', path: 'edge/fleet' });
    expect(parseRegistry('registry.example.com')).toEqual({ host: 'registry.example.com', path: '' });
  });
  it('refuses a URL with a scheme (a usage error, not a registry that failed)', () => {
    expect(() => parseRegistry('oci://registry.example.com/x')).toThrow(UsageError);
  });
});

describe('OciRegistry without a registry', () => {
  it('names the request and the socket error', async () => {
    const port = await freePort();
    await expect(new OciRegistry(`127.0.0.1:${port}`, true).manifestDigest('x', 'live')).rejects.toThrow(
      new RegExp(`^HEAD http://127\\.0\\.0\\.1:${port}/v2/x/manifests/live: .*ECONNREFUSED`),
    );
  });
});

describeWithTool(REGISTRY_BIN)('OciRegistry against docker-registry', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(() => registry.stop());

  const config = blobOf(Buffer.from('{}'));
  const layer = blobOf(Buffer.from('layer bytes'));
  const manifest = blobOf(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST_MEDIA_TYPE,
        config: { mediaType: FLUX_CONFIG_MEDIA_TYPE, size: config.bytes.length, digest: config.digest },
        layers: [{ mediaType: FLUX_CONTENT_MEDIA_TYPE, size: layer.bytes.length, digest: layer.digest }],
      }),
    ),
  );

  it('pushes blobs once, stores a manifest under a tag and reads it back by tag and digest', async () => {
    const client = new OciRegistry(registry.host, true);
    expect(await client.manifestDigest('t/one', 'v1')).toBeUndefined();
    expect(await client.pushBlob('t/one', config)).toBe(true);
    expect(await client.pushBlob('t/one', layer)).toBe(true);
    expect(await client.pushBlob('t/one', layer)).toBe(false);
    await client.putManifest('t/one', 'v1', manifest);
    expect(client.traffic).toMatchObject({ blobsPushed: 2, manifestsPushed: 1, bytesIn: 0 });
    expect(await client.manifestDigest('t/one', 'v1')).toBe(manifest.digest);
    expect((await client.getManifest('t/one', manifest.digest)).bytes.equals(manifest.bytes)).toBe(true);
    expect((await client.getBlob('t/one', layer.digest)).toString()).toBe('layer bytes');
    expect(client.traffic.bytesIn).toBe(manifest.bytes.length + layer.bytes.length);
  });

  it('refuses a manifest whose blobs are missing, naming the request', async () => {
    const client = new OciRegistry(registry.host, true);
    await expect(client.putManifest('t/empty', 'v1', manifest)).rejects.toThrow(
      /PUT http:\/\/127\.0\.0\.1:\d+\/v2\/t\/empty\/manifests\/v1: 400/,
    );
  });
});
