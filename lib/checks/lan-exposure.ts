import { LABELS } from '../model/label-keys';
import { lanServiceName } from '../components/lan-exposure';
import { lanNodePort } from '../model/lan-exposure';
import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import { KubeObject, workloadSpecOf } from '../util/kube-object';

interface ServiceSpec {
  readonly type?: string;
  readonly externalTrafficPolicy?: string;
  readonly selector?: Record<string, string>;
  readonly ports?: readonly {
    readonly port: number;
    readonly targetPort?: number | string;
    readonly nodePort?: number;
    readonly protocol?: string;
  }[];
}

/**
 * Whether LAN clients can reach each `lanIngress` port the way the app
 * chose, over the rendered objects: a host port on the container port, or
 * the app's `-lan` Service of that type selecting its pods, with
 * `externalTrafficPolicy: Local` (else the source is rewritten and the
 * NetworkPolicy's LAN ipBlock never matches; see lib/model/lan-exposure.ts)
 * and the port (and node port) given. Also reports two apps of the site
 * taking the same port on the nodes.
 */
export function checkLanReachability(site: ResolvedSite, objects: readonly KubeObject[]): Problem[] {
  const { apps: namespace } = site.settings.namespaces;
  const problems: Problem[] = [];
  const nodePorts = new Map<string, string>();
  for (const app of site.apps) {
    const at = (field: string, message: string, hint: string) =>
      problems.push({ path: app.path, site: site.cluster, field, message, hint });
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === namespace && o.metadata.name === app.name);
    const pod = deployment && workloadSpecOf(deployment)?.template?.spec;
    const service = objects.find(
      (o) => o.kind === 'Service' && o.metadata.namespace === namespace && o.metadata.name === lanServiceName(app.name),
    );
    const spec = service?.spec as ServiceSpec | undefined;
    app.lanIngress.forEach((l, i) => {
      const field = `lanIngress.${i}`;
      const what = `LAN clients cannot reach ${l.port}/${l.protocol} of app ${app.name} by ${app.lanExposure}`;
      const onNode = `${lanNodePort(app, l)}/${l.protocol}`;
      const taken = nodePorts.get(onNode);
      if (taken)
        at(
          field,
          `app ${app.name} and app ${taken} both take ${onNode} on the site's nodes`,
          'give one of them another port (or nodePort)',
        );
      nodePorts.set(onNode, app.name);
      if (app.lanExposure === 'hostPort') {
        const bound = (pod?.containers ?? []).some((c) =>
          (c.ports ?? []).some((p) => p.containerPort === l.port && (p.protocol ?? 'TCP') === l.protocol && p.hostPort === l.port),
        );
        if (!bound)
          at(field, `${what}: no container binds it as a hostPort`, 'render the app with EdgeWorkload, which sets hostPort in this mode');
        return;
      }
      if (!spec) {
        at(field, `${what}: there is no Service ${lanServiceName(app.name)}`, 'render the app with EdgeWorkload, which writes it');
        return;
      }
      const port = (spec.ports ?? []).find(
        (p) => p.port === l.port && (p.protocol ?? 'TCP') === l.protocol && (p.targetPort ?? p.port) === l.port,
      );
      if (spec.type !== app.lanExposure)
        at(field, `${what}: Service ${lanServiceName(app.name)} is of type ${spec.type ?? 'ClusterIP'}`, `make it type ${app.lanExposure}`);
      else if (spec.externalTrafficPolicy !== 'Local') {
        at(
          field,
          `Service ${lanServiceName(app.name)} does not keep the client address (externalTrafficPolicy is not Local), so the LAN's ipBlock never matches what reaches app ${app.name}`,
          'set externalTrafficPolicy: Local',
        );
      } else if (spec.selector?.[LABELS.name] !== app.name)
        at(field, `${what}: Service ${lanServiceName(app.name)} does not select its pods`, `select ${LABELS.name}: ${app.name}`);
      else if (!port)
        at(
          field,
          `${what}: Service ${lanServiceName(app.name)} has no port ${l.port}/${l.protocol} targeting it`,
          'list the port in the Service',
        );
      else if (app.lanExposure === 'NodePort' && port.nodePort !== l.nodePort)
        at(
          field,
          `${what}: Service ${lanServiceName(app.name)} does not fix node port ${l.nodePort}`,
          'set the nodePort of the Service port',
        );
    });
  }
  return problems;
}
