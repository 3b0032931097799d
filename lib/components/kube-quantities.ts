import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import type { ResourceQuantities } from '../util/kube-object';

/** Requests or limits as the typed k8s API takes them. */
export function kubeQuantities(q: ResourceQuantities): { cpu: k8s.Quantity; memory: k8s.Quantity } {
  return { cpu: k8s.Quantity.fromString(q.cpu), memory: k8s.Quantity.fromString(q.memory) };
}
