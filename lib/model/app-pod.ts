import { z } from 'zod';
import { cpuQuantity, memoryQuantity, parseCpuMillis, parseMemoryMiB } from './quantity';
import { yamlString } from './yaml-string';

/*
 * The pod an app becomes: schemas of its containers, and the rules across
 * them the API server or the container runtime would otherwise enforce on
 * the cluster, long after the synth (unique names, ports and mounts; limits
 * at least the requests).
 */

export const protocol = z.enum(['TCP', 'UDP']).default('TCP');
export const portNumber = z.number().int().min(1).max(65535);
/** Most entries of an app's lists (ports, flows, files...), so no input can make a synth slow. */
export const MAX_ENTRIES = 64;
/** What Kubernetes takes as a user id: a non-negative int32 (and edgefleet never runs as root). */
export const MAX_USER_ID = 2 ** 31 - 1;
/** Kubernetes refuses a ConfigMap whose data is above 1 MiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * IANA_SVC_NAME, as Kubernetes checks port names: at most 15 lower-case
 * letters, digits and "-", with a letter, no "--", not starting or ending in "-".
 */
const portName = z.string().refine((n) => /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(n) && /[a-z]/.test(n) && !n.includes('--'), {
  message: 'must be an IANA service name: at most 15 lower-case letters, digits and "-", with at least one letter and no "--"',
  params: { hint: 'name the port after its protocol, e.g. "http" or "mqtt"' },
});

/** An absolute path in the container, as a mount path. */
export const mountPath = z
  .string()
  .max(256)
  .refine((p) => p.startsWith('/') && !p.split('/').includes('..') && !p.includes(':'), {
    message: 'must be an absolute path without ".." or ":"',
    params: { hint: 'e.g. "/var/cache/app"' },
  });

/** Environment variable names, as Kubernetes takes them. */
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
/** Environment variables of a container, by name. */
export const envSchema = z.record(envName, yamlString).refine((env) => Object.keys(env).length <= 256, {
  message: 'must have at most 256 variables',
  params: { hint: 'put larger configuration in configFiles' },
});

const resources = z.object({ cpu: cpuQuantity, memory: memoryQuantity }).strict();
const stringList = z.array(yamlString.max(4096)).max(256);
export const containerShape = {
  image: z
    .string()
    .min(1)
    .max(512)
    .refine((i) => !/\s/.test(i), { message: 'must not contain whitespace', params: { hint: 'e.g. "ghcr.io/acme/pos:1.4.2"' } }),
  ports: z
    .array(z.object({ name: portName, port: portNumber, protocol }).strict())
    .max(MAX_ENTRIES)
    .default([]),
  env: envSchema.default({}),
  requests: resources,
  limits: resources.optional(),
  command: stringList.optional(),
  args: stringList.optional(),
};
export type ContainerInput = z.infer<z.ZodObject<typeof containerShape>>;
/** Limits below requests: the API server refuses the pod ("must be less than or equal to cpu limit"). */
function checkLimits(c: ContainerInput, at: readonly (string | number)[], ctx: z.RefinementCtx): void {
  if (!c.limits) return;
  const pairs = [
    ['cpu', parseCpuMillis(c.requests.cpu), parseCpuMillis(c.limits.cpu)],
    ['memory', parseMemoryMiB(c.requests.memory), parseMemoryMiB(c.limits.memory)],
  ] as const;
  for (const [resource, request, limit] of pairs) {
    if (request !== undefined && limit !== undefined && limit < request) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'limits', resource],
        message: `limit ${c.limits[resource]} is below the request ${c.requests[resource]}`,
        params: { hint: `raise the ${resource} limit to at least the request, or leave limits out (they default to the requests)` },
      });
    }
  }
}

/** Reports each value of `values` seen before, at its own path. */
function checkUnique(
  values: readonly { key: string; path: readonly (string | number)[] }[],
  what: string,
  hint: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  for (const { key, path } of values) {
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: [...path], message: `${what} ${key} is used twice in the pod`, params: { hint } });
    seen.add(key);
  }
}

/** A port of one of the pod's containers, with where it was given. */
export interface PodPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly at: readonly (string | number)[];
}

/** The parts of a parsed app the pod rules look at. */
export interface PodInput extends ContainerInput {
  readonly sidecars: readonly (ContainerInput & { readonly name: string })[];
  readonly writablePaths: readonly string[];
  readonly configFiles: Readonly<Record<string, string>>;
  readonly configMountPath?: string;
}

/** Where app `id` mounts its config files: `configMountPath`, by default `/etc/<id>`. */
export function configMountPathOf(id: string, app: { readonly configMountPath?: string }): string {
  return app.configMountPath ?? `/etc/${id}`;
}

/** Checks the pod of app `id`; returns every port its containers listen on. */
export function checkPod(id: string, app: PodInput, ctx: z.RefinementCtx): PodPort[] {
  checkLimits(app, [], ctx);
  app.sidecars.forEach((s, i) => checkLimits(s, ['sidecars', i], ctx));
  const containers = [
    { name: id, ports: app.ports, at: [] as (string | number)[] },
    ...app.sidecars.map((s, i) => ({ name: s.name, ports: s.ports, at: ['sidecars', i] })),
  ];
  checkUnique(
    containers.map((c) => ({ key: `name "${c.name}"`, path: c.at.length > 0 ? [...c.at, 'name'] : ['sidecars'] })),
    'container',
    `give the sidecar a name other than the app's own ("${id}") and the other sidecars'`,
    ctx,
  );
  const ports = containers.flatMap((c) => c.ports.map((p, j) => ({ ...p, at: [...c.at, 'ports', j] })));
  checkUnique(
    ports.map((p) => ({ key: `name "${p.name}"`, path: [...p.at, 'name'] })),
    'port',
    'give every port of the app and its sidecars its own name',
    ctx,
  );
  checkUnique(
    ports.map((p) => ({ key: `${p.port}/${p.protocol}`, path: [...p.at, 'port'] })),
    'port',
    'containers of a pod share one network: give each its own port',
    ctx,
  );
  const mounts = app.writablePaths.map((p, i) => ({ key: p.replace(/\/+$/, '') || '/', path: ['writablePaths', i] }));
  if (Object.keys(app.configFiles).length > 0)
    mounts.push({ key: configMountPathOf(id, app).replace(/\/+$/, '') || '/', path: ['configMountPath'] });
  checkUnique(mounts, 'mount path', 'mount each writable path once and apart from configMountPath', ctx);
  return ports;
}
