import { Construct } from 'constructs';
import type { Arch } from '../model/names';
import { LogShipperDaemonSet, LogShipperImageProps } from './log-shipper';
import { PROMTAIL_HTTP_PORT, PROMTAIL_STATE_DIR } from './promtail-config';

/** Name of Promtail's objects and of its per-cluster ConfigMap's file key prefix. */
export const PROMTAIL_NAME = 'promtail';
/** ConfigMap holding `promtail.yaml`, generated per cluster; the DaemonSet references it by this name. */
export const PROMTAIL_CONFIG_MAP = 'promtail-config';
/** Key of the config file in PROMTAIL_CONFIG_MAP. */
export const PROMTAIL_CONFIG_FILE = 'promtail.yaml';
/** Arches Promtail images are published for, used when the image is not in the image lock. */
export const PROMTAIL_UPSTREAM_ARCHES: readonly Arch[] = ['amd64', 'arm64', 'arm'];

/** Props of Promtail: image, arches and resources (see LogShipperImageProps for the defaults). */
export interface PromtailProps extends LogShipperImageProps {}

/**
 * Promtail as a DaemonSet (end of life since 2026-03-02; Alloy is the
 * successor). Its config comes from PROMTAIL_CONFIG_MAP, which Kustomize
 * generates per cluster; positions live on the host under
 * PROMTAIL_STATE_DIR.
 */
export class Promtail extends Construct {
  public readonly shipper: LogShipperDaemonSet;

  constructor(scope: Construct, id: string, props: PromtailProps) {
    super(scope, id);
    this.shipper = new LogShipperDaemonSet(this, 'Shipper', {
      name: PROMTAIL_NAME,
      image: props.image,
      arches: props.arches,
      args: [`-config.file=/etc/promtail/${PROMTAIL_CONFIG_FILE}`],
      httpPort: PROMTAIL_HTTP_PORT,
      readinessPath: '/ready',
      configMapName: PROMTAIL_CONFIG_MAP,
      configDir: '/etc/promtail',
      stateDir: PROMTAIL_STATE_DIR,
      requests: props.requests ?? { cpu: '50m', memory: '64Mi' },
      limits: props.limits ?? { cpu: '250m', memory: '128Mi' },
    });
  }
}
