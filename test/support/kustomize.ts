import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/** The objects `kubectl kustomize DIR` yields (the real tool; throws when the build fails). */
export function kustomizeObjects(dir: string): Record<string, any>[] {
  const built = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(built).map((d) => d.toJSON());
}
