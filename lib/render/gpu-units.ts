import { NvidiaDevicePlugin, NvidiaDevicePluginProps } from '../components/gpu-device-plugin';
import type { ResolvedSite } from '../model/resolved-site';
import { imageRef } from './app-unit';
import type { RenderContext } from './render-context';
import { platformImageArches } from './image-arches';
import { RenderUnit, unit } from './render-unit';

/** NVIDIA publishes the device plugin for amd64 and arm64 (Jetson); the lock narrows it when the image is locked. */
export const NVIDIA_DEVICE_PLUGIN_UPSTREAM_ARCHES = ['amd64', 'arm64'] as const;

/** The NVIDIA GPU device classes of a site. */
export function nvidiaDeviceClasses(site: ResolvedSite) {
  return [
    ...new Map(site.nodes.filter((n) => n.deviceClass.gpu?.vendor === 'nvidia').map((n) => [n.deviceClass.name, n.deviceClass])).values(),
  ];
}

/**
 * On sites with NVIDIA GPU device classes, the device plugin and the
 * `nvidia` RuntimeClass (shared: the same on every site with the same GPU
 * classes and image); on other sites nothing.
 */
export function gpuUnits(site: ResolvedSite, context: RenderContext): RenderUnit[] {
  const classes = nvidiaDeviceClasses(site);
  if (classes.length === 0) return [];
  const image = site.settings.platformImages.nvidiaDevicePlugin;
  const gpuArches = new Set(classes.map((dc) => dc.arch));
  const props: NvidiaDevicePluginProps = {
    namespace: site.settings.namespaces.platform,
    image: imageRef(image, context.imageLock, context.pinDigests),
    arches: platformImageArches(image, NVIDIA_DEVICE_PLUGIN_UPSTREAM_ARCHES, site, context.imageLock).filter((a) => gpuArches.has(a)),
    deviceClasses: classes.map((dc) => dc.name).sort(),
    tolerations: [...new Map(classes.flatMap((dc) => dc.taints).map((t) => [JSON.stringify(t), t])).values()],
  };
  // No chart namespace: the RuntimeClass is cluster-scoped; the DaemonSet sets its own.
  return [
    unit<NvidiaDevicePluginProps>({
      name: 'nvidia-device-plugin',
      placement: 'shared',
      input: props,
      render: (chart, p) => new NvidiaDevicePlugin(chart, 'NvidiaDevicePlugin', p),
    }),
  ];
}
