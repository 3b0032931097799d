import { Construct } from 'constructs';
import { z } from 'zod';
import { DeviceClass } from './device-class';
import { EdgeApp } from './edge-app';
import { FleetConstruct } from './fleet-construct';
import { dnsLabel } from './names';
import { SettingsOverrides, settingsOverridesSchema } from './settings';

/** A number of identical nodes. */
export interface NodeGroup {
  /** The hardware. */
  readonly deviceClass: DeviceClass;
  /** How many nodes of it. @default 1 */
  readonly count?: number;
}

export interface EdgeSiteProps extends SettingsOverrides {
  /** The site's nodes. The first node of the first group is the k3s server. At least one. */
  readonly nodes: readonly NodeGroup[];
  /** Apps the site runs. @default [] */
  readonly apps?: readonly EdgeApp[];
  /** Cluster name, unique across the fleet; a DNS-1123 label. @default the site's id */
  readonly clusterName?: string;
}

/** A site's validated props: nodes (count defaulted), apps, and the settings it overrides last. */
export interface ResolvedSiteProps {
  readonly nodes: readonly { readonly deviceClass: DeviceClass; readonly count: number }[];
  readonly apps: readonly EdgeApp[];
  /** The site's own setting overrides. */
  readonly settings: SettingsOverrides;
}

/** Most nodes a site may have: k3s edge clusters are small, and the capacity check walks every node. */
export const MAX_NODES = 500;
/** Most apps a site may run. */
export const MAX_APPS_PER_SITE = 100;

export const edgeSiteSchema = settingsOverridesSchema
  .extend({
    nodes: z
      .array(
        z
          .object({
            deviceClass: z.custom<DeviceClass>((v) => v instanceof DeviceClass, { message: 'must be a DeviceClass construct' }),
            count: z
              .number()
              .int()
              .positive()
              .max(MAX_NODES, { message: `must be at most ${MAX_NODES} (an edge site is small)` })
              .default(1),
          })
          .strict(),
      )
      .min(1, { message: 'a site needs at least one node' })
      .max(16, { message: 'must list at most 16 node groups' })
      .refine((groups) => groups.some((g) => !(g.count <= MAX_NODES)) || groups.reduce((n, g) => n + g.count, 0) <= MAX_NODES, {
        message: `add up to more than ${MAX_NODES} nodes`,
        params: { hint: 'split the site into several sites (clusters)' },
      }),
    apps: z
      .array(z.custom<EdgeApp>((v) => v instanceof EdgeApp, { message: 'must be an EdgeApp construct' }))
      .max(MAX_APPS_PER_SITE)
      .superRefine((apps, ctx) => {
        apps.forEach((app, i) => {
          if (apps.indexOf(app) < i)
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `lists app ${app.node.id} twice`,
              params: { hint: 'list each app once; use `replicas` for more pods' },
            });
        });
      })
      .default([]),
    clusterName: dnsLabel.optional(),
  })
  .strict();

/** One edge site: one Kubernetes cluster, such as a shop, a factory or a vessel. */
export class EdgeSite extends FleetConstruct {
  /** Cluster name of this site. */
  public readonly clusterName: string;
  /** The validated props, or undefined when they are invalid. */
  public readonly resolved?: ResolvedSiteProps;

  constructor(scope: Construct, id: string, props: EdgeSiteProps) {
    super(scope, id);
    this.clusterName = props.clusterName ?? id;
    this.checkProps(dnsLabel, this.clusterName, { field: props.clusterName ? 'clusterName' : 'id', site: this.clusterName });
    const parsed = this.checkProps(edgeSiteSchema, props, { site: this.clusterName });
    if (!parsed) return;
    const { nodes, apps, clusterName: _clusterName, ...settings } = parsed;
    this.resolved = { nodes, apps, settings };
  }
}
