import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Arch } from '../model/names';
import type { ResolvedContainer } from '../model/resolved-app';
import type { ResolvedProbes } from '../model/app-probes';
import type { AppToleration } from '../model/app-scheduling';
import type { ResolvedVolume } from '../model/app-volumes';
import { LABELS } from '../model/label-keys';
import { commonLabels } from './labels';
import { containerProbes } from './workload-probes';
import { mountPersistentVolumes } from './workload-volumes';
import type { ResolvedAppSecrets } from '../model/app-secrets';
import type { ResolvedLanExposure } from '../model/lan-exposure';
import { consumeSecrets } from './app-secrets';
import { LanExposureConstruct } from './lan-exposure';

/** Extra node placement, beyond the arch. */
export interface WorkloadPlacement {
  /** Device classes the pods may run on. @default any */
  readonly deviceClasses?: readonly string[];
  /** Taints of those device classes, tolerated. @default [] */
  readonly tolerations?: readonly AppToleration[];
}

export interface EdgeWorkloadProps {
  /** Workload name: object names and the selector label derive from it, never from the construct path. */
  readonly name: string;
  /** Containers; the first is the main one. */
  readonly containers: readonly ResolvedContainer[];
  /** Arches the pods may run on: required node affinity on `kubernetes.io/arch`. */
  readonly arches: readonly Arch[];
  /** Replicas (the model's default is 1). */
  readonly replicas: number;
  /** Extended resources (e.g. `nvidia.com/gpu`) requested by the main container, as counts. @default {} */
  readonly extendedResources?: Readonly<Record<string, number>>;
  /** Placement beyond the arch. @default none */
  readonly placement?: WorkloadPlacement;
  /** ConfigMap (generated per cluster by Kustomize, see appConfigUnit) mounted read-only at `configMountPath`. @default none */
  readonly configMapName?: string;
  /** Where config files are mounted, when configMapName is set (the model's default is "/etc/<app name>"). */
  readonly configMountPath: string;
  /** Writable emptyDir paths, as the root filesystem is read-only (the model's default is ["/tmp"]). */
  readonly writablePaths: readonly string[];
  /** Non-root user id (the model's default is 65532). */
  readonly runAsUser: number;
  /** Probes of the main container. @default none */
  readonly probes?: ResolvedProbes;
  /** Persistent volumes of the main container. @default [] */
  readonly volumes?: readonly ResolvedVolume[];
  /** Secrets the pods pull images with. @default [] */
  readonly imagePullSecrets?: readonly string[];
  /** Secrets the main container consumes (env from keys, mounts). @default none */
  readonly secrets?: ResolvedAppSecrets;
  /** How the LAN reaches the `lanIngress` ports. @default not exposed */
  readonly lan?: ResolvedLanExposure;
  /** Pod annotations, e.g. the Prometheus scrape annotations. @default {} */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** RuntimeClass of the pods, e.g. "nvidia" for GPU apps. @default the node's default runtime */
  readonly runtimeClassName?: string;
}

function toKplusResources(c: ResolvedContainer): kplus.ContainerResources {
  return {
    cpu: { request: kplus.Cpu.millis(c.requests.cpuMillis), limit: kplus.Cpu.millis(c.limits.cpuMillis) },
    memory: { request: Size.mebibytes(c.requests.memoryMiB), limit: Size.mebibytes(c.limits.memoryMiB) },
  };
}

/**
 * A multi-arch Deployment with edge defaults: one replica, IfNotPresent pulls
 * (links drop), explicit requests and limits, non-root, read-only root
 * filesystem, required arch affinity, rollouts that need no spare capacity,
 * and a Service when the main container has ports.
 */
