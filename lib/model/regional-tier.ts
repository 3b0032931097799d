import { Construct } from 'constructs';
import { FleetConstruct } from './fleet-construct';
import { dnsLabel } from './names';
import { SettingsOverrides, settingsOverridesSchema } from './settings';

export interface RegionalTierProps extends SettingsOverrides {
  /** Region name written into metrics and logs of the sites below. Only the outermost tier's counts. @default the outermost tier's id */
  readonly region?: string;
}

export const regionalTierSchema = settingsOverridesSchema.extend({ region: dnsLabel.optional() }).strict();

/** A tier's validated props: its region, when set, and the settings it overrides. */
export interface ResolvedTierProps {
  readonly region?: string;
  /** The tier's own setting overrides. */
  readonly settings: SettingsOverrides;
}

/**
 * A regional tier: a group of sites sharing settings (hub, waves, log
 * shipper...). Tiers nest; each overrides the settings of its parent.
 */
export class RegionalTier extends FleetConstruct {
  /** The validated props, or undefined when they are invalid. */
  public readonly resolved?: ResolvedTierProps;

  constructor(scope: Construct, id: string, props: RegionalTierProps = {}) {
    super(scope, id);
    this.checkProps(dnsLabel, id, { field: 'id' });
    const parsed = this.checkProps(regionalTierSchema, props);
    if (!parsed) return;
    const { region, ...settings } = parsed;
    this.resolved = { region, settings };
  }
}
