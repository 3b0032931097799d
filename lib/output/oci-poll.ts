import { OCI_LIVE_TAG } from '../layout/flux-oci';
import { OciRegistry } from './oci-registry';
import { UsageError } from '../util/errors';

/** What one poll of a cluster's `live` tag fetched. */
export interface PollResult {
  /** The manifest digest `live` names now. */
  readonly digest: string;
  /** Whether it differs from the one the cluster had, so the content was downloaded. */
  readonly changed: boolean;
  /** The layer (the tar.gz) when it was downloaded. */
  readonly layer?: Buffer;
}

/**
 * One poll as source-controller does it for an OCIRepository with `ref.tag`:
 * resolve the tag to a digest (a HEAD, no body), and only when it differs
 * from the stored artifact's, get the manifest and its content layer
 * (fluxcd/source-controller PR #913, "Fetch the upstream digest before
 * validation and pulling - Pull artifact only if the upstream digest is
 * different"). Bytes are counted by the registry client.
 */
export async function pollLive(registry: OciRegistry, name: string, lastDigest: string | undefined): Promise<PollResult> {
  const digest = await registry.manifestDigest(name, OCI_LIVE_TAG);
  if (!digest) throw new UsageError(`${name} has no tag ${OCI_LIVE_TAG}`);
  if (digest === lastDigest) return { digest, changed: false };
  const manifest = JSON.parse((await registry.getManifest(name, digest)).bytes.toString('utf8')) as { layers: { digest: string }[] };
  return { digest, changed: true, layer: await registry.getBlob(name, manifest.layers[0].digest) };
}
