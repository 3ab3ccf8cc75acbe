// From the runs of a cgroup benchmark to its result: per quota the error of the usage
// against the quota (steady window and whole run) and the throttling counters; per burst
// case the burst latency and throttling; per memory limit the peak; per pids limit the
// processes reached. Pure.
import { type Comparison, compareFigures } from '../compare.js';
import { type Figure, makeFigure } from '../figure.js';
import { BURST_CASES, type BurstCase, type BurstSample } from './cpu-burst.js';
import type { SteadySample, SteadyWindowKind } from './cpu-steady.js';
import { quotaErrorPercent, throttledPercent } from './error-math.js';
import type { MemorySample } from './memory-oom.js';
import type { PidsSample } from './pids-limit.js';
import type { CgroupSettings } from './settings.js';

/** One CPU quota's outcome. */
export interface QuotaResult {
  quota: number;
  threads: number;
  /** Usage over the steady window against the quota, % (0 = exact). */
  error: Figure;
  /** Usage over the whole run against the quota, % (includes the first period's full quota). */
  wholeRunError: Figure;
  /** Periods throttled, % of the periods the cgroup ran in. */
  throttled: Figure;
  /** Runs whose steady window was read at throttles (exact per period), over wall time, or missed. */
  windows: Record<SteadyWindowKind, number>;
  /** Medians of the raw counters. */
  nrPeriods: number;
  nrThrottled: number;
  throttledMs: number;
}

/** One burst case's outcome. */
export interface BurstResult {
  case: BurstCase;
  processes: number;
  quota: number | null;
  /** Average CPUs used (median over runs). */
  averageCpus: number;
  /** Wall time of each burst (ms), all runs. */
  latency: Figure;
  /** This case's latency against the unlimited case's. */
  vsUnlimited?: Comparison;
  nrPeriods: number;
  nrThrottled: number;
  throttledMs: number;
  overruns: number;
}

/** One memory limit's outcome. */
export interface MemoryResult {
  limitMiB: number;
  /** Peak usage (MiB); absent when the kernel does not report one. */
  peak?: Figure;
  /** Runs that ended in an OOM kill, of all runs. */
  oomKilled: number;
  runs: number;
}

/** One pids limit's outcome. */
export interface PidsResult {
  limit: number;
  reached: Figure;
  /** Every run reached exactly the limit. */
  exact: boolean;
  /** errno names of the failed forks. */
  errors: string[];
  limitHits?: number;
}

/** Everything the cgroup benchmark measured. */
export interface CgroupResult {
  cpu: QuotaResult[];
  burst: BurstResult[];
  memory: MemoryResult[];
  pids: PidsResult[];
  /** The driver every limit went through. */
  driver: { version: string; mode: string };
  skipped: { name: string; reason: string }[];
  /** Measurements that failed during the run: left out from then on, with the error. */
  failed: { name: string; reason: string }[];
  warnings: string[];
  settings: CgroupSettings & Record<string, unknown>;
}

/** Raw runs, as run-cgroup collects them. */
export interface CgroupRuns {
  steady: SteadySample[];
  burst: BurstSample[];
  memory: MemorySample[];
  pids: PidsSample[];
}

const count = (xs: SteadySample[], kind: SteadyWindowKind) => xs.filter((s) => s.window === kind).length;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * A figure of a difference near zero (an error in %), whose warnings are those of the
 * quantity it is the difference of: σ / median means nothing for a median near 0.
 */
function errorFigure(name: string, errors: number[], of: Figure, params: Record<string, number | string>): Figure {
  const f = makeFigure({ name, unit: '%', samples: errors, params, resolution: 0 });
  return { ...f, warnings: [...of.warnings, 'assessed: on the usage in % of the quota, since σ / median means nothing for an error near 0'] };
}

