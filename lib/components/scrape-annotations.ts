import { SCRAPE_ANNOTATIONS } from '../model/label-keys';

/** The annotations of a pod scraped on `port` at `path`. */
export function scrapeAnnotations(metrics: { readonly port: number; readonly path: string }): Record<string, string> {
  return { [SCRAPE_ANNOTATIONS.scrape]: 'true', [SCRAPE_ANNOTATIONS.port]: String(metrics.port), [SCRAPE_ANNOTATIONS.path]: metrics.path };
}
