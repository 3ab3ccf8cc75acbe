// pids limit exactness: the workload (the container's pid 1) forks children that stay
// alive until fork fails; it plus its children is the number of processes the cgroup
// reached, to compare with pids.max exactly.
import { benchSpec, jsonLines, runWorkload } from './workload-spec.js';

/** One run under one limit. */
export interface PidsSample {
  limit: number;
  /** Processes in the cgroup at the most: the workload and the children it forked. */
  reached: number;
  /** errno name of the failed fork ("EAGAIN"), null when every fork succeeded. */
  error: string | null;
  /** Forks the kernel refused because of pids.max (pids.events), when reported. */
  limitHits: number | undefined;
}

interface ForkOutput {
  forked: number;
  error: string | null;
}

/** Runs the forking workload under limit. */
export async function measurePids(image: string, limit: number): Promise<PidsSample> {
  const spec = benchSpec(image, ['/usr/bin/probe', 'fork', String(limit + 16)], { pids: limit });
  const r = await runWorkload(spec);
  const [out] = jsonLines<ForkOutput>(r.stdout, 'probe fork');
  if (!out) throw new Error(`pids limit ${limit}: probe fork printed nothing`);
  return { limit, reached: out.forked + 1, error: out.error, limitHits: r.cgroup.pidsLimitHits };
}
