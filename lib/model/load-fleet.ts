import Module from 'node:module';
import { join, resolve } from 'node:path';
import { Fleet } from './fleet';
import { moduleGraphDigest, recordFleetSources } from './fleet-sources';
import { FleetValidationError } from './problem';
import { errorSummary, userFrameOf } from './user-error';
import { InvalidInputError } from '../util/errors';

type Resolver = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolver };

/** Packages whose classes the model checks with instanceof (Fleet, Construct, ApiObject...). */
const SHARED_PACKAGES = ['cdk8s', 'cdk8s-plus-28', 'constructs'];

/**
 * Resolves `edgefleet`, `cdk8s`, `cdk8s-plus-28` and `constructs` (and their
 * subpaths) in the fleet file to the very copies this library uses: the model
 * checks constructs with instanceof, so a second copy (a global CLI beside a
 * project-local install, a file outside any project, a project with its own
 * cdk8s) would make every construct look foreign.
 */
function withSharedPackages<T>(load: () => T): T {
  const original = moduleInternals._resolveFilename;
  const self = require.resolve(join(__dirname, '..', 'index'));
  const isShared = (request: string): boolean => SHARED_PACKAGES.some((name) => request === name || request.startsWith(`${name}/`));
  moduleInternals._resolveFilename = (request, ...rest) => {
    if (request === 'edgefleet') return self;
    // Resolved from this file, so from the node_modules edgefleet's own imports see.
    if (isShared(request)) return original(request, module);
    return original(request, ...rest);
  };
  try {
    return load();
  } finally {
    moduleInternals._resolveFilename = original;
  }
}

/**
 * Loads a fleet definition file (TypeScript or JavaScript, no build step).
 * The module exports a Fleet as `default` or `fleet`, or a function that
 * returns one.
 */
export function loadFleet(file: string): Fleet {
  const absolute = resolve(file);
  // tsx compiles TypeScript on the fly. Registered globally (not namespaced)
  // so the fleet file shares edgefleet's module instances and classes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a fleet file is
  const tsx = require('tsx/cjs/api') as { register: () => () => void };
  const unregister = tsx.register();
  let exported: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the fleet file is known at run time only
    exported = userCode(file, () => withSharedPackages(() => require(absolute) as Record<string, unknown>));
  } finally {
    unregister();
    // unregister() also turns source maps off; render hooks run later and their errors must name lines of the fleet file.
    process.setSourceMapsEnabled(true);
  }
  const candidate = exported.default ?? exported.fleet;
  const fleet =
    typeof candidate === 'function' && !(candidate instanceof Fleet) ? userCode(file, () => (candidate as () => unknown)()) : candidate;
  if (!(fleet instanceof Fleet)) {
    throw new FleetLoadError(
      `${file} must export a Fleet as \`default\` or \`fleet\` (or a function returning one), importing it from "edgefleet"`,
    );
  }
  recordFleetSources(fleet, moduleGraphDigest(require.cache[absolute]!));
  return fleet;
}

/** The fleet file could not be loaded: it threw, failed to compile, or exports no Fleet. */
export class FleetLoadError extends InvalidInputError {}

/** Runs the fleet file's code; what it throws becomes one FleetLoadError line naming the file and line (problems found by edgefleet pass through). */
function userCode<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof FleetValidationError) throw error;
    const where = userFrameOf(error) ?? file;
    throw new FleetLoadError(`the fleet file ${file} failed at ${where}: ${errorSummary(error)}`);
  }
}
