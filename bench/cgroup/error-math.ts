// The arithmetic of CPU-quota accuracy, kept pure so that tests can pin it down.

/** Busy threads for a quota: one more than the quota rounds up to, so the quota always binds. */
export function threadsFor(quota: number): number {
  return Math.ceil(quota) + 1;
}

/** CPUs used: CPU time over wall time. */
export function cpusUsed(cpuNs: number, wallNs: number): number {
  if (!(wallNs > 0)) throw new Error(`cpusUsed: wall time must be positive, got ${wallNs}`);
  return cpuNs / wallNs;
}

/** How far usage is from the quota, in % of the quota (+2 = 2 % more than allowed). */
export function quotaErrorPercent(usedCpus: number, quotaCpus: number): number {
  if (!(quotaCpus > 0)) throw new Error(`quotaErrorPercent: quota must be positive, got ${quotaCpus}`);
  return (usedCpus / quotaCpus - 1) * 100;
}

/**
 * The window over which usage is read in the steady state: it starts after `skipPeriods`
 * CFS periods (a new cgroup's first period grants a full quota whenever in the period the
 * workload starts) and spans a whole number of periods, leaving two spare periods before
 * the workload ends (each end of the window may wait up to a period for a throttle).
 */
export function steadyWindow(seconds: number, periodMs: number, skipPeriods = 2): { startMs: number; lengthMs: number; periods: number } {
  const periods = Math.floor((seconds * 1000) / periodMs) - skipPeriods - 2;
  if (periods < 1) throw new Error(`steadyWindow: ${seconds} s leaves no whole ${periodMs} ms period after skipping ${skipPeriods} and keeping two spare`);
  return { startMs: skipPeriods * periodMs, lengthMs: periods * periodMs, periods };
}

/** Two readings of a cgroup's CPU counters. */
export interface CpuReading {
  usageNs: number;
  nrPeriods: number;
  /** Monotonic ns when read. */
  t: number;
}

/**
 * CPUs granted between two readings. When both were taken while the cgroup sat throttled
 * (its usage frozen until the next period), the usage between them is what the periods
 * that began in between granted, so dividing by those periods (not by the wall time, whose
 * ends fall anywhere within a period) gives the per-period grant exactly. Otherwise it is
 * usage over wall time.
 */
export function grantedCpus(a: CpuReading, b: CpuReading, periodMs: number, synchronised: boolean): number {
  const periods = b.nrPeriods - a.nrPeriods;
  if (synchronised && periods > 0) return (b.usageNs - a.usageNs) / (periods * periodMs * 1e6);
  return cpusUsed(b.usageNs - a.usageNs, b.t - a.t);
}

/** The average CPUs a bursty workload asks for. */
export function burstAverageCpus(threads: number, burstMs: number, everyMs: number): number {
  return (threads * burstMs) / everyMs;
}

/** CPU time the workload wants within one burst against what one CFS period grants (> 1: throttled). */
export function burstOverQuota(threads: number, burstMs: number, quota: number, periodMs: number): number {
  return (threads * burstMs) / (quota * periodMs);
}

/** Share of CFS periods in which the cgroup was throttled, in %. */
export function throttledPercent(nrThrottled: number, nrPeriods: number): number {
  return nrPeriods > 0 ? (nrThrottled / nrPeriods) * 100 : 0;
}
