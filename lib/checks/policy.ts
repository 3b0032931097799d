import { isFloatingImage } from '../model/image-ref';
import { ANNOTATIONS } from '../model/label-keys';
import type { Problem } from '../model/problem';
import { objectProblem } from './object-problem';
import { checkObjectShape } from './object-shape';
import { unitSource } from './secrets';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderedUnit } from '../render/render-unit';
import { KubeObject, PodSpec, workloadSpecOf } from '../util/kube-object';

function podSpecOf(object: KubeObject): PodSpec | undefined {
  if (object.kind === 'Pod') return object.spec as PodSpec;
  return workloadSpecOf(object)?.template?.spec;
}

/**
 * Policy over rendered objects: no plaintext Secret, no floating image tag,
 * requests and limits on every container, read-only root filesystem, and
 * non-root unless the workload carries ANNOTATIONS.runsAsRoot; and the
 * shape checks of checkObjectShape.
 */
export function checkPolicy(site: ResolvedSite, unit: RenderedUnit): Problem[] {
  const problems: Problem[] = checkObjectShape(site, unit);
  const at = (object: KubeObject, field: string, message: string, hint: string): void => {
    problems.push(objectProblem(site, unit, object, field, message, hint));
  };
  for (const object of unit.objects) {
    if (object.kind === 'Secret') {
      at(
        object,
        'kind',
        `${unitSource(unit.name)} renders a plaintext Secret`,
        'never put plaintext Secrets in the tree: reference a SOPS-encrypted file or a SealedSecret',
      );
      continue;
    }
    const pod = podSpecOf(object);
    if (!pod) continue;
    const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
    const rootAllowed = Boolean(annotations[ANNOTATIONS.runsAsRoot]);
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const field = `containers[${c.name}]`;
      if (!c.image || isFloatingImage(c.image)) {
        at(
          object,
          `${field}.image`,
          `image "${c.image ?? ''}" of app ${unit.name} has no tag or uses :latest`,
          'pin an explicit version tag (and list it in the image lock)',
        );
      }
      for (const kind of ['requests', 'limits'] as const) {
        const r = c.resources?.[kind];
        if (!r || r.cpu === undefined || r.memory === undefined) {
          at(
            object,
            `${field}.resources.${kind}`,
            `cpu and memory ${kind} are not both set`,
            'set explicit requests and limits: edge nodes are small',
          );
        }
      }
      if (c.securityContext?.readOnlyRootFilesystem !== true) {
        at(
          object,
          `${field}.securityContext.readOnlyRootFilesystem`,
          'root filesystem is writable',
          'mount emptyDir volumes for the paths the app writes',
        );
      }
      const nonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      if (!rootAllowed && nonRoot !== true) {
        at(object, `${field}.securityContext.runAsNonRoot`, 'container may run as root', 'run as a non-root user id');
      }
    }
  }
  return problems;
}
