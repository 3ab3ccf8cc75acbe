// When a figure should not be trusted as it stands, and what to do about it: the figure
// is at the timer's resolution, it is noisy, it has outliers, or there are too few
// samples for a 95 % interval. Messages carry hyperfine-style advice.
import { medianCi, type NonEmpty, type Summary, tukeyOutliers } from './stats.js';

/** Why a figure may mislead. */
export type WarningCode = 'at-resolution' | 'noisy' | 'outliers' | 'few-samples';

/** One warning: a stable code and a sentence for people. */
export interface StatWarning {
  code: WarningCode;
  message: string;
}

/** Thresholds of the warnings (the defaults are hyperfine's and tinybench's spirit). */
export interface WarningOptions {
  /** Timer resolution in the samples' unit (see measureTimerResolutionNs). */
  resolution: number;
  /** Unit of the samples, for messages. */
  unit: string;
  /** Warn when the median is within this many resolutions (default 10). */
  resolutionFactor?: number;
  /** Warn when σ / median exceeds this (default 0.2). */
  maxRelativeSd?: number;
  /** Warn when p99 exceeds this many medians (default 3). */
  maxP99OverMedian?: number;
}

const ADVICE = 'Close other programs, use --warmup N, and take more samples (--samples N).';

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

/** The warnings that apply to a sample set. */
export function assessSamples(xs: NonEmpty<number>, s: Summary, o: WarningOptions): StatWarning[] {
  const out: StatWarning[] = [];
  const factor = o.resolutionFactor ?? 10;
  if (Math.abs(s.median) < factor * o.resolution) {
    out.push({
      code: 'at-resolution',
      message: `the median (${fmt(s.median)} ${o.unit}) is within ${factor}× of the timer's resolution (${fmt(o.resolution)} ${o.unit}): ` +
        'it measures the clock as much as the work. Measure a larger batch of work per sample.',
    });
  }
  const relSd = s.median !== 0 ? s.sd / Math.abs(s.median) : 0;
  const tail = s.median !== 0 ? s.p99 / s.median : 0;
  const maxRelSd = o.maxRelativeSd ?? 0.2;
  const maxTail = o.maxP99OverMedian ?? 3;
  if (relSd > maxRelSd || tail > maxTail) {
    const why = [
      ...(relSd > maxRelSd ? [`σ is ${(relSd * 100).toFixed(0)} % of the median`] : []),
      ...(tail > maxTail ? [`p99 is ${tail.toFixed(1)}× the median`] : []),
    ].join(', ');
    out.push({ code: 'noisy', message: `${why}: other programs or caching may have skewed the samples. ${ADVICE}` });
  }
  const outliers = tukeyOutliers(xs);
  if (outliers.severe > 0) {
    out.push({
      code: 'outliers',
      message: `${outliers.low + outliers.high} of ${s.n} samples lie beyond Tukey's fences (${outliers.severe} far beyond): ` +
        `the median is robust to them, the mean is not. Consider re-running on a quiet system. ${ADVICE}`,
    });
  }
  const ci = medianCi(xs);
  if (ci.coverage < 0.95) {
    out.push({
      code: 'few-samples',
      message: `${s.n} samples give no 95 % interval of the median (min … max covers ${(ci.coverage * 100).toFixed(0)} %): take at least 6.`,
    });
  }
  return out;
}

let resolutionNs: number | undefined;

/**
 * The timer's resolution as observed: the smallest nonzero difference between two
 * consecutive process.hrtime.bigint() readings (this includes the cost of reading the
 * clock, which is what limits a measurement). Measured once per process.
 */
export function measureTimerResolutionNs(tries = 20_000): number {
  if (resolutionNs !== undefined) return resolutionNs;
  let best = Infinity;
  let prev = process.hrtime.bigint();
  for (let i = 0; i < tries; i++) {
    const t = process.hrtime.bigint();
    const d = Number(t - prev);
    if (d > 0 && d < best) best = d;
    prev = t;
  }
  resolutionNs = Number.isFinite(best) ? best : 1;
  return resolutionNs;
}
