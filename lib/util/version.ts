import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The package.json of this copy of edgefleet: the nearest one above this
 * file, as Node finds a package's scope. The same file from the source
 * (lib/render) and from a build (dist/lib/render, in a checkout or an
 * installed package), since npm always packs package.json whatever `files`
 * says (https://docs.npmjs.com/cli/v8/configuring-npm/package-json#files).
 */
function ownPackageJson(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`edgefleet: no package.json above ${__dirname}`);
  }
}

/** edgefleet's version; part of every cache key, so an upgrade re-renders. */
export const EDGEFLEET_VERSION: string = (JSON.parse(readFileSync(ownPackageJson(), 'utf8')) as { version: string }).version;
