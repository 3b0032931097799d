import { Blob, blobOf, OCI_MANIFEST_MEDIA_TYPE } from './oci-artifact';
import { ServiceError, UsageError } from '../util/errors';

/*
 * The few calls of the OCI distribution spec (opencontainers/distribution-spec
 * spec.md: "Pushing blobs" POST then PUT ?digest=, "Pushing manifests",
 * "Pulling manifests", "Checking if content exists") over Node's fetch. No
 * npm registry client: the maintained ones (oras, go-containerregistry) are
 * Go, the JavaScript ones pull in auth stacks edgefleet does not need, and
 * these seven requests are all `publish`, `promote` and the byte count use.
 * Credentials: none yet (a registry on loopback or one allowing the
 * pusher's network); a token flow would go here.
 */

/** Bytes and requests one client has moved, for publish summaries and the delivery-cost measurement. */
export interface RegistryTraffic {
  /** Body bytes received (manifests and blobs). */
  bytesIn: number;
  blobsPushed: number;
  manifestsPushed: number;
  requests: number;
}

/** A registry could not be reached or answered with an unexpected status. */
export class RegistryError extends ServiceError {}

/** A client of one registry (`host[:port]`), counting its traffic. */
export class OciRegistry {
  readonly traffic: RegistryTraffic = { bytesIn: 0, blobsPushed: 0, manifestsPushed: 0, requests: 0 };
  private readonly base: string;

  /** @param plainHttp talk HTTP instead of HTTPS (a registry on loopback) */
  constructor(host: string, plainHttp = false) {
    this.base = `${plainHttp ? 'http' : 'https'}://${host}`;
  }

  private async call(
    method: string,
    path: string,
    init: { body?: Buffer; headers?: Record<string, string> } = {},
    ok: readonly number[] = [200],
  ): Promise<Response> {
    this.traffic.requests++;
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const response = await fetch(url, { method, headers: init.headers, body: init.body, redirect: 'follow' }).catch((error: Error) => {
      // Node's fetch says only "fetch failed"; the cause names the socket error (ECONNREFUSED, a TLS failure).
      throw new RegistryError(`${method} ${url}: ${(error.cause as Error | undefined)?.message ?? error.message}`);
    });
    if (!ok.includes(response.status)) {
      const text = await response.text().catch(() => '');
      throw new RegistryError(`${method} ${url}: ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`);
    }
    return response;
  }

  private async body(response: Response): Promise<Buffer> {
    const bytes = Buffer.from(await response.arrayBuffer());
    this.traffic.bytesIn += bytes.length;
    return bytes;
  }

  /** Digest of the manifest a tag (or digest) names; undefined when there is none. HEAD: no body moves. */
  async manifestDigest(name: string, ref: string): Promise<string | undefined> {
    const response = await this.call('HEAD', `/v2/${name}/manifests/${ref}`, { headers: { Accept: OCI_MANIFEST_MEDIA_TYPE } }, [200, 404]);
    return response.status === 404 ? undefined : (response.headers.get('docker-content-digest') ?? undefined);
  }

  /** The manifest a tag or digest names, with its digest. */
  async getManifest(name: string, ref: string): Promise<Blob> {
    return blobOf(
      await this.body(await this.call('GET', `/v2/${name}/manifests/${ref}`, { headers: { Accept: OCI_MANIFEST_MEDIA_TYPE } })),
    );
  }

  /** Stores a manifest under a tag (or its digest). */
  async putManifest(name: string, ref: string, manifest: Blob): Promise<void> {
    await this.call(
      'PUT',
      `/v2/${name}/manifests/${ref}`,
      { body: manifest.bytes, headers: { 'Content-Type': OCI_MANIFEST_MEDIA_TYPE } },
      [201],
    );
    this.traffic.manifestsPushed++;
  }

  async hasBlob(name: string, digest: string): Promise<boolean> {
    return (await this.call('HEAD', `/v2/${name}/blobs/${digest}`, {}, [200, 404])).status === 200;
  }

  async getBlob(name: string, digest: string): Promise<Buffer> {
    return this.body(await this.call('GET', `/v2/${name}/blobs/${digest}`));
  }

  /** Uploads a blob in one request after opening the upload (POST, then PUT ?digest=), unless the repository has it. Returns whether it was pushed. */
  async pushBlob(name: string, blob: Blob): Promise<boolean> {
    if (await this.hasBlob(name, blob.digest)) return false;
    const opened = await this.call('POST', `/v2/${name}/blobs/uploads/`, {}, [202]);
    const location = new URL(opened.headers.get('location') ?? '', `${this.base}/`);
    location.searchParams.set('digest', blob.digest);
    await this.call('PUT', location.href, { body: blob.bytes, headers: { 'Content-Type': 'application/octet-stream' } }, [201]);
    this.traffic.blobsPushed++;
    return true;
  }
}

/** `host[:port]` and repository path of `--registry host[:port]/path`. */
export function parseRegistry(registry: string): { host: string; path: string } {
  const match = /^([a-z0-9.-]+(?::[0-9]+)?)((?:\/[a-z0-9._-]+)*)$/.exec(registry);
  if (!match) throw new UsageError(`--registry ${registry} is not host[:port]/path, e.g. registry.example.com/edgefleet`);
  return { host: match[1], path: match[2].slice(1) };
}
