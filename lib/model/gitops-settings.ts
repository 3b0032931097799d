import { z } from 'zod';
import { branchNameProblem } from './git-ref';
import { dnsLabel } from './names';
import { memoryQuantity } from './quantity';
import { Reserve, reserveSchema } from './reserve-settings';

/** GitOps engines that pull the generated tree. */
export const GITOPS_ENGINES = ['flux', 'fleet'] as const;
export type GitOpsEngine = (typeof GITOPS_ENGINES)[number];

/** How Flux gets a cluster's directory: the tree's Git repository, or one OCI artifact per cluster that `edgefleet publish` pushes. */
export const GITOPS_DELIVERIES = ['git', 'oci'] as const;
export type GitOpsDelivery = (typeof GITOPS_DELIVERIES)[number];

/** Flux controllers a cluster may run (flux2 `--components`). */
export const FLUX_COMPONENTS = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'] as const;
export type FluxComponent = (typeof FLUX_COMPONENTS)[number];
/** The set `flux bootstrap` installs by default (flux2 `--components` default). */
export const DEFAULT_FLUX_COMPONENTS: readonly FluxComponent[] = FLUX_COMPONENTS;
/** The least a cluster syncing a Git tree of Kustomizations needs: `flux bootstrap --components=source-controller,kustomize-controller`. */
export const TRIMMED_FLUX_COMPONENTS: readonly FluxComponent[] = ['source-controller', 'kustomize-controller'];

/**
 * Flux refuses any other GitRepository `spec.url`: the CRD's pattern is
 * `^(http|https|ssh)://.*$` (source.toolkit.fluxcd.io/v1 GitRepository,
 * /work/shared/schemas/flux/gitrepository_v1.json).
 */
const repoUrl = z.string().refine((u) => /^(http|https|ssh):\/\/\S+$/.test(u), {
  message: 'must be an http://, https:// or ssh:// URL, as Flux GitRepository takes',
  params: { hint: 'write scp-style addresses as ssh://, e.g. ssh://git@github.com/acme/fleet.git for git@github.com:acme/fleet.git' },
});

const branch = z.string().superRefine((name, ctx) => {
  const problem = branchNameProblem(name);
  if (problem)
    ctx.addIssue({
      code: 'custom',
      message: `"${name}" is not a Git branch name: it ${problem}`,
      params: { hint: 'use a name `git check-ref-format --branch` accepts, e.g. "main" or "release/edge"' },
    });
});

