import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { ProbeKind, ResolvedProbe, ResolvedProbes } from '../model/app-probes';

function toKplusProbe(p: ResolvedProbe): kplus.Probe {
  const options = {
    initialDelaySeconds: Duration.seconds(p.initialDelaySeconds),
    periodSeconds: Duration.seconds(p.periodSeconds),
    timeoutSeconds: Duration.seconds(p.timeoutSeconds),
    failureThreshold: p.failureThreshold,
  };
  if (p.http) return kplus.Probe.fromHttpGet(p.http.path, { ...options, port: p.http.port });
  if (p.tcp) return kplus.Probe.fromTcpSocket({ ...options, port: p.tcp.port });
  return kplus.Probe.fromCommand([...p.exec!.command], options);
}

const CONTAINER_FIELDS: Record<ProbeKind, 'liveness' | 'readiness' | 'startup'> = {
  liveness: 'liveness',
  readiness: 'readiness',
  startup: 'startup',
};

/** The probes as cdk8s-plus container props (`liveness`, `readiness`, `startup`). */
export function containerProbes(probes: ResolvedProbes | undefined): Pick<kplus.ContainerProps, 'liveness' | 'readiness' | 'startup'> {
  return Object.fromEntries(
    (Object.keys(probes ?? {}) as ProbeKind[]).map((kind) => [CONTAINER_FIELDS[kind], toKplusProbe(probes![kind]!)]),
  );
}
