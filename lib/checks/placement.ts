import { GPU_RESOURCES } from '../model/device-class';
import { archesOfPlatforms, ImageLockData } from '../model/image-lock';
import type { Arch } from '../model/names';
import type { Problem } from '../model/problem';
import type { ResolvedFleet } from '../model/resolve';
import type { ResolvedSite } from '../model/resolved-site';
import { isFloatingImage } from '../model/image-ref';
import { ALLOY_UPSTREAM_ARCHES } from '../model/settings';

export interface PlacementOptions {
  /** Fail when an image is missing from the lock. @default true when the fleet has an image lock */
  readonly requireLockedImages?: boolean;
}

/** A platform image as the placement rules see it. */
interface PlatformImage {
  /** The setting that chose it, e.g. `platformImages.prometheus`. */
  readonly field: string;
  readonly role: string;
  readonly image: string;
  /** A DaemonSet must run on every node; a Deployment on at least one. */
  readonly everyNode: boolean;
  /** Arches known without the lock. @default unknown */
  readonly knownArches?: readonly Arch[];
  /** Arches of the nodes it runs on. @default every arch of the site */
  readonly nodeArches?: readonly Arch[];
}

function platformImagesOf(site: ResolvedSite): PlatformImage[] {
  const { platformImages, logShipper } = site.settings;
  const gpuArches = [...new Set(site.nodes.filter((n) => n.deviceClass.gpu?.vendor === 'nvidia').map((n) => n.deviceClass.arch))].sort();
  const devicePlugin: PlatformImage[] =
    gpuArches.length > 0
      ? [
          {
            field: 'platformImages.nvidiaDevicePlugin',
            role: 'NVIDIA device plugin',
            image: platformImages.nvidiaDevicePlugin,
            everyNode: true,
            nodeArches: gpuArches,
          },
        ]
      : [];
  return [
    ...devicePlugin,
    { field: 'platformImages.prometheus', role: 'Prometheus agent', image: platformImages.prometheus, everyNode: false },
    logShipper === 'alloy'
      ? { field: 'logShipper', role: 'log shipper Alloy', image: platformImages.alloy, everyNode: true, knownArches: ALLOY_UPSTREAM_ARCHES }
      : { field: 'platformImages.promtail', role: 'log shipper Promtail', image: platformImages.promtail, everyNode: true },
    ...(site.settings.alerting.local
      ? [{ field: 'platformImages.alertmanager', role: 'Alertmanager', image: platformImages.alertmanager, everyNode: false }]
      : []),
  ];
}

/** Major version of an image tag such as `v3.5.0`, if it has one. */
function majorVersion(image: string): number | undefined {
  const match = /:v?(\d+)\.[^/]*$/.exec(image.replace(/@sha256:.*$/, ''));
  return match ? Number(match[1]) : undefined;
}

function deviceClassesOf(site: ResolvedSite, arch?: Arch): string {
  return [...new Set(site.nodes.filter((n) => arch === undefined || n.deviceClass.arch === arch).map((n) => n.deviceClass.name))].join(
    ', ',
  );
}

/**
 * Placement rules on the resolved fleet, before anything is rendered: GPU
 * apps need a GPU device class of their vendor; every image (apps and the
 * platform stack) has an explicit tag and, when required, a lock entry;
 * platform images cover the site's arches (a DaemonSet every arch, a
 * Deployment at least one); the Prometheus image is 3.x (it runs with
 * `--agent`). Reports every problem, each naming the site and the app.
 */
export function checkPlacement(fleet: ResolvedFleet, options: PlacementOptions = {}): Problem[] {
  const lock: ImageLockData | undefined = fleet.imageLock;
  const required = options.requireLockedImages ?? lock !== undefined;
  const problems: Problem[] = [];
  for (const site of fleet.sites) {
    const at = (field: string, message: string, hint: string) =>
      problems.push({ path: site.path, site: site.cluster, field, message, hint });
    const checkImage = (field: string, owner: string, image: string) => {
      if (isFloatingImage(image))
        at(field, `image "${image}" of ${owner} has no tag or uses :latest`, 'pin an explicit version tag (and list it in the image lock)');
      else if (required && !lock?.images[image])
        at(
          field,
          `image "${image}" of ${owner} is not in the image lock`,
          'add it to the image lock (generated in CI, where a registry is reachable)',
        );
    };
    for (const app of site.apps) {
      for (const c of app.containers) checkImage(`apps[${app.name}].image`, `app ${app.name}`, c.image);
      const placed = app.deviceClasses;
      if (placed && !site.nodes.some((n) => placed.includes(n.deviceClass.name))) {
        at(
          `apps[${app.name}].placement.deviceClasses`,
          `app ${app.name} is placed on ${placed.join(', ')}, but the site's nodes are ${deviceClassesOf(site)}`,
          `add a node of ${placed.join(' or ')}, or widen the app's placement`,
        );
      }
      const gpu = app.gpu;
      const vendorNodes = gpu ? site.nodes.filter((n) => n.deviceClass.gpu?.vendor === gpu.vendor) : [];
      if (gpu && vendorNodes.length === 0) {
        at(
          `apps[${app.name}].gpu`,
          `app ${app.name} needs ${gpu.count} ${GPU_RESOURCES[gpu.vendor]}, but no device class of the site (${deviceClassesOf(site)}) has a ${gpu.vendor} GPU`,
          `add a node of a ${gpu.vendor} GPU device class, or run the app on another site`,
        );
      } else if (gpu && !vendorNodes.some((n) => n.deviceClass.gpu!.count >= gpu.count)) {
        // A pod's GPUs come from one node: the scheduler never adds up GPUs of several nodes.
        const most = Math.max(...vendorNodes.map((n) => n.deviceClass.gpu!.count));
        at(
          `apps[${app.name}].gpu.count`,
          `app ${app.name} needs ${gpu.count} ${GPU_RESOURCES[gpu.vendor]} in one pod, but the site's nodes have at most ${most} each`,
          `lower gpu.count to at most ${most}, or add a node with more GPUs`,
        );
      }
    }
    for (const p of platformImagesOf(site)) {
      checkImage(p.field, `the ${p.role}`, p.image);
      const entry = lock?.images[p.image];
      const arches = entry ? archesOfPlatforms(entry.platforms) : p.knownArches;
      if (!arches) continue;
      const missing = (p.nodeArches ?? site.arches).filter((a) => !arches.includes(a));
      if (p.everyNode && missing.length > 0) {
        at(
          p.field,
          `the ${p.role} (${p.image}) runs on every ${p.nodeArches ? 'GPU ' : ''}node but has no image for ${missing.join(', ')} (nodes of ${missing.map((a) => deviceClassesOf(site, a)).join(', ')})`,
          missing.includes('arm') && p.knownArches
            ? 'Alloy has no 32-bit arm image: use logShipper "promtail" on this site'
            : 'use an image that covers every arch of the site',
        );
      } else if (!p.everyNode && missing.length === site.arches.length) {
        at(
          p.field,
          `the ${p.role} (${p.image}) supports ${arches.join(', ')}, but the site's nodes are ${site.arches.join(', ')}`,
          "use a multi-arch image that covers one of the site's arches",
        );
      }
    }
    const major = majorVersion(site.settings.platformImages.prometheus);
    if (major !== undefined && major < 3) {
      at(
        'platformImages.prometheus',
        `Prometheus image "${site.settings.platformImages.prometheus}" is ${major}.x, but the agent runs with --agent, which needs 3.x`,
        'use a Prometheus 3.x image',
      );
    }
  }
  return problems;
}