const pathPrefix = z
  .string()
  .max(200, { abort: true })
  .regex(/^([A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)?$/, {
    message: 'must be a relative path without leading "./" or trailing "/"',
    abort: true,
  })
  .refine((p) => !p.split('/').some((c) => c === '.' || c === '..'), {
    message: 'must not have "." or ".." components',
    params: { hint: 'give the path from the repository root, e.g. "fleet/out"' },
  });

/** Where the generated tree lives, for the GitOps engine on each cluster. */
export interface GitOpsSettings {
  /** URL of the Git repository holding the generated tree. Required. */
  readonly repoUrl?: string;
  /** Branch the clusters follow. @default "main" */
  readonly branch?: string;
  /** Path of the output directory inside the repository, without leading `./`. @default "" (repository root) */
  readonly pathPrefix?: string;
  /** Flux: name of the Secret (in flux-system) with the Git credentials, `flux bootstrap --secret-name`; with delivery "oci", the registry credentials (`flux create secret oci`). @default "flux-system" */
  readonly secretName?: string;
  /**
   * Fleet: GitRepo `clientSecretName`, a Secret in the GitRepo's namespace on
   * the Fleet manager, of type `kubernetes.io/ssh-auth` (key `ssh-privatekey`,
   * optional `known_hosts`) or `kubernetes.io/basic-auth` (keys `username`,
   * `password`); Fleet's gitjob reads no other type, so Flux's `flux-system`
   * Secret does not work.
   * @default unset: no clientSecretName, Fleet uses its Secret "gitcredential" when there is one, else clones anonymously
   */
  readonly fleetSecretName?: string;
  /** Engine that pulls the tree. @default "flux" */
  readonly engine?: GitOpsEngine;
  /**
   * Flux: Secret (in flux-system) with the SOPS age key (a data key ending in
   * `.agekey`). Every Flux Kustomization decrypts with it, so it must exist
   * from provisioning on, SOPS files or not.
   * @default "sops-age"
   */
  readonly decryptionSecretName?: string;
  /** Flux: size of the PersistentVolumeClaim that keeps source-controller's last fetched revision on intermittent and rarely-connected sites. @default "1Gi" */
  readonly sourceStorageSize?: string;
  /** Flux: write GitRepository `spec.ignore` so each cluster's artifact leaves out the other clusters' directories (never `bases/`). @default false */
  readonly ignoreOtherPaths?: boolean;
  /**
   * Prefix of the branch each wave's clusters follow: a cluster of wave `w`
   * follows `<waveRefPrefix><w>` (Flux GitRepository `spec.ref.branch`, Fleet
   * GitRepo `branch`), which `edgefleet promote` moves; `branch` holds the
   * latest synth. Must be the same for every site of a tree.
   * @default "edgefleet/"
   */
  readonly waveRefPrefix?: string;
  /**
   * Flux: how the cluster gets its directory. "git": a GitRepository of the
   * whole tree. "oci": an OCIRepository of the cluster's own artifact
   * (`<ociRepository>/<cluster>`, tag `live`), which `edgefleet publish`
   * pushes and `edgefleet promote --registry` moves; the cluster directory
   * then carries copies of its bases, so the artifact is self-contained.
   * @default "git"
   */
  readonly delivery?: GitOpsDelivery;
  /** Flux, delivery "oci": registry host and path the clusters' artifacts live under, without `oci://`, e.g. "registry.example.com/edgefleet" (cluster `c` pulls `oci://<ociRepository>/c`). @default unset; required with delivery "oci" */
  readonly ociRepository?: string;
  /** Flux, delivery "oci": Secret (in flux-system) of cosign public keys the OCIRepository verifies artifacts with (`spec.verify`). @default unset: no signature check */
  readonly ociVerifySecretName?: string;
}

/** The GitOps agent on each cluster, as the capacity check counts it. */
export interface GitOpsAgentSettings {
  /**
   * Flux controllers the cluster runs (pass the same list to `flux bootstrap --components=...`).
   * On a 1 GiB node use TRIMMED_FLUX_COMPONENTS (source-controller and kustomize-controller, 128Mi).
   * @default DEFAULT_FLUX_COMPONENTS: the four controllers `flux bootstrap` installs (256Mi)
   */
  readonly fluxComponents?: readonly FluxComponent[];
  /** Requests of the whole agent, replacing the upstream figures. @default upstream: Flux, the sum of `fluxComponents`; Fleet agent, none (its chart sets no requests) */
  readonly requests?: Reserve;
}

/** Schema of GitOpsSettings: every field optional, unknown keys rejected. */
export const gitopsOverridesSchema = z
  .object({
    repoUrl,
    branch,
    pathPrefix,
    secretName: dnsLabel,
    fleetSecretName: dnsLabel,
    engine: z.enum(GITOPS_ENGINES),
    decryptionSecretName: dnsLabel,
    sourceStorageSize: memoryQuantity,
    ignoreOtherPaths: z.boolean(),
    waveRefPrefix: z
      .string()
      .regex(/^([A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]*$/, { message: 'must be a branch name prefix such as "edgefleet/"' }),
    delivery: z.enum(GITOPS_DELIVERIES),
    ociRepository: z.string().regex(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, {
      message: 'must be a registry host and path without oci://, e.g. "registry.example.com/edgefleet"',
    }),
    ociVerifySecretName: dnsLabel,
  })
  .partial()
  .strict();

/** GitOpsSettings after resolution. */
export const resolvedGitopsSchema = z
  .object({
    repoUrl: z.string(),
    branch: z.string(),
    pathPrefix: z.string(),
    secretName: z.string(),
    fleetSecretName: z.string().optional(),
    engine: z.enum(GITOPS_ENGINES),
    decryptionSecretName: z.string(),
    sourceStorageSize: z.string(),
    ignoreOtherPaths: z.boolean(),
    waveRefPrefix: z.string(),
    delivery: z.enum(GITOPS_DELIVERIES),
    ociRepository: z.string().optional(),
    ociVerifySecretName: z.string().optional(),
  })
  .refine((g) => g.delivery !== 'oci' || g.ociRepository !== undefined, {
    message: 'delivery "oci" needs gitops.ociRepository',
    path: ['ociRepository'],
    params: {
      hint: 'set gitops.ociRepository to the registry host and path `edgefleet publish --registry` pushes to, e.g. "registry.example.com/edgefleet"',
    },
  });

/** Schema of GitOpsAgentSettings, every field present. */
export const gitopsAgentSchema = z.object({ fluxComponents: z.array(z.enum(FLUX_COMPONENTS)), requests: reserveSchema });
