// Types shared by every cgroup backend. Cgroups know nothing about containers:
// they take a relative path and the OCI runtime-spec `linux.resources` subset.

/** OCI `linux.resources.cpu` (subset). quota/period in µs; quota -1 = unlimited. */
export interface LinuxCpu {
  quota?: number;
  period?: number;
  cpus?: string;
  mems?: string;
  shares?: number;
}

/** OCI `linux.resources.memory` (subset). Bytes; swap is the memory+swap total; -1 = unlimited. */
export interface LinuxMemory {
  limit?: number;
  swap?: number;
}

/** OCI `linux.resources.pids`. -1 = unlimited. */
export interface LinuxPids {
  limit: number;
}

/** OCI `linux.resources` (subset) — the only input a cgroup driver takes besides the path. */
export interface LinuxResources {
  cpu?: LinuxCpu;
  memory?: LinuxMemory;
  pids?: LinuxPids;
}

/** How the host mounts cgroups: pure v2, pure v1, or v1 controllers plus an empty-ish v2 mount. */
export type CgroupMode = 'unified' | 'legacy' | 'hybrid';

/** Which kernel interface a driver speaks. */
export type CgroupVersion = 'v1' | 'v2';

/** What create() will make for one cgroup; record `dirs` in an intent log before creating. */
export interface CgroupPlan {
  /** Relative to each hierarchy's mount point, e.g. "isolab/abc123". */
  path: string;
  /** Absolute leaf directories that create() makes (one per hierarchy used); destroy() removes them. */
  dirs: string[];
  /** Absolute cgroup.procs files a process must be written to, to join the cgroup. */
  procs: string[];
}

/**
 * Counters read back from the kernel. A field is absent when the host does not
 * expose it (controller not mounted or not enabled, older kernel).
 */
export interface CgroupStats {
  /** Total CPU time consumed, ns (v1 cpuacct.usage; v2 cpu.stat usage_usec × 1000). */
  cpuUsageNs?: number;
  /** CFS bandwidth periods that elapsed while the cgroup had runnable tasks. */
  nrPeriods?: number;
  /** Periods in which the cgroup was throttled. */
  nrThrottled?: number;
  /** Total time throttled, ns. */
  throttledNs?: number;
  /** Current memory usage, bytes. */
  memoryCurrent?: number;
  /** Peak memory usage, bytes (v1 max_usage_in_bytes; v2 memory.peak when present). */
  memoryPeak?: number;
  /** Memory limit in bytes as the kernel reports it; -1 when unlimited. */
  memoryLimit?: number;
  /** Times the limit was reached and the OOM path ran (v2 memory.events oom; v1: oom_kill). */
  oomEvents?: number;
  /** Processes killed by the OOM killer (v2 memory.events oom_kill; v1 memory.oom_control oom_kill). */
  oomKills?: number;
  /** Processes (tasks) currently in the cgroup. */
  pidsCurrent?: number;
  /** Forks refused because pids.max was reached (pids.events "max"). */
  pidsLimitHits?: number;
}
