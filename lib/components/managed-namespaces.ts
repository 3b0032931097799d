import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { commonLabels } from './labels';

export interface ManagedNamespacesProps {
  /** Namespace names to create. */
  readonly names: readonly string[];
}

/** The namespaces edgefleet manages on every cluster. */
export class ManagedNamespaces extends Construct {
  constructor(scope: Construct, id: string, props: ManagedNamespacesProps) {
    super(scope, id);
    for (const name of props.names) {
      new ApiObject(this, name, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: commonLabels(name) } });
    }
  }
}
