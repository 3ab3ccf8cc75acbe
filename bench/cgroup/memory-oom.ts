// Memory limit accuracy: the workload allocates (and touches) twice the limit in 1 MiB
// steps until the OOM killer ends it; the cgroup's peak usage (v1 max_usage_in_bytes, v2
// memory.peak) is the largest size it reached. The probe dies before it can print its own
// progress, so the cgroup's counter is the only witness.
import { benchSpec, runWorkload } from './workload-spec.js';

const MiB = 2 ** 20;

/** One run under one limit. */
export interface MemorySample {
  limitMiB: number;
  /** Peak usage of the cgroup (MiB); undefined when the kernel does not report a peak. */
  peakMiB: number | undefined;
  oomKilled: boolean;
  /** Processes the OOM killer killed (from the cgroup's counters). */
  oomKills: number;
}

/** Runs the allocating workload under limitMiB. */
export async function measureMemory(image: string, limitMiB: number): Promise<MemorySample> {
  const spec = benchSpec(image, ['/usr/bin/probe', 'alloc', String(limitMiB * 2 + 16)], { memoryBytes: limitMiB * MiB });
  const r = await runWorkload(spec, {}, true);
  return {
    limitMiB,
    peakMiB: r.cgroup.memoryPeak !== undefined ? r.cgroup.memoryPeak / MiB : undefined,
    oomKilled: r.oomKilled,
    oomKills: r.cgroup.oomKills ?? 0,
  };
}
