// The bursty workload behind the CFS throttling complaints (Kubernetes and others): each
// process sleeps, then burns a short burst of CPU, far below the quota on average. With
// two processes bursting together, the CPU they want within one CFS period exceeds what
// the period grants, so the cgroup is throttled and the burst's wall time stretches to the
// next period, although the average never comes near the quota. The same workload is run
// with one process (within the quota) and without a limit (the baseline).
import { burstAverageCpus } from './error-math.js';
import type { BurstShape } from './settings.js';
import { benchSpec, jsonLines, runWorkload, shellSpec } from './workload-spec.js';

/** The three runs of the bursty workload. */
export type BurstCase = 'unlimited' | 'one-process' | 'two-processes';

/** Every case, in the order tables list them. */
export const BURST_CASES: readonly BurstCase[] = ['unlimited', 'one-process', 'two-processes'];

/** One run of one case. */
export interface BurstSample {
  case: BurstCase;
  processes: number;
  quota: number | null;
  /** Wall time of every burst (ms), in time order, all processes. */
  latenciesMs: number[];
  /** Bursts that ran into the next burst period (the probe's count). */
  overruns: number;
  nrPeriods: number;
  nrThrottled: number;
  throttledMs: number;
  /** CPUs the workload used on average (cgroup usage / the probe's wall time). */
  averageCpus: number;
}

interface BurstOutput {
  samples_us: number[];
  overruns: number;
  wall_ns: number;
}

/** The processes and quota of a case. */
export function burstCaseShape(c: BurstCase, shape: BurstShape): { processes: number; quota: number | null } {
  return { processes: c === 'one-process' ? 1 : 2, quota: c === 'unlimited' ? null : shape.quota };
}

/** What a case asks for on average (CPUs). */
export const burstCaseAverage = (c: BurstCase, shape: BurstShape): number =>
  burstAverageCpus(burstCaseShape(c, shape).processes, shape.burstMs, shape.everyMs);

/** Runs one case; undefined when it needs a shell the image does not have. */
export async function measureBurst(image: string, c: BurstCase, shape: BurstShape): Promise<BurstSample | undefined> {
  const { processes, quota } = burstCaseShape(c, shape);
  const args = ['/usr/bin/probe', 'burst', String(shape.everyMs * 1000), String(shape.burstMs * 1000), String(shape.bursts)];
  const limits = quota !== null ? { cpus: quota } : {};
  // Each process writes its own file, printed after both ended: their outputs never interleave.
  // The second runs in the foreground, then the shell polls for the first one's output
  // rather than `wait`: the launcher hands the workload a blocked SIGCHLD, with which
  // busybox's `wait` never returns.
  const script = [
    `${args.join(' ')} > /tmp/burst-1 &`, `${args.join(' ')} > /tmp/burst-0`,
    'until [ -s /tmp/burst-1 ]; do usleep 10000; done', 'cat /tmp/burst-0 /tmp/burst-1',
  ].join('\n');
  const spec = processes === 1 ? benchSpec(image, args, limits) : shellSpec(image, script, limits);
  if (!spec) return undefined;
  const r = await runWorkload(spec);
  const outs = jsonLines<BurstOutput>(r.stdout, 'probe burst');
  if (outs.length !== processes) throw new Error(`burst (${c}): expected ${processes} results, got ${outs.length}`);
  const wallNs = Math.max(...outs.map((o) => o.wall_ns));
  return {
    case: c, processes, quota,
    latenciesMs: outs.flatMap((o) => o.samples_us.map((us) => us / 1e3)),
    overruns: outs.reduce((n, o) => n + o.overruns, 0),
    nrPeriods: r.cgroup.nrPeriods ?? 0,
    nrThrottled: r.cgroup.nrThrottled ?? 0,
    throttledMs: (r.cgroup.throttledNs ?? 0) / 1e6,
    averageCpus: (r.cgroup.cpuUsageNs ?? 0) / wallNs,
  };
}
