/*
 * Kubernetes object and pod-spec shapes as the stages read them: plain JSON,
 * every field optional beyond what the API requires, so that a check reads
 * a rendered object (or one a render hook made) without trusting it.
 */

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** CPU and memory as Kubernetes quantities. */
export interface ResourceQuantities {
  /** CPU quantity, e.g. `250m`. */
  readonly cpu: string;
  /** Memory quantity, e.g. `256Mi`. */
  readonly memory: string;
}

/** One requirement of a label or node selector (`matchExpressions` entry). */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** A label selector: `matchLabels` and `matchExpressions`, ANDed. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly SelectorRequirement[];
}

/** A container of a pod spec, the fields the checks read. */
export interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly { readonly containerPort: number; readonly hostPort?: number; readonly protocol?: string }[];
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string | number>>;
    readonly limits?: Readonly<Record<string, string | number>>;
  };
  readonly securityContext?: { readonly readOnlyRootFilesystem?: boolean; readonly runAsNonRoot?: boolean; readonly runAsUser?: number };
}

/** A pod spec, the fields the checks read. */
export interface PodSpec {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: {
    readonly nodeAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution?: {
        readonly nodeSelectorTerms?: readonly { readonly matchExpressions?: readonly SelectorRequirement[] }[];
      };
    };
  };
  readonly tolerations?: readonly {
    readonly key?: string;
    readonly operator?: string;
    readonly value?: string;
    readonly effect?: string;
  }[];
  readonly containers?: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly volumes?: readonly { readonly persistentVolumeClaim?: { readonly claimName?: string } }[];
  readonly securityContext?: { readonly runAsNonRoot?: boolean; readonly runAsUser?: number };
}

/** A pod template (or a Pod): labels and spec. */
export interface PodTemplate {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: PodSpec;
}

/** The spec of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob), the fields the checks read. */
export interface WorkloadSpec {
  readonly replicas?: number;
  readonly template?: PodTemplate;
  readonly jobTemplate?: { readonly spec?: { readonly template?: PodTemplate } };
  readonly volumeClaimTemplates?: readonly {
    readonly metadata?: { readonly name?: string };
    readonly spec?: { readonly resources?: { readonly requests?: { readonly storage?: string } } };
  }[];
}

/** An object's `spec` read as a workload's. */
export function workloadSpecOf(object: KubeObject): WorkloadSpec | undefined {
  return object.spec as WorkloadSpec | undefined;
}
