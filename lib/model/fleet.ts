import { Construct } from 'constructs';
import { z } from 'zod';
import { FleetConstruct } from './fleet-construct';
import { ImageLockData, imageLockSchema } from './image-lock';
import { dnsLabel } from './names';
import { SettingsOverrides, settingsOverridesSchema } from './settings';

export interface FleetProps extends SettingsOverrides {
  /** Rollout waves in order; every site's wave must be one of them. @default ["canary", "wave-1", "wave-2", "wave-3"] */
  readonly waves?: readonly string[];
  /** The image lock (see `readImageLock`). @default none: apps must declare `arches` */
  readonly imageLock?: ImageLockData;
  /** Fail when an image is missing from the lock. @default true when an image lock is given */
  readonly requireLockedImages?: boolean;
  /** Write images by index digest (`repo:tag@sha256:...`) from the lock instead of by tag alone. @default false */
  readonly pinDigests?: boolean;
}

export const fleetSchema = settingsOverridesSchema
  .extend({
    waves: z
      .array(dnsLabel)
      .min(1)
      .max(32)
      .refine((waves) => new Set(waves).size === waves.length, {
        message: 'lists a wave twice',
        params: { hint: 'list each wave once, in rollout order' },
      })
      .default(['canary', 'wave-1', 'wave-2', 'wave-3']),
    imageLock: imageLockSchema.optional(),
    requireLockedImages: z.boolean().optional(),
    pinDigests: z.boolean().default(false),
  })
  .strict();

/** A fleet's validated props: its own fields, and the settings it sets for every site. */
export interface ResolvedFleetProps {
  readonly waves: readonly string[];
  readonly imageLock?: ImageLockData;
  readonly requireLockedImages?: boolean;
  readonly pinDigests: boolean;
  /** The fleet's own setting overrides. */
  readonly settings: SettingsOverrides;
}

/**
 * The root of a fleet definition. Device classes and apps are defined under
 * it; regional tiers and sites hang below it.
 */
export class Fleet extends FleetConstruct {
  /** The validated props, or undefined when they are invalid. */
  public readonly resolved?: ResolvedFleetProps;

  /**
   * @param scope usually undefined: a fleet is the root of its construct tree
   * @param id the fleet's name, first segment of every construct path
   */
  constructor(scope: Construct | undefined, id: string, props: FleetProps = {}) {
    super(scope as Construct, id);
    // The fleet's id names objects (the Fleet GitRepo, labels), so it must be a DNS-1123 label too.
    this.checkProps(dnsLabel, id, { field: 'id' });
    const parsed = this.checkProps(fleetSchema, props);
    if (!parsed) return;
    const { waves, imageLock, requireLockedImages, pinDigests, ...settings } = parsed;
    this.resolved = { waves, imageLock, requireLockedImages, pinDigests, settings };
  }
}
