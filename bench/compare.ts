// Comparing two figures measured side by side (A against B): relative speed with its
// propagated 95 % interval (relativeSpeed on the medians), the paired per-round ratios,
// and the plain difference of medians, which needs no overhead subtraction because any
// cost both sides share cancels in it.
import type { Figure } from './figure.js';
import { type Ratio, type RatioInput, relativeSpeed } from './stats.js';

/** A ÷ B and A − B for two figures of the same unit. */
export interface Comparison extends Ratio {
  /** median(A) − median(B), in the figures' unit. */
  difference: number;
  unit: string;
}

/** What relativeSpeed needs, from a figure (its median interval, or the median itself when absent). */
export function ratioInputOf(f: Figure): RatioInput {
  return { median: f.stats.median, mean: f.stats.mean, sd: f.stats.sd, ci95: f.ci95 ?? [f.stats.median, f.stats.median] };
}

/** Compares A with B; throws when the units differ or a median is not positive. */
export function compareFigures(a: Figure, b: Figure): Comparison {
  if (a.unit !== b.unit) throw new Error(`compareFigures: ${a.name} is in ${a.unit} but ${b.name} in ${b.unit}`);
  return { ...relativeSpeed(ratioInputOf(a), ratioInputOf(b)), difference: a.stats.median - b.stats.median, unit: a.unit };
}

/**
 * The ratios a[i] / b[i] of samples taken in the same round (interleaved), skipping
 * rounds where either side is missing or b is not positive. Pairing takes out drift
 * that hits both sides of a round alike.
 */
export function pairedRatios(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== undefined && y !== undefined && y > 0) out.push(x / y);
  }
  return out;
}

/** xs rotated left by k (k may exceed the length): the order of round k in a round-robin. */
export function rotate<T>(xs: readonly T[], k: number): T[] {
  if (xs.length === 0) return [];
  const s = ((k % xs.length) + xs.length) % xs.length;
  return [...xs.slice(s), ...xs.slice(0, s)];
}
