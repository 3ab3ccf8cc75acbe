// Crafted result files for compare and gate tests: the small fixture with its builtin
// start-to-exit figure replaced by samples drawn from a known distribution.
import { parseResults, type LoadedResults } from '../model/load-results.js';
import { latencySamples, readFixture, seededRandom } from './fixtures.js';
import { makeFigure } from '../../bench/figure.js';

/** A figure of the builtin start-to-exit with the given samples (ms), as results.json stores it. */
export function startupFigure(samples: number[], runtime = 'builtin'): Record<string, unknown> {
  return makeFigure({ name: 'startup.start-to-exit', runtime, unit: 'ms', samples, resolution: 0 }) as unknown as Record<string, unknown>;
}

/** The small fixture with builtin's start-to-exit drawn from log-normal(median, spread) with a seed. */
export function craftedDoc(o: { seed: number; median: number; n?: number; spread?: number; label?: string }): Record<string, any> {
  const doc = readFixture('small-results.json');
  const samples = latencySamples(seededRandom(o.seed), o.n ?? 60, o.median, o.spread ?? 0.15);
  const figures = doc.bench.startup.figures as Record<string, unknown>[];
  figures[0] = startupFigure(samples);
  return doc;
}

/** craftedDoc, parsed as a loaded results file labelled `label`. */
export function crafted(label: string, o: Parameters<typeof craftedDoc>[0], edit?: (doc: Record<string, any>) => void): LoadedResults {
  const doc = craftedDoc(o);
  edit?.(doc);
  return { ...parseResults(doc, `${label}.json`), label };
}
