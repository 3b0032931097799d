import type { ResolvedSite } from '../model/resolved-site';
import type { KubeObject } from '../util/kube-object';
import { connectivityProfile } from '../model/connectivity-profile';

/** Tag of a cluster's artifact that its OCIRepository follows; `edgefleet promote --registry` moves it. */
export const OCI_LIVE_TAG = 'live';

/** File of `flux-system/` holding the OCIRepository and its Kustomization (delivery "oci"). */
export const OCI_SYNC_FILE = 'oci-sync.yaml';

/** `oci://` URL of a cluster's artifact repository. */
export function ociArtifactUrl(site: ResolvedSite): string {
  return `oci://${site.settings.gitops.ociRepository}/${site.cluster}`;
}

/**
 * The sync objects of a cluster with delivery "oci": an OCIRepository of the
 * cluster's own artifact at tag `live`, and the Kustomization that applies
 * its root (the artifact is the cluster directory, bases included).
 *
 * There is no `flux bootstrap oci`, so nothing rewrites these and edgefleet
 * writes them whole, with its timing and decryption, instead of bootstrap's
 * gotk-sync.yaml plus patches. source-controller resolves the tag to a
 * digest on every interval and pulls the layer only when the digest changed
 * ("When the current OCIRepository digest differs from the latest fetched
 * digest, a new Artifact is archived", https://fluxcd.io/docs/components/source/ocirepositories/;
 * fluxcd/source-controller PR #913, "Pull artifact only if the upstream
 * digest is different"); `verify` checks cosign signatures with the public
 * keys of the named Secret (same page, "Verification").
 */
export function fluxOciSyncObjects(site: ResolvedSite): KubeObject[] {
  const { gitops, connectivity } = site.settings;
  const timing = connectivityProfile(connectivity).fluxTiming;
  const metadata = { name: 'flux-system', namespace: 'flux-system' };
  const verify = gitops.ociVerifySecretName ? { verify: { provider: 'cosign', secretRef: { name: gitops.ociVerifySecretName } } } : {};
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata,
      spec: {
        interval: timing.fetchInterval,
        ref: { tag: OCI_LIVE_TAG },
        secretRef: { name: gitops.secretName },
        url: ociArtifactUrl(site),
        ...verify,
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata,
      spec: {
        decryption: { provider: 'sops', secretRef: { name: gitops.decryptionSecretName } },
        interval: timing.interval,
        path: './',
        prune: true,
        retryInterval: timing.retryInterval,
        sourceRef: { kind: 'OCIRepository', name: 'flux-system' },
        timeout: timing.timeout,
      },
    },
  ];
}
