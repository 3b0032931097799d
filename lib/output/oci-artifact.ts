import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deterministicGzip, deterministicTar } from './oci-tar';

/*
 * Media types and annotations of `flux push artifact`: fluxcd/pkg
 * oci/globals.go (CanonicalConfigMediaType, CanonicalContentMediaType),
 * oci/constants.go (the org.opencontainers.image.* annotation keys) and
 * oci/push.go (Push: an OCI image manifest, the config's media type
 * replaced, one tar+gzip layer, the metadata as manifest annotations).
 */
export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const FLUX_CONFIG_MEDIA_TYPE = 'application/vnd.cncf.flux.config.v1+json';
export const FLUX_CONTENT_MEDIA_TYPE = 'application/vnd.cncf.flux.content.v1.tar+gzip';
const SOURCE_ANNOTATION = 'org.opencontainers.image.source';
const REVISION_ANNOTATION = 'org.opencontainers.image.revision';
const CREATED_ANNOTATION = 'org.opencontainers.image.created';
/** What `flux push artifact --reproducible` sets the created time to (fluxcd/flux2 cmd/flux/push_artifact.go). */
const REPRODUCIBLE_CREATED = '1970-01-01T00:00:00Z';

/** A blob: its bytes and `sha256:<hex>` digest. */
export interface Blob {
  readonly digest: string;
  readonly bytes: Buffer;
}

/** One cluster's artifact, ready to push. */
export interface OciArtifact {
  /** `sha256-<hex, 16>` of the uncompressed tar: the tag naming this content. */
  readonly revisionTag: string;
  readonly config: Blob;
  readonly layer: Blob;
  readonly manifest: Blob;
}

/** The tag naming content whose uncompressed tar has digest `diffId`. */
function revisionTag(diffId: string): string {
  return `sha256-${diffId.slice('sha256:'.length, 'sha256:'.length + 16)}`;
}

/** The revision tag of an artifact's manifest (its revision annotation, the tar's digest). */
export function revisionTagOf(manifest: Buffer): string {
  const annotations = (JSON.parse(manifest.toString('utf8')) as { annotations?: Record<string, string> }).annotations ?? {};
  return annotations[REVISION_ANNOTATION] ? revisionTag(annotations[REVISION_ANNOTATION]) : '(not an edgefleet artifact)';
}

export function blobOf(bytes: Buffer): Blob {
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes };
}

/** Every regular file under `dir`, by path relative to it. */
export function readDirectoryFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(
      path
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
      readFileSync(path),
    );
  }
  return files;
}

/**
 * The artifact of one directory, as `flux push artifact --reproducible
 * --source=<source> --revision=<revision>` would build it, where the
 * revision is the content's own digest: the same files always give the same
 * manifest digest, so an unchanged cluster has nothing to push. The config
 * is the image config go-containerregistry writes for Flux's empty image
 * (its created time, the layer's diff id).
 */
export function buildArtifact(files: ReadonlyMap<string, Buffer>, source: string): OciArtifact {
  const tar = deterministicTar(files);
  const diffId = blobOf(tar).digest;
  const layer = blobOf(deterministicGzip(tar));
  const config = blobOf(
    Buffer.from(
      JSON.stringify({
        architecture: '',
        created: REPRODUCIBLE_CREATED,
        os: '',
        rootfs: { type: 'layers', diff_ids: [diffId] },
        config: {},
      }),
    ),
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config: { mediaType: FLUX_CONFIG_MEDIA_TYPE, size: config.bytes.length, digest: config.digest },
    layers: [{ mediaType: FLUX_CONTENT_MEDIA_TYPE, size: layer.bytes.length, digest: layer.digest }],
    annotations: { [CREATED_ANNOTATION]: REPRODUCIBLE_CREATED, [REVISION_ANNOTATION]: diffId, [SOURCE_ANNOTATION]: source },
  };
  return { revisionTag: revisionTag(diffId), config, layer, manifest: blobOf(Buffer.from(JSON.stringify(manifest))) };
}
