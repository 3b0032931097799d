import { resolve } from 'node:path';
import { Fleet } from './fleet';

/**
 * Loads a fleet definition file (TypeScript or JavaScript, no build step).
 * The module exports a Fleet as `default` or `fleet`, or a function that
 * returns one.
 */
export function loadFleet(file: string): Fleet {
  const absolute = resolve(file);
  // tsx compiles TypeScript on the fly. Registered globally (not namespaced)
  // so the fleet file shares edgefleet's module instances and classes.
  const tsx = require('tsx/cjs/api') as { register: () => () => void };
  const unregister = tsx.register();
  let exported: Record<string, unknown>;
  try {
    exported = require(absolute) as Record<string, unknown>;
  } finally {
    unregister();
  }
  const candidate = exported.default ?? exported.fleet;
  const fleet = typeof candidate === 'function' && !(candidate instanceof Fleet) ? (candidate as () => unknown)() : candidate;
  if (!(fleet instanceof Fleet)) {
    throw new Error(`${file} must export a Fleet as \`default\` or \`fleet\` (or a function returning one), importing it from "edgefleet"`);
  }
  return fleet;
}
