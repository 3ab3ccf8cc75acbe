// v1 "cpu" and "cpuacct" hierarchies: CFS bandwidth and shares; usage and throttling counters.

import { join } from 'node:path';
import { parseFlatKeyed, parseSingleValue, readOptionalFile, writeCgroupFile } from './cgroup-io.js';
import type { CgroupStats, LinuxCpu } from './types.js';

/** Write cpu.cfs_period_us, cpu.cfs_quota_us and cpu.shares for the requested fields. */
export function applyV1Cpu(dir: string, cpu: LinuxCpu | undefined): void {
  if (!cpu) return;
  // Period before quota: the kernel checks quota against the period in force.
  if (cpu.period !== undefined) {
    writeCgroupFile(join(dir, 'cpu.cfs_period_us'), String(cpu.period), { field: 'cpu.period' });
  }
  if (cpu.quota !== undefined) {
    writeCgroupFile(join(dir, 'cpu.cfs_quota_us'), String(cpu.quota), { field: 'cpu.quota' });
  }
  if (cpu.shares !== undefined) {
    writeCgroupFile(join(dir, 'cpu.shares'), String(cpu.shares), { field: 'cpu.shares' });
  }
}

/** Read throttling counters from cpu.stat (throttled_time is already in ns on v1). */
export function readV1CpuStats(dir: string, stats: CgroupStats): void {
  const stat = parseFlatKeyed(readOptionalFile(join(dir, 'cpu.stat')));
  const nrPeriods = stat.get('nr_periods');
  const nrThrottled = stat.get('nr_throttled');
  const throttledNs = stat.get('throttled_time');
  if (nrPeriods !== undefined) stats.nrPeriods = nrPeriods;
  if (nrThrottled !== undefined) stats.nrThrottled = nrThrottled;
  if (throttledNs !== undefined) stats.throttledNs = throttledNs;
}

/** Read total CPU usage in ns from cpuacct.usage. */
export function readV1CpuacctStats(dir: string, stats: CgroupStats): void {
  const usage = parseSingleValue(readOptionalFile(join(dir, 'cpuacct.usage')));
  if (usage !== undefined) stats.cpuUsageNs = usage;
}
