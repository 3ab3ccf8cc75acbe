// Every figure of a results file or bench document, wherever its benchmark put it: each
// object with a name, a unit, stats and samples is a figure (bench/figure.ts). Benchmarks
// own their sections' shapes; reports find figures by shape, so a new benchmark is
// reported without a change here.
import { figureSchema, type FigureData } from './results-schema.js';
import { formatFieldPath } from './field-path.js';

/** A figure found in a bench section, and where (for error messages). */
export interface FoundFigure {
  figure: FigureData;
  /** e.g. bench.startup.figures[2] */
  path: string;
}

/** Whether a value looks like a figure (and must then validate as one). */
function looksLikeFigure(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.name === 'string' && 'stats' in o && 'samples' in o && 'unit' in o;
}

/** Thrown when a figure-shaped object is malformed; field is its full path. */
export class FigureShapeError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'FigureShapeError';
  }
}

/**
 * Walks `value` (a bench section) depth-first in key order and returns its figures, each
 * validated. The same (name, runtime) seen twice is kept once (startup's calibration is
 * also its floor figure). Throws FigureShapeError naming the field of a malformed one.
 */
export function collectFigures(value: unknown, base: (string | number)[], seen = new Set<string>(), depth = 0): FoundFigure[] {
  if (depth > 6 || typeof value !== 'object' || value === null) return [];
  if (looksLikeFigure(value)) {
    const parsed = figureSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new FigureShapeError(formatFieldPath([...base, ...issue.path]), issue.message);
    }
    const key = `${parsed.data.name}\u0000${parsed.data.runtime ?? ''}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ figure: parsed.data, path: formatFieldPath(base) }];
  }
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => collectFigures(v, [...base, k], seen, depth + 1));
}
