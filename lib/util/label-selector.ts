import type { SelectorRequirement } from './kube-object';

/*
 * The one matcher of selector requirements, for label selectors
 * (NetworkPolicy pod and namespace selectors) and node selector terms
 * (required node affinity).
 *
 * An unknown operator makes the selector invalid, and an invalid selector
 * matches nothing. Kubernetes refuses to build a selector from one:
 * k8s.io/apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector
 * returns `"%q is not a valid label selector operator"` for anything but
 * In, NotIn, Exists and DoesNotExist (so the API server rejects such a
 * NetworkPolicy), and k8s.io/component-helpers
 * scheduling/corev1/nodeaffinity/nodeaffinity.go gives a node selector
 * term with an unsupported operator a parse error, and such a term matches
 * no node. Gt and Lt are valid in node selectors only: the label value and
 * the single requirement value are read as integers
 * (k8s.io/apimachinery pkg/labels/selector.go Requirement.Matches).
 */

/** Which operators a selector takes. */
export type SelectorKind = 'label' | 'node';

const LABEL_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const NODE_OPERATORS: readonly string[] = [...LABEL_OPERATORS, 'Gt', 'Lt'];

/** Whether a selector of this kind takes the operator. */
export function isValidOperator(kind: SelectorKind, operator: string): boolean {
  return (kind === 'label' ? LABEL_OPERATORS : NODE_OPERATORS).includes(operator);
}

const INTEGER = /^-?[0-9]+$/;

function matchesOne(requirement: SelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default: {
      // Gt, Lt (isValidOperator has refused anything else).
      if (value === undefined || values.length !== 1 || !INTEGER.test(value) || !INTEGER.test(values[0])) return false;
      const [have, bound] = [BigInt(value), BigInt(values[0])];
      return requirement.operator === 'Gt' ? have > bound : have < bound;
    }
  }
}

/** Whether labels meet every requirement (ANDed); false when any requirement has an operator the kind does not take. */
export function matchesRequirements(
  kind: SelectorKind,
  requirements: readonly SelectorRequirement[],
  labels: Readonly<Record<string, string>>,
): boolean {
  if (requirements.some((r) => !isValidOperator(kind, r.operator))) return false;
  return requirements.every((r) => matchesOne(r, labels));
}
