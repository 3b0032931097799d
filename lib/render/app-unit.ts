import { EdgeWorkload, EdgeWorkloadProps } from '../components/edge-workload';
import { NVIDIA_RUNTIME_CLASS } from '../components/gpu-device-plugin';
import { scrapeAnnotations } from '../components/scrape-annotations';
import { GPU_RESOURCES } from '../model/device-class';
import type { ResolvedApp } from '../model/resolved-app';
import type { ImageLockData } from '../model/image-lock';
import type { ResolvedSite } from '../model/resolved-site';
import { appConfigMapName } from './app-config-unit';
import { appPlacement } from './app-placement';
import { RenderUnit, unit } from './render-unit';

/** The image reference to write: tag alone, or tag and index digest when pinning. */
export function imageRef(image: string, lock: ImageLockData | undefined, pinDigests: boolean): string {
  const entry = lock?.images[image];
  return pinDigests && entry ? `${image}@${entry.digest}` : image;
}

/** Workload props of an app on one site: plain data, the cache key of its shared unit. */
export function appWorkloadProps(
  app: ResolvedApp,
  site: ResolvedSite,
  lock: ImageLockData | undefined,
  pinDigests: boolean,
): EdgeWorkloadProps {
  return {
    name: app.name,
    containers: app.containers.map((c) => ({ ...c, image: imageRef(c.image, lock, pinDigests) })),
    arches: (app.arches ?? []).filter((a) => site.arches.includes(a)),
    replicas: app.replicas,
    extendedResources: app.gpu ? { [GPU_RESOURCES[app.gpu.vendor]]: app.gpu.count } : {},
    placement: appPlacement(app, site),
    configMapName: appConfigMapName(app),
    configMountPath: app.configMountPath,
    writablePaths: app.writablePaths,
    runAsUser: app.runAsUser,
    probes: app.probes,
    volumes: app.volumes,
    imagePullSecrets: app.imagePullSecrets,
    secrets: { secretEnv: app.secretEnv, secretMounts: app.secretMounts },
    lan: app.lanIngress.length > 0 ? { lanIngress: app.lanIngress, lanExposure: app.lanExposure } : undefined,
    podAnnotations: app.metrics ? scrapeAnnotations(app.metrics) : {},
    runtimeClassName: app.gpu?.vendor === 'nvidia' ? NVIDIA_RUNTIME_CLASS : undefined,
  };
}

/** The shared unit of one app's workload on one site. */
export function appUnit(app: ResolvedApp, site: ResolvedSite, lock: ImageLockData | undefined, pinDigests: boolean): RenderUnit {
  return unit<EdgeWorkloadProps>({
    name: `app-${app.name}`,
    placement: 'shared',
    namespace: site.settings.namespaces.apps,
    input: appWorkloadProps(app, site, lock, pinDigests),
    render: (chart, props) => new EdgeWorkload(chart, 'Workload', props),
  });
}
