// From the samples of an overlay run to its result: per operation a figure for each side,
// a figure of the paired per-round ratios (for charts), and the comparison overlay ÷ plain
// (relativeSpeed of the medians, with its interval) and overlay − plain. Pure.
import { type Comparison, compareFigures, pairedRatios } from '../compare.js';
import { type Figure, makeFigure } from '../figure.js';
import type { HarnessSample, OverlayOp, OverlaySample, Side, SkippedWorkload } from './types.js';

/** One operation's outcome. */
export interface OverlayComparison {
  op: OverlayOp;
  overlay: Figure;
  plain: Figure;
  /** overlay ÷ plain per round (samples in round order), unit "×". */
  ratioFigure: Figure;
  /** overlay ÷ plain of the medians with its 95 % interval, and overlay − plain. */
  comparison: Comparison;
}

/** Everything the overlay benchmark measured. */
export interface OverlayResult {
  comparisons: OverlayComparison[];
  /** The harness's own measured cost (subtracted where the notes say so). */
  harness: Figure[];
  skipped: SkippedWorkload[];
  /** Workloads that failed during the run: left out, with the error. */
  failed: SkippedWorkload[];
  warnings: string[];
  settings: Record<string, unknown>;
}

const NS_PER_UNIT = { ms: 1e6, µs: 1e3 } as const;

/** Name of an operation's figure on one side, or of its ratio: "overlay.seq-read-cold.plain". */
export const overlayFigureName = (op: string, what: Side | 'ratio'): string => `overlay.${op}.${what}`;

/** Summarises the samples of the given operations (an op without samples on both sides is left out, with a warning). */
export function summariseOverlay(
  ops: OverlayOp[], samples: OverlaySample[], harness: HarnessSample[], rounds: number, timerResolutionNs: number,
): Pick<OverlayResult, 'comparisons' | 'harness' | 'warnings'> {
  const warnings: string[] = [];
  const comparisons: OverlayComparison[] = [];
  for (const op of ops) {
    const byRound = (side: Side) => {
      const xs: (number | undefined)[] = Array.from({ length: rounds }, () => undefined);
      for (const s of samples) if (s.op === op.id && s.side === side) xs[s.round] = s.value;
      return xs;
    };
    const o = byRound('overlay');
    const p = byRound('plain');
    const present = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
    if (present(o).length === 0 || present(p).length === 0) {
      warnings.push(`${op.id}: no samples on ${present(o).length === 0 ? 'the overlay' : 'the plain'} side`);
      continue;
    }
    const params = { op: op.id, group: op.group, tool: op.tool, cache: op.cache, ...op.params };
    const resolution = timerResolutionNs / NS_PER_UNIT[op.unit] / op.timedOps;
    const figure = (side: Side, xs: number[]) => makeFigure({
      name: overlayFigureName(op.id, side), unit: op.unit, samples: xs, resolution, params: { ...params, side }, ...(op.notes ? { notes: op.notes } : {}),
    });
    const overlay = figure('overlay', present(o));
    const plain = figure('plain', present(p));
    const ratioSamples = pairedRatios(o, p);
    const ratioFigure = makeFigure({
      name: overlayFigureName(op.id, 'ratio'), unit: '×', samples: ratioSamples.length ? ratioSamples : [overlay.stats.median / plain.stats.median],
      params: { ...params, side: 'ratio' }, resolution: 0,
    });
    let comparison: Comparison;
    try {
      comparison = compareFigures(overlay, plain);
    } catch (err) {
      warnings.push(`${op.id}: no ratio (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    comparisons.push({ op, overlay, plain, ratioFigure, comparison });
  }
  const names = [...new Set(harness.map((h) => h.name))];
  const harnessFigures = names.map((name) => {
    const xs = harness.filter((h) => h.name === name);
    return makeFigure({ name: `overlay.harness.${name.split(' ')[0]}`, unit: xs[0]!.unit, samples: xs.map((h) => h.value), params: { what: name }, resolution: 0 });
  });
  const shaky = comparisons.filter((c) => [c.overlay, c.plain].some((f) => f.warnings.some((w) => /^(noisy|outliers):/.test(w)))).map((c) => c.op.id);
  if (shaky.length) warnings.push(`noisy or with outliers (see each figure's warnings): ${shaky.join(', ')}`);
  return { comparisons, harness: harnessFigures, warnings };
}

/** Every figure of a result, in the order reports list them. */
export function overlayFigures(r: Pick<OverlayResult, 'comparisons' | 'harness'>): Figure[] {
  return [...r.comparisons.flatMap((c) => [c.overlay, c.plain, c.ratioFigure]), ...r.harness];
}
