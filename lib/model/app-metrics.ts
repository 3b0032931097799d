import { z } from 'zod';
import type { PodPort } from './app-pod';
import { portNumber } from './app-pod';

/** Where the Prometheus agent scrapes an app. */
export interface AppMetrics {
  /** TCP port serving metrics: one of the app's ports (main container or sidecar). */
  readonly port: number;
  /** HTTP path of the metrics. @default "/metrics" */
  readonly path?: string;
}

/** The metrics props of an app. */
export interface AppMetricsProps {
  /**
   * Metrics the site's Prometheus agent scrapes: the pods get the
   * `prometheus.io/*` annotations its `pods` job keeps, and the network
   * policies let the agent reach that port, and only it.
   * @default none: not scraped
   */
  readonly metrics?: AppMetrics;
}

/** Resolved form: plain data. */
export interface ResolvedAppMetrics {
  readonly metrics?: { readonly port: number; readonly path: string };
}

export const appMetricsShape = {
  metrics: z
    .object({
      port: portNumber,
      path: z
        .string()
        .max(256)
        .regex(/^\/[A-Za-z0-9._~/-]*$/, { message: 'must be an absolute URL path such as "/metrics"' })
        .default('/metrics'),
    })
    .strict()
    .optional(),
};

/** The metrics port must be a TCP port the pod listens on: the agent scrapes over HTTP. */
export function checkAppMetrics(app: ResolvedAppMetrics, ports: readonly PodPort[], ctx: z.RefinementCtx): void {
  if (app.metrics && !ports.some((p) => p.port === app.metrics!.port && p.protocol === 'TCP')) {
    const listens = ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'none';
    ctx.addIssue({
      code: 'custom',
      path: ['metrics', 'port'],
      message: `${app.metrics.port}/TCP is not a port the app listens on (its ports: ${listens})`,
      params: { hint: 'list the metrics port in `ports` (of the app or a sidecar) first' },
    });
  }
}
