/** Label keys edgefleet writes and selects on. */
export const LABELS = {
  /** Selector label: stable, derived from the app name, never from a construct path. */
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  /** Node label naming the device class; nodes must carry it (k3s `--node-label`) for GPU placement. */
  deviceClass: 'edgefleet.io/device-class',
  arch: 'kubernetes.io/arch',
} as const;

/** Labels every edgefleet object carries. */
export function commonLabels(name: string): Record<string, string> {
  return { [LABELS.name]: name, [LABELS.partOf]: 'edgefleet', [LABELS.managedBy]: 'edgefleet' };
}

/**
 * Annotation by which a workload declares, with a reason, that it must run as
 * root (e.g. a log shipper reading host log files). The policy check accepts
 * it; nothing else may run as root.
 */
export const RUNS_AS_ROOT_ANNOTATION = 'edgefleet.io/runs-as-root';
