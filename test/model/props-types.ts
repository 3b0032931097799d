import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { deviceClassSchema, DeviceClassProps } from '../../lib/model/device-class';
import type { edgeAppSchema, EdgeAppProps } from '../../lib/model/edge-app';
import type { edgeSiteSchema, EdgeSiteProps } from '../../lib/model/edge-site';
import type { fleetSchema, FleetProps } from '../../lib/model/fleet';
import type { regionalTierSchema, RegionalTierProps } from '../../lib/model/regional-tier';
import type { settingsOverridesSchema, SettingsOverrides } from '../../lib/model/settings';

/*
 * Each construct's zod schema takes exactly the documented Props interface
 * users write, settings included (nested all the way down). Not a jest
 * test: `npm run typecheck` (tsc -p tsconfig.typecheck.json, which includes
 * test/) fails on the line of the schema whose input drifted from its Props:
 * a field added, removed, made required or retyped on one side only.
 */

/** T with readonly dropped and intersections flattened, all the way down; constructs and functions as they are. */
type Plain<T> = T extends Construct | ((...args: never[]) => unknown)
  ? T
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Plain<T[K]> }
      : T;

/** true when A and B are the same type once Plain (not merely assignable either way). */
type Equals<A, B> = (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type PropsMatchSchemas = [
  Assert<Equals<z.input<typeof fleetSchema>, FleetProps>>,
  Assert<Equals<z.input<typeof regionalTierSchema>, RegionalTierProps>>,
  Assert<Equals<z.input<typeof edgeSiteSchema>, EdgeSiteProps>>,
  Assert<Equals<z.input<typeof deviceClassSchema>, DeviceClassProps>>,
  Assert<Equals<z.input<typeof edgeAppSchema>, EdgeAppProps>>,
  Assert<Equals<z.input<typeof settingsOverridesSchema>, SettingsOverrides>>,
];
