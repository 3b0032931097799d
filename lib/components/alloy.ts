import { Construct } from 'constructs';
import { ALLOY_HTTP_PORT, ALLOY_STATE_DIR } from './alloy-config';
import { LogShipperDaemonSet, LogShipperImageProps } from './log-shipper';

/** Name of Alloy's objects. */
export const ALLOY_NAME = 'alloy';
/** ConfigMap holding `config.alloy`, generated per cluster; the DaemonSet references it by this name. */
export const ALLOY_CONFIG_MAP = 'alloy-config';
/** Key of the config file in ALLOY_CONFIG_MAP. */
export const ALLOY_CONFIG_FILE = 'config.alloy';

/** Props of Alloy: image, arches and resources (see LogShipperImageProps for the defaults). */
export interface AlloyProps extends LogShipperImageProps {}

/**
 * Grafana Alloy as a DaemonSet, the supported successor of Promtail. Runs
 * with `--stability.level=experimental` because the loki.write WAL is
 * experimental; `--storage.path` (positions and WAL) is on the host under
 * ALLOY_STATE_DIR so that both survive pod restarts.
 */
export class Alloy extends Construct {
  public readonly shipper: LogShipperDaemonSet;

  constructor(scope: Construct, id: string, props: AlloyProps) {
    super(scope, id);
    this.shipper = new LogShipperDaemonSet(this, 'Shipper', {
      name: ALLOY_NAME,
      image: props.image,
      arches: props.arches,
      args: [
        'run',
        `/etc/alloy/${ALLOY_CONFIG_FILE}`,
        `--server.http.listen-addr=0.0.0.0:${ALLOY_HTTP_PORT}`,
        `--storage.path=${ALLOY_STATE_DIR}`,
        '--stability.level=experimental',
        '--disable-reporting',
      ],
      httpPort: ALLOY_HTTP_PORT,
      readinessPath: '/-/ready',
      configMapName: ALLOY_CONFIG_MAP,
      configDir: '/etc/alloy',
      stateDir: ALLOY_STATE_DIR,
      requests: props.requests ?? { cpu: '50m', memory: '96Mi' },
      limits: props.limits ?? { cpu: '300m', memory: '192Mi' },
    });
  }
}
