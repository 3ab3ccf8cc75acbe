// CPU quota accuracy: a steady busy workload (ceil(quota)+1 spinning threads, so the quota
// always binds) for a few seconds. Usage is read from the cgroup's own accounting twice:
// over the whole run (RunResult: CPU time / the workload's wall time, which includes the
// first period's full quota), and per CFS period over a steady window, read from the host
// while it runs. Each end of the window is read while the cgroup sits throttled, its usage
// standing still until the next period: then the usage in between is exactly what the
// periods that began in between granted.
import { hostCgroupDriver } from '../../runtime/container/run-container.js';
import type { CgroupPlan } from '../../runtime/cgroup/types.js';
import { type CpuReading, cpusUsed, grantedCpus, steadyWindow, threadsFor } from './error-math.js';
import { benchSpec, jsonLines, runWorkload } from './workload-spec.js';

/** How a steady window was read (see SteadySample.window). */
export type SteadyWindowKind = 'throttled' | 'wall' | 'missed';

/** One steady run. */
export interface SteadySample {
  quota: number;
  threads: number;
  /** CPUs granted per period over the steady window. */
  steadyCpus: number;
  /**
   * How the steady window was read: both ends while the cgroup sat throttled (exact per
   * period), over wall time (no throttle came), or not at all (the host was too slow to
   * read it before the workload ended: the whole run's figure stands in).
   */
  window: SteadyWindowKind;
  /** CPUs used over the whole run (cgroup usage / the probe's wall time). */
  wholeRunCpus: number;
  nrPeriods: number;
  nrThrottled: number;
  throttledMs: number;
}

interface SpinOutput {
  cpu_ns: number;
  wall_ns: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads the counters while the cgroup sits throttled: polls every millisecond until two
 * readings show the same usage (the spinning threads have stopped: the period's quota is
 * spent, and usage stands still until the next period), for up to `withinMs`. `frozen`
 * is false when no such moment came (the quota never bound). nr_throttled cannot serve:
 * the kernel counts it at the period timer, i.e. when the throttle ends.
 */
async function readWhenThrottled(plan: CgroupPlan, withinMs: number): Promise<CpuReading & { frozen: boolean }> {
  const driver = hostCgroupDriver();
  const read = (): CpuReading => {
    const s = driver.stats(plan);
    if (s.cpuUsageNs === undefined) throw new Error('the cgroup reports no CPU usage');
    return { usageNs: s.cpuUsageNs, nrPeriods: s.nrPeriods ?? 0, t: Number(process.hrtime.bigint()) };
  };
  let prev = read();
  const until = prev.t + withinMs * 1e6;
  while (prev.t < until) {
    await sleep(1);
    const cur = read();
    if (cur.usageNs === prev.usageNs) return { ...cur, frozen: true };
    prev = cur;
  }
  return { ...prev, frozen: false };
}

/** Runs the spinning workload under quota for seconds; periodMs is the CFS period of the Spec. */
export async function measureSteady(image: string, quota: number, seconds: number, periodMs: number): Promise<SteadySample> {
  const threads = threadsFor(quota);
  const w = steadyWindow(seconds, periodMs);
  const spec = benchSpec(image, ['/usr/bin/probe', 'spin', String(threads), String(seconds)], { cpus: quota });
  let window: { a: CpuReading; b: CpuReading; synchronised: boolean } | undefined;
  const r = await runWorkload(spec, {
    onStarted: async (c) => {
      try {
        await sleep(w.startMs);
        const a = await readWhenThrottled(c.cgroup, periodMs);
        await sleep(w.lengthMs - periodMs / 2);
        const b = await readWhenThrottled(c.cgroup, periodMs);
        window = { a, b, synchronised: a.frozen && b.frozen };
      } catch {
        window = undefined; // the workload ended (its cgroup is gone) before the window closed
      }
    },
  });
  const [spin] = jsonLines<SpinOutput>(r.stdout, 'probe spin');
  const used = r.cgroup.cpuUsageNs;
  if (!spin || used === undefined) throw new Error(`quota ${quota}: no CPU usage reported (${spin ? 'the cgroup has no CPU accounting' : 'probe spin printed nothing'})`);
  const win = window as { a: CpuReading; b: CpuReading; synchronised: boolean } | undefined;
  const wholeRunCpus = cpusUsed(used, spin.wall_ns);
  return {
    quota, threads,
    steadyCpus: win ? grantedCpus(win.a, win.b, periodMs, win.synchronised) : wholeRunCpus,
    window: !win ? 'missed' : win.synchronised ? 'throttled' : 'wall',
    wholeRunCpus,
    nrPeriods: r.cgroup.nrPeriods ?? 0,
    nrThrottled: r.cgroup.nrThrottled ?? 0,
    throttledMs: (r.cgroup.throttledNs ?? 0) / 1e6,
  };
}
