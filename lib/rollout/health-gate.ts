import { InvalidInputError, ServiceError } from '../util/errors';

/** One series a health query returned, that refuses a promotion. */
export interface UnhealthySeries {
  /** The series' `cluster` label; undefined when it has none (the query cannot be scoped). */
  readonly cluster?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Its (latest) value. */
  readonly value: string;
}

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] };
}

/**
 * Runs a PromQL query on the hub's Prometheus (HTTP API `POST /api/v1/query`,
 * https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries)
 * and returns the series that concern `clusters`, by their `cluster` label
 * (the external label every cluster's agent writes). A series without a
 * `cluster` label is returned too: it cannot be scoped, so it refuses the
 * promotion rather than being ignored. Throws when Prometheus cannot be
 * asked or answers with an error.
 */
export async function unhealthySeries(
  prometheusUrl: string,
  query: string,
  clusters: ReadonlySet<string>,
  timeoutMs = 30_000,
): Promise<UnhealthySeries[]> {
  const url = `${prometheusUrl.replace(/\/+$/, '')}/api/v1/query`;
  let body: QueryResponse;
  try {
    const response = await fetch(url, { method: 'POST', body: new URLSearchParams({ query }), signal: AbortSignal.timeout(timeoutMs) });
    body = (await response.json()) as QueryResponse;
  } catch (error) {
    throw new ServiceError(`could not query Prometheus at ${url}: ${(error as Error).message}`);
  }
  if (body.status !== 'success' || !body.data) throw new ServiceError(`Prometheus at ${url} refused the query: ${body.error ?? 'no data'}`);
  const { resultType, result } = body.data;
  if (resultType !== 'vector' && resultType !== 'matrix')
    throw new InvalidInputError(`the health query returned a ${resultType}, not series with a cluster label`);
  return result
    .filter((s) => s.metric.cluster === undefined || clusters.has(s.metric.cluster))
    .map((s) => ({ cluster: s.metric.cluster, labels: s.metric, value: (s.value ?? s.values?.[s.values.length - 1])?.[1] ?? '' }));
}
