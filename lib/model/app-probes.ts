import { z } from 'zod';
import { MAX_ENTRIES, PodPort, portNumber } from './app-pod';
import { yamlString } from './yaml-string';

/*
 * Liveness, readiness and startup probes of an app's main container. The
 * defaults are for small, slow edge nodes: a kubelet probe that times out
 * after Kubernetes' 1 s on a loaded Raspberry Pi would restart a healthy app.
 */

/** How a probe checks the container: exactly one of `http`, `tcp` or `exec`. */
export interface ProbeCheck {
  /** HTTP GET on a port of the app; 2xx and 3xx pass. @default none */
  readonly http?: { readonly port: number; /** @default "/" */ readonly path?: string };
  /** TCP connect to a port of the app. @default none */
  readonly tcp?: { readonly port: number };
  /** A command run in the container; exit code 0 passes. @default none */
  readonly exec?: { readonly command: readonly string[] };
}

/** One probe; unset timings take the defaults of its kind (see PROBE_DEFAULTS). */
export interface AppProbe extends ProbeCheck {
  /** Seconds before the first probe. @default 0 (liveness and readiness wait for the startup probe anyway) */
  readonly initialDelaySeconds?: number;
  /** Seconds between probes. @default startup 10, liveness 30, readiness 15 */
  readonly periodSeconds?: number;
  /** Seconds a probe may take. @default 5 (Kubernetes' 1 s is too short on a busy small node) */
  readonly timeoutSeconds?: number;
  /** Failures in a row before acting (restart, or out of the Service). @default startup 30 (5 minutes for a slow SD-card board), liveness 5, readiness 3 */
  readonly failureThreshold?: number;
}

/** The probes of an app's main container. */
export interface AppProbes {
  /** Restarts the container when it fails. @default none */
  readonly liveness?: AppProbe;
  /** Takes the pod out of its Service while it fails. @default none */
  readonly readiness?: AppProbe;
  /** Holds the other probes back until it passes once; fails the start after periodSeconds x failureThreshold. @default none */
  readonly startup?: AppProbe;
}

export type ProbeKind = keyof AppProbes;

/** Edge defaults per probe kind. */
export const PROBE_DEFAULTS: Record<ProbeKind, { periodSeconds: number; timeoutSeconds: number; failureThreshold: number }> = {
  startup: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
  liveness: { periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 5 },
  readiness: { periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 },
};

/** A probe with every timing set. */
export interface ResolvedProbe {
  readonly http?: { readonly port: number; readonly path: string };
  readonly tcp?: { readonly port: number };
  readonly exec?: { readonly command: readonly string[] };
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

export type ResolvedProbes = Partial<Record<ProbeKind, ResolvedProbe>>;

const seconds = z.number().int().min(1).max(3600);
const httpPath = z
  .string()
  .max(1024)
  .refine((p) => p.startsWith('/') && !/\s/.test(p), {
    message: 'must be an absolute URL path without spaces',
    params: { hint: 'e.g. "/healthz"' },
  });

const probeSchema = z
  .object({
    http: z
      .object({ port: portNumber, path: httpPath.default('/') })
      .strict()
      .optional(),
    tcp: z.object({ port: portNumber }).strict().optional(),
    exec: z
      .object({ command: z.array(yamlString.max(4096)).min(1).max(MAX_ENTRIES) })
      .strict()
      .optional(),
    initialDelaySeconds: z.number().int().min(0).max(3600).default(0),
    periodSeconds: seconds.optional(),
    timeoutSeconds: seconds.optional(),
    failureThreshold: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .refine((p) => [p.http, p.tcp, p.exec].filter((c) => c !== undefined).length === 1, {
    message: 'must have exactly one of http, tcp or exec',
    params: { hint: 'e.g. { http: { port: 8080, path: "/healthz" } }' },
  });

/** Schema of an app's `probes`. */
export const probesSchema = z
  .object({ liveness: probeSchema.optional(), readiness: probeSchema.optional(), startup: probeSchema.optional() })
  .strict()
  .default({});

type ParsedProbes = z.infer<typeof probesSchema>;

/** A probe's port must be a TCP port the pod listens on: the kubelet would probe a closed port and restart the app forever. */
export function checkProbePorts(probes: ParsedProbes, ports: readonly PodPort[], ctx: z.RefinementCtx): void {
  for (const kind of Object.keys(probes) as ProbeKind[]) {
    const probe = probes[kind];
    for (const check of ['http', 'tcp'] as const) {
      const port = probe?.[check]?.port;
      if (port === undefined || ports.some((p) => p.port === port && p.protocol === 'TCP')) continue;
      const tcp = ports.filter((p) => p.protocol === 'TCP').map((p) => p.port);
      ctx.addIssue({
        code: 'custom',
        path: ['probes', kind, check, 'port'],
        message: `port ${port} is not a TCP port of the app (${tcp.length > 0 ? `its TCP ports: ${tcp.join(', ')}` : 'it has no TCP ports'})`,
        params: { hint: 'probe a port listed in `ports`, or add the port there first' },
      });
    }
  }
}

/** The probes with the defaults of their kinds filled in. */
export function resolveProbes(probes: ParsedProbes): ResolvedProbes {
  const resolved: ResolvedProbes = {};
  for (const kind of Object.keys(probes) as ProbeKind[]) {
    const p = probes[kind];
    if (p)
      resolved[kind] = {
        ...PROBE_DEFAULTS[kind],
        ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
      } as ResolvedProbe;
  }
  return resolved;
}
