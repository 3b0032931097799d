import { criticalWebhookProblems } from './alerting-settings';
import { DeviceClass } from './device-class';
import { distributionProfile } from './distribution';
import { EdgeApp } from './edge-app';
import type { ResolvedApp } from './resolved-app';
import { EdgeSite } from './edge-site';
import { Fleet } from './fleet';
import { FleetConstruct } from './fleet-construct';
import { archesOfPlatforms, ImageLockData } from './image-lock';
import { addressCount } from './cidr';
import { mergedAppProblems, unusedAppValues, withAppValues } from './app-values';
import { ARCHES, Arch } from './names';
import type { Problem } from './problem';
import { RegionalTier } from './regional-tier';
import { NODE_CIDRS_HINT, nodeCount, ResolvedNodeGroup, ResolvedSite } from './resolved-site';
import { DEFAULT_SETTINGS, mergeSettings, SettingsOverrides } from './settings';
import { SettingsParser } from './settings-parser';
import { zodProblems } from './zod-problems';

/** The fleet resolved to plain data, with every problem found on the way. */
export interface ResolvedFleet {
  readonly name: string;
  /** Sites sorted by cluster name. */
  readonly sites: readonly ResolvedSite[];
  readonly waves: readonly string[];
  readonly imageLock?: ImageLockData;
  readonly problems: readonly Problem[];
}

function tiersOf(site: EdgeSite): RegionalTier[] {
  return site.node.scopes.filter((s): s is RegionalTier => s instanceof RegionalTier);
}

/** App arches: declared, else the image lock's platforms for every container image. */
function appArches(app: ResolvedApp, lock: ImageLockData | undefined, problems: Problem[]): readonly Arch[] | undefined {
  if (app.arches) return app.arches;
  const locked = app.containers.map((c) => lock?.images[c.image]);
  if (locked.every((entry) => entry !== undefined)) {
    const perImage = locked.map((entry) => archesOfPlatforms(entry!.platforms));
    return ARCHES.filter((a) => perImage.every((arches) => arches.includes(a)));
  }
  problems.push({
    path: app.path,
    field: 'arches',
    message: 'not given, and the image is not in the image lock',
    hint: 'declare `arches` on the app, or add its image to the image lock',
  });
  return undefined;
}

/** The reserve defaults to the distribution's, beneath every layer's own. */
function withDistributionReserve(layered: SettingsOverrides): SettingsOverrides {
  return {
    ...layered,
    systemReserve: mergeSettings(distributionProfile(layered.distribution ?? 'k3s').systemReserve, layered.systemReserve),
  };
}

/** The defaults, the fleet's settings and a chain of tiers' merged, without (`layered`) and with the distribution's reserve (`merged`). */
interface TierSettings {
  readonly layered: SettingsOverrides;
  readonly merged: SettingsOverrides;
}

/** What the sites of one resolveFleet share: the settings of each chain of tiers by its innermost tier (or the fleet), and the parser. */
interface SiteResolution {
  readonly tierSettings: Map<Fleet | RegionalTier, TierSettings>;
  readonly parser: SettingsParser;
}

/** A tier chain's settings, merged once for all the sites below it: they share the objects of every setting they do not override. */
function tierSettingsOf(fleet: Fleet, tiers: readonly RegionalTier[], resolution: SiteResolution): TierSettings {
  const innermost = tiers.at(-1) ?? fleet;
  let chain = resolution.tierSettings.get(innermost);
  if (!chain) {
    const layers: (SettingsOverrides | undefined)[] = [fleet.resolved?.settings, ...tiers.map((t) => t.resolved?.settings)];
    const layered = layers.reduce<SettingsOverrides>((acc, layer) => mergeSettings(acc, layer), DEFAULT_SETTINGS);
    resolution.tierSettings.set(innermost, (chain = { layered, merged: withDistributionReserve(layered) }));
  }
  return chain;
}

