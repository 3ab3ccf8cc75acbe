// The result record of one measured quantity, exactly as results.json stores it: the
// summary, the 95 % interval of the median, every raw sample, and the warnings that say
// when the figure should not be trusted as it stands.
import { medianCi, type NonEmpty, requireNonEmpty, summarize } from './stats.js';
import { assessSamples, measureTimerResolutionNs, type StatWarning } from './warnings.js';

/** The summary stored with a figure. */
export interface FigureStats {
  median: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  p95: number;
  p99: number;
  n: number;
}

/** One measured quantity (e.g. start-to-exit of crun), in results.json. */
export interface Figure {
  /** What was measured, e.g. "startup.start-to-exit". */
  name: string;
  /** Which runtime it was measured on, when the quantity is per runtime. */
  runtime?: string;
  /** Unit of stats, samples and ci95, e.g. "ms". */
  unit: string;
  stats: FigureStats;
  /** Every sample, in the order taken. */
  samples: number[];
  /** "code: message" lines (codes: at-resolution, noisy, outliers, few-samples, or the bench's own). */
  warnings: string[];
  /** 95 % interval of the median (order-statistic method). */
  ci95?: [number, number];
  /**
   * What the figure was measured at, for charts that plot one quantity against another:
   * e.g. { op: "seq-read", side: "overlay", tool: "fio" }, { depth: 100 }, { quota: 0.5 }.
   */
  params?: FigureParams;
}

/** The settings a figure was measured at (string or number values only, so charts can group and sort). */
export type FigureParams = Record<string, string | number>;

/** Nanoseconds per unit, for converting the timer resolution. */
const NS_PER: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** What makeFigure needs. */
export interface FigureInput {
  name: string;
  runtime?: string;
  unit: string;
  samples: number[];
  /** Timer resolution in `unit`; by default measured, when the unit is a time unit. */
  resolution?: number;
  /** Further warnings (e.g. what was subtracted from the samples). */
  notes?: string[];
  /** What it was measured at (kept as is). */
  params?: FigureParams;
}

const formatWarning = (w: StatWarning) => `${w.code}: ${w.message}`;

/** Builds a figure from raw samples: summary, interval and warnings. Throws on no samples. */
export function makeFigure(input: FigureInput): Figure {
  const samples: NonEmpty<number> = requireNonEmpty([...input.samples], `${input.name}${input.runtime ? ` (${input.runtime})` : ''}`);
  const s = summarize(samples);
  const perNs = NS_PER[input.unit];
  const resolution = input.resolution ?? (perNs !== undefined ? measureTimerResolutionNs() / perNs : 0);
  const ci = medianCi(samples);
  const warnings = [...assessSamples(samples, s, { resolution, unit: input.unit }).map(formatWarning), ...(input.notes ?? [])];
  return {
    name: input.name,
    ...(input.runtime !== undefined ? { runtime: input.runtime } : {}),
    unit: input.unit,
    stats: { median: s.median, mean: s.mean, sd: s.sd, min: s.min, max: s.max, p95: s.p95, p99: s.p99, n: s.n },
    samples,
    warnings,
    ci95: [ci.lo, ci.hi],
    ...(input.params !== undefined ? { params: { ...input.params } } : {}),
  };
}

/** The samples of a figure as a NonEmpty set (a figure always has at least one). */
export function figureSamples(f: Figure): NonEmpty<number> {
  return requireNonEmpty([...f.samples], f.name);
}

/** Half-widths of a figure's median interval below and above the median. */
export function ciSpread(f: Figure): [number, number] {
  const [lo, hi] = f.ci95 ?? [f.stats.median, f.stats.median];
  return [f.stats.median - lo, hi - f.stats.median];
}

/**
 * A figure with a constant taken off every sample (e.g. a wrapper's measured cost), whose
 * interval is widened by the uncertainty of that constant (added in quadrature on each
 * side). The note says what was subtracted and is kept in the warnings.
 */
export function subtractConstant(f: Figure, amount: number, amountSpread: [number, number], note: string): Figure {
  const shifted = makeFigure({
    name: f.name, unit: f.unit, samples: f.samples.map((x) => x - amount), notes: [note],
    ...(f.runtime !== undefined ? { runtime: f.runtime } : {}), ...(f.params !== undefined ? { params: f.params } : {}),
  });
  const [below, above] = ciSpread(shifted);
  // The constant's own spread: a larger constant makes the result smaller, so its upper spread widens the lower side.
  shifted.ci95 = [shifted.stats.median - Math.hypot(below, amountSpread[1]), shifted.stats.median + Math.hypot(above, amountSpread[0])];
  return shifted;
}
