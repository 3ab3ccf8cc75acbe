// Statistics shared by every isolab benchmark: the summary hyperfine reports (median,
// mean ± σ, min … max, percentiles), distribution-free confidence intervals, outliers
// by Tukey's fences, and relative speed with propagated error. Pure functions over
// sample sets that cannot be empty (NonEmpty), so no statistic is ever NaN by accident.

/** A list with at least one element: the type of every sample set. */
export type NonEmpty<T> = [T, ...T[]];

/** Whether a list has at least one element (narrows it to NonEmpty). */
export function isNonEmpty<T>(xs: T[]): xs is NonEmpty<T> {
  return xs.length > 0;
}

/** Narrows a list to NonEmpty, or throws naming what was empty. */
export function requireNonEmpty<T>(xs: T[], what: string): NonEmpty<T> {
  if (!isNonEmpty(xs)) throw new Error(`${what}: no samples (a statistic of an empty set is undefined)`);
  return xs;
}

/** The summary of one sample set, in the samples' unit. */
export interface Summary {
  /** Number of samples. */
  n: number;
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator; 0 for one sample). */
  sd: number;
  /** The 50th percentile. */
  median: number;
  min: number;
  max: number;
  /** 95th and 99th percentiles (linear interpolation between order statistics). */
  p95: number;
  p99: number;
}

/** An ascending copy of the samples. */
export function sortedCopy(xs: NonEmpty<number>): NonEmpty<number> {
  return [...xs].sort((a, b) => a - b) as NonEmpty<number>;
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending samples, interpolating linearly (R's type 7, numpy's default). */
export function quantile(sorted: NonEmpty<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be within [0, 1], got ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo] ?? sorted[0];
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] ?? below;
  return below + (h - lo) * (above - below);
}

/** The arithmetic mean. */
export function mean(xs: NonEmpty<number>): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** The sample standard deviation (n − 1); 0 for a single sample. */
export function standardDeviation(xs: NonEmpty<number>): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Summarises a sample set. */
export function summarize(xs: NonEmpty<number>): Summary {
  const s = sortedCopy(xs);
  return {
    n: s.length,
    mean: mean(s),
    sd: standardDeviation(s),
    median: quantile(s, 0.5),
    min: s[0],
    max: s[s.length - 1] ?? s[0],
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
  };
}

/** A confidence interval and the coverage it actually achieves. */
export interface Interval {
  lo: number;
  hi: number;
  /** The interval's coverage probability (≥ the level asked, except for very few samples). */
  coverage: number;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space so that large n does not underflow. */
export function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let logPmf = n * Math.log(0.5);
  let sum = Math.exp(logPmf);
  for (let i = 0; i < k; i++) {
    logPmf += Math.log((n - i) / (i + 1));
    sum += Math.exp(logPmf);
  }
  return Math.min(1, sum);
}

/**
 * The confidence interval of the median by the order-statistic (binomial) method, which
 * assumes nothing about the distribution: [x(j), x(n−j+1)] with the largest j whose
 * coverage 1 − 2·P(Bin(n, ½) ≤ j − 1) is at least `level`. Below 6 samples no j reaches
 * 95 %: the interval is then [min, max] and `coverage` says how much it covers.
 */
export function medianCi(xs: NonEmpty<number>, level = 0.95): Interval {
  const s = sortedCopy(xs);
  const n = s.length;
  let j = 1;
  while (j + 1 <= Math.ceil(n / 2) && 1 - 2 * binomialHalfCdf(n, j) >= level) j++;
  const coverage = n === 1 ? 0 : 1 - 2 * binomialHalfCdf(n, j - 1);
  return { lo: s[j - 1] ?? s[0], hi: s[n - j] ?? s[0], coverage };
}

// Student's t, 97.5th percentile, for 1 … 30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Student's t 97.5th percentile for df degrees of freedom (table to 30, Cornish–Fisher beyond). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new Error(`tQuantile975: degrees of freedom must be ≥ 1, got ${df}`);
  const tabled = T975[Math.floor(df) - 1];
  if (tabled !== undefined) return tabled;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3);
}

/** The 95 % confidence interval of the mean (Student's t); undefined for a single sample. */
export function meanCi95(xs: NonEmpty<number>): [number, number] | undefined {
  if (xs.length < 2) return undefined;
  const m = mean(xs);
  const half = (tQuantile975(xs.length - 1) * standardDeviation(xs)) / Math.sqrt(xs.length);
  return [m - half, m + half];
}

/** Samples beyond Tukey's fences: mild beyond 1.5 IQR from the quartiles, severe beyond 3 IQR. */
export interface Outliers {
  low: number;
  high: number;
  /** Of low + high, how many lie beyond the outer (3 IQR) fences. */
  severe: number;
  /** [lower, upper] inner fences, in the samples' unit. */
  fences: [number, number];
}

/** Counts outliers by Tukey's fences. */
export function tukeyOutliers(xs: NonEmpty<number>): Outliers {
  const s = sortedCopy(xs);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  const iqr = q3 - q1;
  const fences: [number, number] = [q1 - 1.5 * iqr, q3 + 1.5 * iqr];
  let low = 0;
  let high = 0;
  let severe = 0;
  for (const x of s) {
    if (x < fences[0]) low++;
    if (x > fences[1]) high++;
    if (x < q1 - 3 * iqr || x > q3 + 3 * iqr) severe++;
  }
  return { low, high, severe, fences };
}

/** The median absolute deviation (unscaled). */
export function medianAbsoluteDeviation(xs: NonEmpty<number>): number {
  const m = quantile(sortedCopy(xs), 0.5);
  return quantile(sortedCopy(xs.map((x) => Math.abs(x - m)) as NonEmpty<number>), 0.5);
}

/** What relativeSpeed needs of each side. */
export interface RatioInput {
  median: number;
  mean: number;
  sd: number;
  /** 95 % CI of the median. */
  ci95: [number, number];
}

/** A / B: how many times longer A takes than B. */
export interface Ratio {
  /** median(A) / median(B). */
  ratio: number;
  /** 95 % interval of the ratio, from the medians' intervals combined in log space. */
  ci95: [number, number];
  /** hyperfine's propagated σ: (meanA/meanB)·√((σA/meanA)² + (σB/meanB)²). */
  error: number;
}

/**
 * The relative speed A/B with propagated error. The interval adds the relative (log)
 * half-widths of the two medians' intervals in quadrature, each side separately, so
 * skewed intervals stay skewed; it assumes A and B were sampled independently.
 */
export function relativeSpeed(a: RatioInput, b: RatioInput): Ratio {
  if (!(a.median > 0 && b.median > 0)) throw new Error(`relativeSpeed: medians must be positive (got ${a.median} and ${b.median})`);
  const ratio = a.median / b.median;
  const logSpread = (lo: number, mid: number) => (lo > 0 ? Math.log(mid / lo) : Infinity);
  const down = Math.hypot(logSpread(a.ci95[0], a.median), logSpread(b.median, b.ci95[1]));
  const up = Math.hypot(logSpread(a.median, a.ci95[1]), logSpread(b.ci95[0], b.median));
  const meanRatio = a.mean / b.mean;
  const error = meanRatio * Math.hypot(a.sd / a.mean, b.sd / b.mean);
  return { ratio, ci95: [ratio * Math.exp(-down), ratio * Math.exp(up)], error };
}
