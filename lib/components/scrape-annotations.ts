/**
 * Pod annotations by which a pod opts in to the Prometheus agent's `pods`
 * job (prometheus-config.ts): it keeps pods with `prometheus.io/scrape:
 * "true"` and takes the port and path from the other two (Prometheus turns
 * `prometheus.io/port` into `__meta_kubernetes_pod_annotation_prometheus_io_port`).
 */
export const SCRAPE_ANNOTATIONS = { scrape: 'prometheus.io/scrape', port: 'prometheus.io/port', path: 'prometheus.io/path' } as const;

/** The annotations of a pod scraped on `port` at `path`. */
export function scrapeAnnotations(metrics: { readonly port: number; readonly path: string }): Record<string, string> {
  return { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: String(metrics.port), [SCRAPE_ANNOTATIONS.path]: metrics.path };
}
