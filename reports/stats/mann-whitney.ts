// The Mann–Whitney U test (Wilcoxon rank-sum): do two sample sets come from the same
// distribution, or does one tend to be larger? It uses ranks only, so it assumes nothing
// about the shape of the distribution — latency samples are skewed and have outliers,
// where a t-test on the means would be misled. Large-sample normal approximation with
// the tie correction and a continuity correction (as R's wilcox.test(exact = FALSE) and
// SciPy's mannwhitneyu(method="asymptotic")). With fewer than ~8 samples a side the
// approximation is rough; compare reports n with every p-value.
import type { NonEmpty } from '../../bench/stats.js';
import { twoSidedP } from './normal.js';

/** The result of a two-sided Mann–Whitney U test of a against b. */
export interface MannWhitney {
  /** U of the first sample: the number of pairs (x from a, y from b) with x > y, ties counting ½. */
  u: number;
  /** The standardised statistic (continuity-corrected); 0 when every sample is equal. */
  z: number;
  /** Two-sided p-value; 1 when every sample is equal (nothing can differ). */
  p: number;
  /** U / (n1·n2): the probability that a sample of a exceeds one of b (ties ½); 0.5 = no tendency. */
  probabilityGreater: number;
  n1: number;
  n2: number;
}

/** Midranks (1-based) of the pooled samples, and Σ(t³ − t) over groups of ties. */
function rank(pooled: number[]): { ranks: number[]; tieTerm: number } {
  const order = pooled.map((_, i) => i).sort((i, j) => pooled[i]! - pooled[j]!);
  const ranks = new Array<number>(pooled.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && pooled[order[end]!] === pooled[order[start]!]) end++;
    const t = end - start;
    const midrank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = midrank;
    tieTerm += t ** 3 - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/** Runs the test; `continuity` (default true) applies the ½ continuity correction. */
export function mannWhitneyU(a: NonEmpty<number>, b: NonEmpty<number>, o: { continuity?: boolean } = {}): MannWhitney {
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const { ranks, tieTerm } = rank([...a, ...b]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const base = { u, probabilityGreater: u / (n1 * n2), n1, n2 };
  if (!(variance > 0)) return { ...base, z: 0, p: 1 };
  const correction = (o.continuity ?? true) ? 0.5 * Math.sign(u - mu) : 0;
  const z = (u - mu - correction) / Math.sqrt(variance);
  return { ...base, z, p: twoSidedP(z) };
}

/**
 * The Hodges–Lehmann estimate of the shift b − a: the median of all pairwise differences
 * y − x. Robust like the median, and the natural companion of the U test.
 */
export function hodgesLehmannShift(a: NonEmpty<number>, b: NonEmpty<number>): number {
  const diffs: number[] = [];
  for (const y of b) for (const x of a) diffs.push(y - x);
  diffs.sort((p, q) => p - q);
  const mid = diffs.length / 2;
  return diffs.length % 2 ? diffs[Math.floor(mid)]! : (diffs[mid - 1]! + diffs[mid]!) / 2;
}