function resolveSite(
  fleet: Fleet,
  site: EdgeSite,
  apps: Map<EdgeApp, ResolvedApp>,
  resolution: SiteResolution,
  problems: Problem[],
): ResolvedSite | undefined {
  const tiers = tiersOf(site);
  // An invalid fleet or tier is already reported: resolving without its settings would only add follow-on problems.
  if (!site.resolved || !fleet.resolved || tiers.some((t) => !t.resolved)) return undefined;
  const own = site.resolved.settings;
  const chain = tierSettingsOf(fleet, tiers, resolution);
  // The tier chain's reserve holds unless the site changes the distribution or the reserve.
  const merged =
    own.distribution === undefined && own.systemReserve === undefined
      ? mergeSettings(chain.merged, own)
      : withDistributionReserve(mergeSettings(chain.layered, own));
  const profile = distributionProfile(merged.distribution ?? 'k3s');
  const where = { path: site.constructPath, site: site.clusterName };
  const settings = resolution.parser.parse(merged);
  if (!settings.success) {
    problems.push(...zodProblems(where, settings.error));
    return undefined;
  }
  const waves = fleet.resolved.waves;
  if (!waves.includes(settings.data.wave)) {
    problems.push({
      ...where,
      field: 'wave',
      message: `"${settings.data.wave}" is not one of the fleet's waves (${waves.join(', ')})`,
      hint: 'add it to the Fleet `waves` list or pick a listed wave',
    });
  }
  const nodes: ResolvedNodeGroup[] = [];
  for (const group of site.resolved.nodes) {
    if (group.deviceClass.resolved) nodes.push({ deviceClass: group.deviceClass.resolved, count: group.count });
  }
  if (nodes.length !== site.resolved.nodes.length) return undefined;
  const { apiServerCidrs, nodeCidrs } = settings.data;
  const kubelets = addressCount([...apiServerCidrs, ...nodeCidrs]);
  if (profile.kubeletReachable && kubelets < nodeCount({ nodes })) {
    const what =
      nodeCidrs.length === 0
        ? 'no nodeCidrs'
        : `nodeCidrs and apiServerCidrs that cover only ${kubelets} address${kubelets === 1 ? '' : 'es'}`;
    problems.push({
      ...where,
      field: 'nodeCidrs',
      message: `the site has ${nodeCount({ nodes })} nodes but ${what}: the Prometheus agent could not reach every kubelet`,
      hint: NODE_CIDRS_HINT,
    });
  }
  if (!profile.defaultStorageClass && !settings.data.metrics.storageClass) {
    problems.push({
      ...where,
      field: 'metrics.storageClass',
      message: `${settings.data.distribution} has no default StorageClass: the Prometheus agent's WAL claim would stay Pending`,
      hint: 'set metrics.storageClass to a class the cluster has (e.g. an OpenEBS or local-path class you install)',
    });
  }
  const siteArches = ARCHES.filter((a) => nodes.some((n) => n.deviceClass.arch === a));
  const siteApps: ResolvedApp[] = [];
  site.resolved.apps.forEach((app, index) => {
    const resolved = apps.get(app);
    if (!resolved) return;
    if (resolved.arches && !resolved.arches.some((a) => siteArches.includes(a))) {
      problems.push({
        ...where,
        field: `apps.${index}`,
        message: `app ${resolved.name} supports ${resolved.arches.join(', ')}, but the site's nodes are ${siteArches.join(', ')}`,
        hint: `use a multi-arch image that covers ${siteArches.join(' or ')}, or add a node of a supported arch`,
      });
    }
    const onSite = withAppValues(resolved, settings.data.appValues[resolved.name]);
    problems.push(...mergedAppProblems(onSite, where));
    siteApps.push(onSite);
  });
  for (const app of siteApps) {
    for (const flow of app.talksTo) {
      // An app of the site with invalid props is reported on its own; not running it is no second problem.
      if (!site.resolved.apps.some((a) => a.node.id === flow.app)) {
        problems.push({
          ...where,
          field: `apps (${app.name}.talksTo)`,
          message: `app ${app.name} calls app ${flow.app}, which this site does not run`,
          hint: `add ${flow.app} to the site's apps or drop the flow`,
        });
      }
    }
    if (app.lanIngress.length > 0 && settings.data.lanCidrs.length === 0) {
      problems.push({
        ...where,
        field: 'lanCidrs',
        message: `app ${app.name} opens ports to the site LAN, but the site has no lanCidrs`,
        hint: 'set lanCidrs on the site or its tier',
      });
    }
  }
  problems.push(...criticalWebhookProblems(settings.data.alerting, siteApps, where));
  const outermost = tiers[0];
  return {
    cluster: site.clusterName,
    path: site.constructPath,
    tierPath: tiers.map((t) => t.node.id),
    region: outermost?.resolved?.region ?? outermost?.node.id ?? fleet.node.id,
    settings: settings.data,
    nodes,
    arches: siteArches,
    apps: siteApps,
  };
}

