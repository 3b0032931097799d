import { LABELS } from '../model/label-keys';

/** Labels every edgefleet object carries. */
export function commonLabels(name: string): Record<string, string> {
  return { [LABELS.name]: name, [LABELS.partOf]: 'edgefleet', [LABELS.managedBy]: 'edgefleet' };
}
