import { ApiObject, JsonPatch } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import type { ResolvedContainer } from '../model/resolved-app';
import type { ResolvedLanExposure } from '../model/lan-exposure';
import { LABELS } from '../model/label-keys';
import { commonLabels } from './labels';

export interface LanExposureConstructProps extends ResolvedLanExposure {
  /** Workload name; the Service is `<name>-lan`. */
  readonly name: string;
  /** The pod's containers, to find each LAN port's container and name. */
  readonly containers: readonly ResolvedContainer[];
  /** The workload's Deployment, which gets the host ports in `hostPort` mode. */
  readonly deployment: kplus.Deployment;
}

/** The Service name of an app's LAN exposure. */
export function lanServiceName(app: string): string {
  return `${app}-lan`;
}

/**
 * Carries LAN traffic to an app's `lanIngress` ports, and only those (see
 * lib/model/lan-exposure.ts for why each mode keeps the client address):
 * a `<name>-lan` Service of type LoadBalancer or NodePort with
 * `externalTrafficPolicy: Local`, or host ports on the pod's containers.
 */
export class LanExposureConstruct extends Construct {
  constructor(scope: Construct, id: string, props: LanExposureConstructProps) {
    super(scope, id);
    if (props.lanIngress.length === 0) return;
    const located = props.lanIngress.map((l) => {
      const container = props.containers.findIndex((c) => c.ports.some((p) => p.port === l.port && p.protocol === l.protocol));
      const portIndex = props.containers[container].ports.findIndex((p) => p.port === l.port && p.protocol === l.protocol);
      return { ...l, container, portIndex, portName: props.containers[container].ports[portIndex].name };
    });
    if (props.lanExposure === 'hostPort') {
      const raw = ApiObject.of(props.deployment);
      for (const l of located)
        raw.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/${l.container}/ports/${l.portIndex}/hostPort`, l.port));
      return;
    }
    new k8s.KubeService(this, 'Service', {
      metadata: { name: lanServiceName(props.name), labels: commonLabels(props.name) },
      spec: {
        type: props.lanExposure,
        externalTrafficPolicy: 'Local',
        selector: { [LABELS.name]: props.name },
        ports: located.map((l) => ({
          name: l.portName,
          port: l.port,
          targetPort: k8s.IntOrString.fromNumber(l.port),
          protocol: l.protocol,
          ...(l.nodePort === undefined ? {} : { nodePort: l.nodePort }),
        })),
      },
    });
  }
}
