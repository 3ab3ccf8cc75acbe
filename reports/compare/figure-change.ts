// Did a figure move between two runs? The relative change of its median, and a
// Mann–Whitney U test on the raw samples of both: a change counts as significant only
// when p < alpha AND the change is at least a minimum size, so that neither noise (a large
// change from a few wild samples) nor a trivially small but consistent shift is reported
// as a regression.
import type { FigureData } from '../model/results-schema.js';
import { hodgesLehmannShift, mannWhitneyU } from '../stats/mann-whitney.js';
import type { NonEmpty } from '../../bench/stats.js';

/** How significance is decided. */
export interface SignificanceOptions {
  /** Largest p-value that counts (default 0.05). */
  alpha: number;
  /** Smallest |relative change of the median| that counts, as a fraction (default 0.05 = 5 %). */
  minChange: number;
}

/** The defaults of compare and gate. */
export const DEFAULT_SIGNIFICANCE: SignificanceOptions = { alpha: 0.05, minChange: 0.05 };

/** A figure in one run against the same figure in a baseline run. */
export interface FigureChange {
  /** (median − baseline median) / baseline median; ±Infinity when the baseline median is 0 and this one is not. */
  relative: number;
  /** Two-sided Mann–Whitney p-value on the raw samples. */
  p: number;
  /** Hodges–Lehmann estimate of the shift (this − baseline), in the figure's unit (difference of medians for very large samples). */
  shift: number;
  n: [number, number];
  /** p < alpha and |relative| ≥ minChange. */
  significant: boolean;
  /** Which way it moved for people: worse, better, or same (not significant). */
  verdict: 'worse' | 'better' | 'same';
}

/** Figures for which a larger value is better (throughput); for all others (times, ratios, errors) smaller is. */
export function higherIsBetter(f: Pick<FigureData, 'unit' | 'name'>): boolean {
  return /\/s$|per[- ]?s(ec(ond)?)?$|^ops$|iops|throughput|bandwidth/i.test(f.unit) || /throughput|bandwidth|per-second|\.rate$/i.test(f.name);
}

/** Compares a figure with its baseline. */
export function compareFigure(base: FigureData, current: FigureData, o: SignificanceOptions = DEFAULT_SIGNIFICANCE): FigureChange {
  const m0 = base.stats.median;
  const m1 = current.stats.median;
  const relative = m0 !== 0 ? (m1 - m0) / Math.abs(m0) : m1 === 0 ? 0 : Math.sign(m1) * Infinity;
  const a = base.samples as NonEmpty<number>;
  const b = current.samples as NonEmpty<number>;
  const test = mannWhitneyU(a, b);
  const significant = test.p < o.alpha && Math.abs(relative) >= o.minChange;
  const up = relative > 0;
  const verdict = !significant ? 'same' : up === higherIsBetter(current) ? 'better' : 'worse';
  // The Hodges–Lehmann shift needs every pairwise difference; beyond 250,000 pairs the
  // difference of the medians (which it approaches for large samples) is used instead.
  const shift = a.length * b.length <= 250_000 ? hodgesLehmannShift(a, b) : m1 - m0;
  return { relative, p: test.p, shift, n: [a.length, b.length], significant, verdict };
}

/** The key that identifies a figure across files: name and runtime. */
export function figureKey(f: Pick<FigureData, 'name' | 'runtime'>): string {
  return f.runtime ? `${f.name} [${f.runtime}]` : f.name;
}
