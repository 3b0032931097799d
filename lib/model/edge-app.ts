import { Construct } from 'constructs';
import { AlertRule, alertRulesSchema } from './alert-rule';
import { z } from 'zod';
import { FleetConstruct } from './fleet-construct';
import { GpuSpec, gpuSchema } from './device-class';
import { cidrSchema } from './cidr';
import { ARCHES, Arch, archSchema, dns1035Label, dnsLabel } from './names';
import { appWorkloadShape, AppWorkloadProps, checkAppWorkload, resolveAppWorkload } from './app-workload';
import {
  checkPod,
  configMountPathOf,
  ContainerInput,
  containerShape,
  MAX_ENTRIES,
  MAX_USER_ID,
  mountPath,
  portNumber,
  protocol,
} from './app-pod';
import { configFilesSchema, secretFilesSchema } from './app-files';
import { AppMetricsProps, appMetricsShape, checkAppMetrics } from './app-metrics';
import { AppSecretsProps, appSecretsShape, checkAppSecrets, resolveAppSecrets } from './app-secrets';
import { checkLanExposure, LanExposureProps, lanExposureShape } from './lan-exposure';
import { parseCpuMillis, parseMemoryMiB } from './quantity';
import type { ResolvedApp, ResolvedContainer, ResolvedResources } from './resolved-app';
import type { ResolvedSite } from './resolved-site';
import type { ResourceQuantities } from '../util/kube-object';

/** A port a container listens on. */
export interface AppPort {
  /** Port name (IANA_SVC_NAME: at most 15 characters). */
  readonly name: string;
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: 'TCP' | 'UDP';
}

/** One container of an app. */
export interface AppContainerProps {
  /** Image with an explicit tag, e.g. `ghcr.io/acme/pos:1.4.2`. `:latest` and untagged images are rejected. */
  readonly image: string;
  /** Ports the container listens on. @default [] */
  readonly ports?: readonly AppPort[];
  /** Environment variables. Put nothing secret here: the tree is plain text. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Requests; also the limits unless `limits` is set. Must be greater than zero. */
  readonly requests: ResourceQuantities;
  /** Limits. @default the requests */
  readonly limits?: ResourceQuantities;
  /** Command override. @default the image's entrypoint */
  readonly command?: readonly string[];
  /** Arguments. @default the image's cmd */
  readonly args?: readonly string[];
}

/** A sidecar container, beside the app's main container. */
export interface SidecarProps extends AppContainerProps {
  /** Container name. */
  readonly name: string;
}

/** A call this app makes to another app of the same site. */
export interface AppFlow {
  /** The app called. It must run on the same site. */
  readonly app: EdgeApp;
  /** The port called. */
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: 'TCP' | 'UDP';
}

/** A call this app makes to a destination outside the cluster. */
export interface ExternalFlow {
  /** Destination range, e.g. `203.0.113.0/24`. */
  readonly cidr: string;
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: 'TCP' | 'UDP';
}

/**
 * Hook for anything beyond the standard shape. It runs once per cluster, with
 * a cdk8s Chart scoped to that cluster (namespace: the apps namespace) and the
 * resolved site. It must be a pure function of its arguments: its output is
 * cached on a hash of the site's settings and the hook's source text.
 */
export type RenderHook = (scope: Construct, site: ResolvedSite) => void;

export interface EdgeAppProps extends AppContainerProps, AppWorkloadProps, AppSecretsProps, LanExposureProps, AppMetricsProps {
  /** CPU architectures the image supports. @default the platforms of the image in the image lock */
  readonly arches?: readonly Arch[];
  /** GPUs the app needs; it is then placed only on nodes of GPU device classes. @default none */
  readonly gpu?: GpuSpec;
  /** Replicas. Edge sites are small: one is the default. @default 1 */
  readonly replicas?: number;
  /** Config files, by file name, mounted read-only at `configMountPath`. @default {} */
  readonly configFiles?: Readonly<Record<string, string>>;
  /**
   * Encrypted manifests, by file name: SOPS-encrypted YAML/JSON (with their
   * `sops:` metadata; Flux decrypts them on the cluster) or SealedSecret
   * objects. Passed byte for byte into the cluster's resources.yaml (or beside it).
   * Anything else is rejected: the tree must hold no plaintext secret.
   * @default {}
   */
  readonly secretFiles?: Readonly<Record<string, string>>;
  /** Where config files are mounted. @default "/etc/<app name>" */
  readonly configMountPath?: string;
  /** Writable directories (emptyDir), as the root filesystem is read-only. @default ["/tmp"] */
  readonly writablePaths?: readonly string[];
  /** User id the containers run as (never root). @default 65532 */
  readonly runAsUser?: number;
  /** Sidecar containers. @default [] */
  readonly sidecars?: readonly SidecarProps[];
  /** Apps of the same site this app calls. @default [] */
  readonly talksTo?: readonly AppFlow[];
  /** Destinations outside the cluster this app calls. @default [] */
  readonly egress?: readonly ExternalFlow[];
  /** Extra rendering per cluster. @default none */
  readonly renderHook?: RenderHook;
  /** Alert rules evaluated on every site that runs the app with `alerting.local` on, keyed by alert name. @default {} */
  readonly alertRules?: Readonly<Record<string, AlertRule>>;
}

