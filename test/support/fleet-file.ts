import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `dir/name`: a fleet file as a user writes one (it imports "edgefleet",
 * which the CLI resolves to its own copy), with `body` after the header of a
 * valid small fleet that declares `fleet` and the device class `pi`.
 */
export function writeFleetFile(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `import { DeviceClass, EdgeApp, EdgeSite, Fleet, RegionalTier } from 'edgefleet';
export const fleet = new Fleet(undefined, 'cli', {
  gitops: { repoUrl: 'https://git.example.com/x.git' },
  hub: { metricsUrl: 'https://hub.example.com/api/v1/write', logsUrl: 'https://hub.example.com/loki/api/v1/push', cidrs: ['198.51.100.0/24'] },
  apiServerCidrs: ['10.0.0.10/32'],
});
const pi = new DeviceClass(fleet, 'pi', { arch: 'arm64', cpu: '4', memory: '4Gi' });
${body}
`,
  );
  return file;
}
