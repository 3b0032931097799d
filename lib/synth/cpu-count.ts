import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** CPUs a cgroup quota allows (cgroup v2 `cpu.max`, else v1 `cpu.cfs_quota_us`), or undefined when unlimited or unreadable. */
function cgroupCpuLimit(): number | undefined {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const v2 = read('/sys/fs/cgroup/cpu.max')?.split(/\s+/);
  const [quota, period] = v2 ?? [read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')];
  const q = Number(quota);
  const p = Number(period);
  return Number.isFinite(q) && q > 0 && p > 0 ? Math.max(1, Math.ceil(q / p)) : undefined;
}

/**
 * CPUs this process may use: os.availableParallelism() (CPU affinity), capped
 * by a cgroup CPU quota, which the libuv of Node 20 does not look at.
 */
export function availableCpus(): number {
  return Math.min(availableParallelism(), cgroupCpuLimit() ?? Infinity);
}
