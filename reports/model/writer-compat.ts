// Compile-time only: what bench/ writes is what reports read. If bench/figure.ts's Figure
// changes shape incompatibly, `npx tsc` fails here rather than a report at run time.
import type { Figure } from '../../bench/figure.js';
import type { FigureData } from './results-schema.js';

/** A bench Figure is a FigureData as it is (no conversion needed to report it). */
export const figureAsData = (f: Figure): FigureData => f;
