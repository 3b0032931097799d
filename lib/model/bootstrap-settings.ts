import { z } from 'zod';

/** Placeholder in the kubeconfig settings replaced by the site's cluster name. */
export const CLUSTER_PLACEHOLDER = '{cluster}';

/** How `edgefleet bootstrap` reaches each site and provisions its nodes. */
export interface BootstrapSettings {
  /** Kubeconfig file the site's Helm provider reads; `{cluster}` is replaced by the cluster name. @default "~/.kube/config" */
  readonly kubeconfigPath?: string;
  /** Context of that kubeconfig for the site; `{cluster}` is replaced by the cluster name. @default "{cluster}" (one context per cluster, named after it) */
  readonly kubeContext?: string;
  /**
   * Registry mirrors the nodes pull through, by registry host (e.g.
   * `docker.io`) to mirror URL (e.g. `https://mirror.site.example:5000`).
   * Written to k3s `registries.yaml` (and the other distributions' equivalents)
   * without credentials: add those on the node.
   * @default {} (no mirror, no registries.yaml)
   */
  readonly registryMirrors?: Readonly<Record<string, string>>;
}

const placeholderString = z
  .string()
  .min(1)
  .max(1024)
  .refine((s) => !/[\n\r$]/.test(s), { message: 'must be one line without "$" (Terraform would read "${" as an interpolation)' });

const registryHost = z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/, {
  message: 'must be a registry host such as "docker.io" or "registry.example:5000"',
});
const mirrorUrl = z.url({ protocol: /^https?$/, message: 'must be an absolute http:// or https:// URL' }).max(2048);

/** Schema of BootstrapSettings overrides. */
export const bootstrapSettingsSchema = z
  .object({
    kubeconfigPath: placeholderString,
    kubeContext: placeholderString,
    registryMirrors: z
      .record(registryHost, mirrorUrl)
      .refine((m) => Object.keys(m).length <= 32, { message: 'must list at most 32 registries' }),
  })
  .partial()
  .strict();

/** Defaults of the bootstrap settings. */
export const DEFAULT_BOOTSTRAP_SETTINGS = {
  kubeconfigPath: '~/.kube/config',
  kubeContext: CLUSTER_PLACEHOLDER,
  registryMirrors: {},
} as const;

/** Resolved bootstrap settings: every field present. */
export const resolvedBootstrapSchema = z.object({
  kubeconfigPath: z.string(),
  kubeContext: z.string(),
  registryMirrors: z.record(z.string(), z.string()),
});