export class EdgeWorkload extends Construct {
  public readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, props: EdgeWorkloadProps) {
    super(scope, id);
    const labels = commonLabels(props.name);
    const { runAsUser } = props;
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: props.name, labels },
      select: false,
      replicas: props.replicas,
      // Single-replica pods on small nodes: replace in place rather than surge
      // a second copy that the node may have no room for.
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(0),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
      }),
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: runAsUser, group: runAsUser, fsGroup: runAsUser },
      podMetadata: { labels },
      containers: props.containers.map((c, i) => ({
        ...(i === 0 ? containerProbes(props.probes) : {}),
        name: c.name,
        image: c.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: c.ports.map((p) => ({
          name: p.name,
          number: p.port,
          protocol: p.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP,
        })),
        envVariables: Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
        resources: toKplusResources(c),
        command: c.command ? [...c.command] : undefined,
        args: c.args ? [...c.args] : undefined,
        securityContext: {
          ensureNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
          user: runAsUser,
          group: runAsUser,
        },
      })),
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { [LABELS.name]: props.name } }));
    const queries = [kplus.NodeLabelQuery.in(LABELS.arch, [...props.arches])];
    if (props.placement?.deviceClasses) queries.push(kplus.NodeLabelQuery.in(LABELS.deviceClass, [...props.placement.deviceClasses]));
    this.deployment.scheduling.attract(kplus.Node.labeled(...queries));

    const main = this.deployment.containers[0];
    if (props.secrets) consumeSecrets(this, main, props.secrets);
    for (const [key, value] of Object.entries(props.podAnnotations ?? {})) this.deployment.podMetadata.addAnnotation(key, value);
    if (props.lan)
      new LanExposureConstruct(this, 'Lan', { ...props.lan, name: props.name, containers: props.containers, deployment: this.deployment });
    props.writablePaths.forEach((path, i) => {
      main.mount(path, kplus.Volume.fromEmptyDir(this, `Writable${i}`, `writable-${i}`));
    });
    mountPersistentVolumes(this, main, props.volumes ?? [], labels);
    if (props.configMapName) {
      const configMap = kplus.ConfigMap.fromConfigMapName(this, 'Config', props.configMapName);
      main.mount(props.configMountPath, kplus.Volume.fromConfigMap(this, 'ConfigVolume', configMap, { name: 'config' }), {
        readOnly: true,
      });
    }
    const mainPorts = props.containers[0].ports;
    if (mainPorts.length > 0) {
      new kplus.Service(this, 'Service', {
        metadata: { name: props.name, labels },
        selector: kplus.Pods.select(this, 'Pods', { labels: { [LABELS.name]: props.name } }),
        ports: mainPorts.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.port,
          protocol: p.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP,
        })),
      });
    }

    const raw = ApiObject.of(this.deployment);
    // cdk8s-plus labels pods with their construct address; a rename must not roll pods.
    raw.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    const extended = Object.entries(props.extendedResources ?? {});
    for (const [resource, count] of extended) {
      const key = resource.replace(/~/g, '~0').replace(/\//g, '~1');
      // KubeDeployment maps resource values through Quantity (`.value`) after
      // patches apply, so the patch value must be Quantity-shaped.
      const quantity = { value: count };
      raw.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/0/resources/limits/${key}`, quantity));
      raw.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/0/resources/requests/${key}`, quantity));
    }
    if (props.runtimeClassName) raw.addJsonPatch(JsonPatch.add('/spec/template/spec/runtimeClassName', props.runtimeClassName));
    const tolerations = props.placement?.tolerations ?? [];
    if (tolerations.length > 0) {
      raw.addJsonPatch(
        JsonPatch.add(
          '/spec/template/spec/tolerations',
          tolerations.map((t) => ({ key: t.key, operator: t.value === undefined ? 'Exists' : 'Equal', value: t.value, effect: t.effect })),
        ),
      );
    }
    const pullSecrets = props.imagePullSecrets ?? [];
    if (pullSecrets.length > 0)
      raw.addJsonPatch(
        JsonPatch.add(
          '/spec/template/spec/imagePullSecrets',
          pullSecrets.map((name) => ({ name })),
        ),
      );
  }
}