/** `appValues` of the fleet, a tier or a site naming an app that no site below it (or the site itself) runs. */
function appValuesScopeProblems(constructs: readonly unknown[]): Problem[] {
  const scopes = constructs.filter(
    (c): c is Fleet | RegionalTier | EdgeSite => c instanceof Fleet || c instanceof RegionalTier || c instanceof EdgeSite,
  );
  return scopes.flatMap((scope) => {
    const values = scope.resolved?.settings.appValues;
    if (!values || Object.keys(values).length === 0) return [];
    const sites = scope instanceof EdgeSite ? [scope] : scope.node.findAll().filter((c): c is EdgeSite => c instanceof EdgeSite);
    const appsBelow = new Set(sites.flatMap((s) => s.resolved?.apps.map((a) => a.node.id) ?? []));
    return unusedAppValues(values, appsBelow, {
      path: scope.constructPath,
      site: scope instanceof EdgeSite ? scope.clusterName : undefined,
    });
  });
}

/**
 * Resolves every site's effective settings: built-in defaults, then the
 * fleet, then each tier from the outside in, then the site. Collects every
 * problem instead of stopping at the first.
 */
export function resolveFleet(fleet: Fleet): ResolvedFleet {
  const constructs = fleet.node.findAll();
  const problems: Problem[] = constructs.flatMap((c) => (c instanceof FleetConstruct ? c.propsProblems : []));
  const lock = fleet.resolved?.imageLock;
  const apps = new Map<EdgeApp, ResolvedApp>();
  for (const c of constructs) {
    // Without a valid fleet the lock is unknown: "not in the image lock" would be a follow-on problem.
    if (c instanceof EdgeApp && c.resolved && fleet.resolved) {
      const arches = appArches(c.resolved, lock, problems);
      if (arches) apps.set(c, { ...c.resolved, arches });
    }
    if (c instanceof DeviceClass && c.node.scope !== fleet) {
      problems.push({
        path: c.constructPath,
        field: '(scope)',
        message: 'device classes must be defined directly under the Fleet',
        hint: 'pass the Fleet as scope',
      });
    }
  }
  problems.push(...appValuesScopeProblems(constructs));
  const sites: ResolvedSite[] = [];
  const resolution: SiteResolution = { tierSettings: new Map(), parser: new SettingsParser() };
  const pathsByCluster = new Map<string, string[]>();
  for (const c of constructs) {
    if (!(c instanceof EdgeSite)) continue;
    pathsByCluster.set(c.clusterName, [...(pathsByCluster.get(c.clusterName) ?? []), c.constructPath]);
    const site = resolveSite(fleet, c, apps, resolution, problems);
    if (site) sites.push(site);
  }
  for (const [cluster, paths] of pathsByCluster) {
    if (paths.length < 2) continue;
    for (const path of paths) {
      problems.push({
        path,
        site: cluster,
        field: 'clusterName',
        message: `cluster name "${cluster}" is used by ${paths.length} sites (${paths.join(', ')})`,
        hint: 'cluster names must be unique across the fleet: set a distinct clusterName',
      });
    }
  }
  sites.sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  return { name: fleet.node.id, sites, waves: fleet.resolved?.waves ?? [], imageLock: lock, problems };
}
