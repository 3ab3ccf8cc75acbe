// What the cgroup benchmark measures and how much of it: CPU quotas and seconds, the
// bursty workload's shape, memory and pids limits, rounds. Quick mode keeps the whole
// run within about a minute here.

/** Options as a caller (the CLI) gives them; everything has a default. */
export interface CgroupBenchOptions {
  quick?: boolean;
  /** Rounds of the CPU, memory and pids measurements (default 8; 6 with quick). */
  rounds?: number;
  /** CPU quotas in CPUs (default 0.1, 0.25, 0.5, 1, 1.5). */
  quotas?: number[];
  /** Seconds of each steady CPU run (default 3; 1 with quick). */
  seconds?: number;
  /** Rounds of the bursty workload (default 2; 1 with quick). */
  burstRounds?: number;
  /** Bursts per burst run (default 30; 10 with quick). */
  bursts?: number;
  /** Memory limits in MiB (default 32, 64, 128, 256, 512; 32, 64, 128 with quick). */
  memoryLimitsMiB?: number[];
  /** pids limits (default 8, 32, 128, 512; 8, 32, 128 with quick). */
  pidsLimits?: number[];
}

/** The bursty workload: `threads` processes each burning `burstMs` of CPU every `everyMs`, under `quota` CPUs. */
export interface BurstShape {
  quota: number;
  everyMs: number;
  burstMs: number;
  bursts: number;
}

/** The resolved settings, recorded in the results. */
export interface CgroupSettings {
  quick: boolean;
  rounds: number;
  quotas: number[];
  seconds: number;
  /** The CFS period buildSpec uses (ms). */
  periodMs: number;
  burstRounds: number;
  burst: BurstShape;
  memoryLimitsMiB: number[];
  pidsLimits: number[];
}

/** The CFS period of every Spec isolab builds (runtime/spec/defaults.ts), in ms. */
export const CFS_PERIOD_MS = 100;

const positive = (xs: number[], what: string, integer: boolean) => {
  for (const x of xs) if (!(x > 0) || (integer && !Number.isInteger(x))) throw new Error(`${what}: must be positive${integer ? ' integers' : ''}, got ${x}`);
  return [...xs].sort((a, b) => a - b);
};

/** Resolves options into settings; throws naming the bad option. */
export function cgroupSettings(o: CgroupBenchOptions = {}): CgroupSettings {
  const quick = o.quick ?? false;
  const seconds = o.seconds ?? (quick ? 1 : 3);
  if (!(seconds >= 0.6)) throw new Error(`seconds: at least 0.6 (the steady window needs a few CFS periods), got ${seconds}`);
  const count = (x: number, what: string) => positive([x], what, true)[0]!;
  const pids = positive(o.pidsLimits ?? (quick ? [8, 32, 128] : [8, 32, 128, 512]), 'pids limits', true);
  if (pids.some((p) => p < 2)) throw new Error('pids limits: at least 2 (the workload and one child)');
  return {
    quick,
    rounds: count(o.rounds ?? (quick ? 6 : 8), 'rounds'),
    quotas: positive(o.quotas ?? [0.1, 0.25, 0.5, 1, 1.5], 'quotas', false),
    seconds,
    periodMs: CFS_PERIOD_MS,
    burstRounds: count(o.burstRounds ?? (quick ? 1 : 2), 'burst rounds'),
    // Two processes × 30 ms every 310 ms: 0.19 CPU on average, 39 % of the 0.5 CPU quota, yet
    // 60 ms of CPU wanted at once where a 100 ms period grants 50 ms. 310, not 300: a
    // multiple of the CFS period would put every burst at the same phase of the period
    // (each run then all throttled or all not); 10 ms more sweeps the bursts through it.
    burst: { quota: 0.5, everyMs: 310, burstMs: 30, bursts: count(o.bursts ?? (quick ? 10 : 30), 'bursts') },
    memoryLimitsMiB: positive(o.memoryLimitsMiB ?? (quick ? [32, 64, 128] : [32, 64, 128, 256, 512]), 'memory limits', true),
    pidsLimits: pids,
  };
}
