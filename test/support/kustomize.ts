import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/** An object of a kustomize build: typed where every object has the field, loose elsewhere for assertions. */
export interface BuiltObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: any };
  [key: string]: any;
}

/** The objects `kubectl kustomize DIR` yields (the real tool; throws when the build fails). */
export function kustomizeObjects(dir: string): BuiltObject[] {
  const built = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(built).map((d) => d.toJSON());
}