const isEdgeApp = z.custom<EdgeApp>((v) => v instanceof EdgeApp, { message: 'must be an EdgeApp construct' });

export const edgeAppSchema = z
  .object({
    ...containerShape,
    ...appWorkloadShape,
    arches: z.array(archSchema).min(1).max(ARCHES.length).optional(),
    gpu: gpuSchema.optional(),
    replicas: z.number().int().min(1).max(100).default(1),
    configFiles: configFilesSchema.default({}),
    secretFiles: secretFilesSchema.default({}),
    ...appSecretsShape,
    ...appMetricsShape,
    configMountPath: mountPath.optional(),
    writablePaths: z.array(mountPath).max(16).default(['/tmp']),
    runAsUser: z
      .number()
      .int()
      .min(1, { message: 'must not be root (0)' })
      .max(MAX_USER_ID, { message: `must be at most ${MAX_USER_ID} (a Kubernetes user id is an int32)` })
      .default(65532),
    sidecars: z
      .array(z.object({ ...containerShape, name: dnsLabel }).strict())
      .max(8)
      .default([]),
    talksTo: z
      .array(z.object({ app: isEdgeApp, port: portNumber, protocol }).strict())
      .max(MAX_ENTRIES)
      .default([]),
    egress: z
      .array(z.object({ cidr: cidrSchema, port: portNumber, protocol }).strict())
      .max(MAX_ENTRIES)
      .default([]),
    ...lanExposureShape,
    renderHook: z.custom<RenderHook>((v) => typeof v === 'function', { message: 'must be a function' }).optional(),
    alertRules: alertRulesSchema.default({}),
  })
  .strict();

/** Checks across fields: the pod's rules (see app-pod.ts), flows, LAN exposure, metrics and secret use. */
function appSchemaFor(id: string) {
  return edgeAppSchema.superRefine((app, ctx) => {
    const ports = checkPod(id, app, ctx);
    checkAppWorkload(
      id,
      app,
      ports,
      [...app.writablePaths, ...(Object.keys(app.configFiles).length > 0 ? [configMountPathOf(id, app)] : [])],
      ctx,
    );
    app.talksTo.forEach((flow, i) => {
      const callee = flow.app.resolved;
      if (!callee || callee.containers.some((c) => c.ports.some((p) => p.port === flow.port && p.protocol === flow.protocol))) return;
      const listens = callee.containers.flatMap((c) => c.ports.map((p) => `${p.port}/${p.protocol}`));
      ctx.addIssue({
        code: 'custom',
        path: ['talksTo', i, 'port'],
        message: `app ${callee.name} does not listen on ${flow.port}/${flow.protocol} (${listens.length > 0 ? `its ports: ${listens.join(', ')}` : 'it has no ports'})`,
        params: { hint: `call one of ${callee.name}'s ports, or add the port to its \`ports\`` },
      });
    });
    checkLanExposure(id, app, ports, ctx);
    checkAppMetrics(app, ports, ctx);
    checkAppSecrets(id, app, ctx);
  });
}

function resolveResources(q: ResourceQuantities): ResolvedResources {
  return { cpuMillis: parseCpuMillis(q.cpu)!, memoryMiB: parseMemoryMiB(q.memory)! };
}

function resolveContainer(name: string, c: ContainerInput): ResolvedContainer {
  return {
    name,
    image: c.image,
    ports: c.ports,
    env: c.env,
    requests: resolveResources(c.requests),
    limits: resolveResources(c.limits ?? c.requests),
    command: c.command,
    args: c.args,
  };
}

/**
 * A reusable app definition. Define it once under the Fleet and list it in the
 * `apps` of each site that runs it.
 */
export class EdgeApp extends FleetConstruct {
  /** The resolved app, or undefined when its props are invalid. */
  public readonly resolved?: ResolvedApp;
  /** The render hook, kept out of the plain resolved data. */
  public readonly renderHook?: RenderHook;

  constructor(scope: Construct, id: string, props: EdgeAppProps) {
    super(scope, id);
    this.checkProps(dns1035Label, id, { field: 'id' });
    const parsed = this.checkProps(appSchemaFor(id), props);
    if (!parsed) return;
    this.renderHook = parsed.renderHook;
    this.resolved = {
      name: id,
      path: this.constructPath,
      containers: [resolveContainer(id, parsed), ...parsed.sidecars.map((s) => resolveContainer(s.name, s))],
      arches: parsed.arches,
      gpu: parsed.gpu,
      replicas: parsed.replicas,
      configFiles: parsed.configFiles,
      secretFiles: parsed.secretFiles,
      configMountPath: configMountPathOf(id, parsed),
      writablePaths: parsed.writablePaths,
      runAsUser: parsed.runAsUser,
      talksTo: parsed.talksTo.map((f) => ({ app: f.app.node.id, port: f.port, protocol: f.protocol })),
      egress: parsed.egress,
      lanIngress: parsed.lanIngress,
      lanExposure: parsed.lanExposure,
      metrics: parsed.metrics,
      ...resolveAppSecrets(parsed),
      renderHookSource: parsed.renderHook?.toString(),
      ...resolveAppWorkload(id, parsed),
      alertRules: parsed.alertRules,
    };
  }
}
