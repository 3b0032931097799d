import { DeviceClass, Fleet } from 'edgefleet';

/** The hardware Acme's edge nodes are built from. */
export function defineDeviceClasses(fleet: Fleet) {
  return {
    rpi4: new DeviceClass(fleet, 'rpi4-4g', {
      arch: 'arm64',
      cpu: '4',
      memory: '4Gi',
      disk: '16Gi',
      nodeLabels: { 'acme.example/board': 'rpi4' },
    }),
    armv7: new DeviceClass(fleet, 'armv7-1g', { arch: 'arm', cpu: '4', memory: '1Gi', nodeLabels: { 'acme.example/board': 'bpi-m2' } }),
    jetson: new DeviceClass(fleet, 'jetson-orin-8g', {
      arch: 'arm64',
      cpu: '6',
      memory: '8Gi',
      gpu: { vendor: 'nvidia', count: 1 },
      taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
    }),
    ipc: new DeviceClass(fleet, 'ipc-x86-16g', {
      arch: 'amd64',
      cpu: '8',
      memory: '16Gi',
      disk: '64Gi',
      nodeLabels: { 'acme.example/board': 'siemens-ipc427' },
    }),
  };
}
export type DeviceClasses = ReturnType<typeof defineDeviceClasses>;
