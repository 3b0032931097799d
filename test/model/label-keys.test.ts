import {
  ANNOTATIONS,
  EXTERNAL_LABELS,
  externalLabelName,
  FLEET_CLUSTER_LABELS,
  fleetArchLabel,
  LABELS,
  podLabelMeta,
  RESERVED_LABEL_PREFIXES,
} from '../../lib/model/label-keys';

describe('label keys', () => {
  // The `labels` setting refuses these prefixes (site-labels.ts): a user label can never take the place of one of edgefleet's keys.
  test('every label and annotation key edgefleet writes is under a reserved prefix', () => {
    const keys = [...Object.values(LABELS), ...Object.values(ANNOTATIONS), ...Object.values(FLEET_CLUSTER_LABELS), fleetArchLabel('arm64')];
    expect(keys.filter((key) => !RESERVED_LABEL_PREFIXES.some((p) => key.startsWith(p)))).toEqual([]);
  });

  test('external label names are valid Prometheus label names and stay as they are', () => {
    for (const name of Object.values(EXTERNAL_LABELS)) expect(externalLabelName(name)).toBe(name);
  });

  test('pod discovery meta label of the selector label, as Prometheus spells it', () => {
    expect(podLabelMeta(LABELS.name)).toBe('__meta_kubernetes_pod_label_app_kubernetes_io_name');
  });
});
