// cgroup v2 limit files: cpu.max, cpu.weight, cpuset.*, memory.max, memory.swap.max, pids.max,
// converted from OCI (v1-shaped) values the way runc and crun do.

import { join } from 'node:path';
import { cgroupFileExists, writeCgroupFile } from './cgroup-io.js';
import { isSet } from './check-resources.js';
import { CgroupError } from './errors.js';
import { applyPidsLimit } from './pids-files.js';
import type { LinuxCpu, LinuxMemory, LinuxResources } from './types.js';

/** Kernel default CFS period, written when only a quota is given. */
export const DEFAULT_CFS_PERIOD_US = 100_000;

/** OCI shares (2..262144) to cgroup v2 cpu.weight (1..10000), as runc and crun convert it. */
export function cpuWeightFromShares(shares: number): number {
  return Math.floor(1 + ((shares - 2) * 9999) / 262142);
}

/** The cpu.max line ("QUOTA PERIOD", "max PERIOD"), or undefined when neither is asked for. */
export function cpuMaxValue(cpu: LinuxCpu | undefined): string | undefined {
  if (cpu?.quota === undefined && cpu?.period === undefined) return undefined;
  const quota = cpu.quota === undefined || cpu.quota === -1 ? 'max' : String(cpu.quota);
  return `${quota} ${cpu.period ?? DEFAULT_CFS_PERIOD_US}`;
}

/** memory.swap.max for OCI swap (memory+swap): swap − limit, or "max". */
export function swapMaxValue(memory: LinuxMemory): string | undefined {
  if (memory.swap === undefined) return undefined;
  if (memory.swap === -1) return 'max';
  // checkResources() guarantees a limit ≤ swap here.
  return String(memory.swap - (memory.limit ?? 0));
}

/** Write every requested limit into the v2 cgroup `dir`. */
export function applyV2Limits(dir: string, resources: LinuxResources): void {
  const { cpu, memory } = resources;
  if (isSet(cpu?.cpus)) writeCgroupFile(join(dir, 'cpuset.cpus'), cpu.cpus, { field: 'cpu.cpus' });
  if (isSet(cpu?.mems)) writeCgroupFile(join(dir, 'cpuset.mems'), cpu.mems, { field: 'cpu.mems' });
  const cpuMax = cpuMaxValue(cpu);
  if (cpuMax !== undefined) writeCgroupFile(join(dir, 'cpu.max'), cpuMax, { field: 'cpu.quota' });
  if (cpu?.shares !== undefined) {
    writeCgroupFile(join(dir, 'cpu.weight'), String(cpuWeightFromShares(cpu.shares)), { field: 'cpu.shares' });
  }
  if (memory?.limit !== undefined) {
    writeCgroupFile(join(dir, 'memory.max'), memory.limit === -1 ? 'max' : String(memory.limit), { field: 'memory.limit' });
  }
  if (memory) applySwap(dir, memory);
  applyPidsLimit(dir, resources.pids);
}

function applySwap(dir: string, memory: LinuxMemory): void {
  const value = swapMaxValue(memory);
  if (value === undefined) return;
  const file = join(dir, 'memory.swap.max');
  if (cgroupFileExists(file)) {
    writeCgroupFile(file, value, { field: 'memory.swap' });
    return;
  }
  if (value === 'max') return; // unlimited is what the kernel does without swap accounting
  throw new CgroupError({
    step: 'write-limit',
    syscall: 'open',
    path: file,
    errno: 'ENOENT',
    what: `write ${JSON.stringify(value)} (linux.resources.memory.swap)`,
    hint: 'this kernel has no swap accounting (CONFIG_MEMCG_SWAP, or swapaccount=0), so memory+swap cannot be limited; omit linux.resources.memory.swap',
  });
}