/** Summarises the runs. */
export function summariseCgroup(runs: CgroupRuns, settings: CgroupSettings): Pick<CgroupResult, 'cpu' | 'burst' | 'memory' | 'pids' | 'warnings'> {
  const warnings: string[] = [];
  const cpu = settings.quotas.flatMap((quota): QuotaResult[] => {
    const xs = runs.steady.filter((s) => s.quota === quota);
    if (!xs.length) return [];
    const params = { quota, threads: xs[0]!.threads, seconds: settings.seconds, periodMs: settings.periodMs };
    const usage = (pick: (s: SteadySample) => number, name: string) =>
      makeFigure({ name, unit: '% of quota', samples: xs.map((s) => (pick(s) / quota) * 100), params, resolution: 0 });
    const steadyUsage = usage((s) => s.steadyCpus, `cgroup.cpu.usage.quota-${quota}`);
    const wholeUsage = usage((s) => s.wholeRunCpus, `cgroup.cpu.usage-whole-run.quota-${quota}`);
    return [{
      quota, threads: xs[0]!.threads,
      error: errorFigure(`cgroup.cpu.error.quota-${quota}`, xs.map((s) => quotaErrorPercent(s.steadyCpus, quota)), steadyUsage, { ...params, window: 'steady' }),
      wholeRunError: errorFigure(`cgroup.cpu.error-whole-run.quota-${quota}`, xs.map((s) => quotaErrorPercent(s.wholeRunCpus, quota)), wholeUsage, { ...params, window: 'whole run' }),
      throttled: makeFigure({ name: `cgroup.cpu.throttled-periods.quota-${quota}`, unit: '% of periods', samples: xs.map((s) => throttledPercent(s.nrThrottled, s.nrPeriods)), params, resolution: 0 }),
      windows: { throttled: count(xs, 'throttled'), wall: count(xs, 'wall'), missed: count(xs, 'missed') },
      nrPeriods: median(xs.map((s) => s.nrPeriods)), nrThrottled: median(xs.map((s) => s.nrThrottled)), throttledMs: median(xs.map((s) => s.throttledMs)),
    }];
  });
  for (const q of cpu) {
    const n = q.error.stats.n;
    if (q.windows.wall) warnings.push(`quota ${q.quota}: ${q.windows.wall} of ${n} steady windows saw no throttle to read at (the quota did not bind: a busy machine?), and were read over wall time instead`);
    if (q.windows.missed) warnings.push(`quota ${q.quota}: ${q.windows.missed} of ${n} steady windows could not be read before the workload ended (a slow host): the whole run's usage stands in`);
  }
  const burst = BURST_CASES.flatMap((c): BurstResult[] => {
    const xs = runs.burst.filter((s) => s.case === c);
    if (!xs.length) return [];
    const { processes, quota } = xs[0]!;
    const params = { case: c, processes, quota: quota ?? 'none', everyMs: settings.burst.everyMs, burstMs: settings.burst.burstMs };
    return [{
      case: c, processes, quota,
      averageCpus: median(xs.map((s) => s.averageCpus)),
      latency: makeFigure({ name: `cgroup.burst.latency.${c}`, unit: 'ms', samples: xs.flatMap((s) => s.latenciesMs), params }),
      nrPeriods: median(xs.map((s) => s.nrPeriods)), nrThrottled: median(xs.map((s) => s.nrThrottled)),
      throttledMs: median(xs.map((s) => s.throttledMs)), overruns: xs.reduce((n, s) => n + s.overruns, 0),
    }];
  });
  const base = burst.find((b) => b.case === 'unlimited');
  for (const b of burst) if (base && b !== base) b.vsUnlimited = compareFigures(b.latency, base.latency);
  const memory = settings.memoryLimitsMiB.flatMap((limitMiB): MemoryResult[] => {
    const xs = runs.memory.filter((s) => s.limitMiB === limitMiB);
    if (!xs.length) return [];
    const peaks = xs.flatMap((s) => (s.peakMiB !== undefined ? [s.peakMiB] : []));
    if (peaks.length < xs.length) warnings.push(`memory limit ${limitMiB} MiB: the kernel reported no peak usage in ${xs.length - peaks.length} of ${xs.length} runs`);
    return [{
      limitMiB, oomKilled: xs.filter((s) => s.oomKilled).length, runs: xs.length,
      ...(peaks.length ? { peak: makeFigure({ name: `cgroup.memory.peak.limit-${limitMiB}MiB`, unit: 'MiB', samples: peaks, params: { limitMiB }, resolution: 0 }) } : {}),
    }];
  });
  const pids = settings.pidsLimits.flatMap((limit): PidsResult[] => {
    const xs = runs.pids.filter((s) => s.limit === limit);
    if (!xs.length) return [];
    const hits = xs.flatMap((s) => (s.limitHits !== undefined ? [s.limitHits] : []));
    return [{
      limit,
      reached: makeFigure({ name: `cgroup.pids.reached.limit-${limit}`, unit: 'processes', samples: xs.map((s) => s.reached), params: { limit }, resolution: 0 }),
      exact: xs.every((s) => s.reached === limit),
      errors: [...new Set(xs.flatMap((s) => (s.error ? [s.error] : [])))],
      ...(hits.length ? { limitHits: median(hits) } : {}),
    }];
  });
  for (const m of memory) if (m.oomKilled < m.runs) warnings.push(`memory limit ${m.limitMiB} MiB: ${m.runs - m.oomKilled} of ${m.runs} runs ended without an OOM kill`);
  for (const p of pids) if (!p.exact) warnings.push(`pids limit ${p.limit}: reached ${p.reached.stats.min} … ${p.reached.stats.max} processes, not exactly the limit`);
  return { cpu, burst, memory, pids, warnings };
}

/** Every figure of a result, in the order reports list them. */
export function cgroupFigures(r: Pick<CgroupResult, 'cpu' | 'burst' | 'memory' | 'pids'>): Figure[] {
  return [
    ...r.cpu.flatMap((q) => [q.error, q.wholeRunError, q.throttled]),
    ...r.burst.map((b) => b.latency),
    ...r.memory.flatMap((m) => (m.peak ? [m.peak] : [])),
    ...r.pids.map((p) => p.reached),
  ];
}
