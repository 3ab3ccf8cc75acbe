// Figures as table rows, the way hyperfine reports them: median with its 95 % interval,
// mean ± σ, min … max, p95, n, and the codes of its warnings.
import type { Inline } from '../render/blocks.js';
import type { FigureData } from '../model/results-schema.js';
import { formatSig } from '../render/format.js';

/** The columns figureCells fills, after a label column. */
export const FIGURE_HEAD = ['median [95% CI]', 'mean ± σ', 'min … max', 'p95', 'n', 'warnings'] as const;

/** Right-aligned numeric columns for FIGURE_HEAD. */
export const FIGURE_ALIGN = ['right', 'right', 'right', 'right', 'right', 'left'] as const;

/** "4.47 [4.17, 5.23]". */
export function medianWithCi(f: FigureData): string {
  return `${formatSig(f.stats.median)}${f.ci95 ? ` [${formatSig(f.ci95[0])}, ${formatSig(f.ci95[1])}]` : ''}`;
}

/** The distinct warning codes of a figure ("noisy, outliers"), with the full text as a tooltip. */
export function warningCodes(f: FigureData): Inline {
  if (!f.warnings.length) return '';
  // Warnings are "code: message"; benchmarks' own notes without a code count as "note".
  const codes = [...new Set(f.warnings.map((w) => /^([a-z][a-z0-9-]*):/.exec(w)?.[1] ?? 'note'))];
  return { text: codes.join(', '), tone: 'warn', title: f.warnings.join('\n') };
}

/** The FIGURE_HEAD cells of a figure. */
export function figureCells(f: FigureData): Inline[] {
  const s = f.stats;
  return [medianWithCi(f), `${formatSig(s.mean)} ± ${formatSig(s.sd)}`, `${formatSig(s.min)} … ${formatSig(s.max)}`, formatSig(s.p95), String(s.n), warningCodes(f)];
}

/** The unit of a list of figures, or "mixed units". */
export function commonUnit(figures: readonly FigureData[]): string {
  const units = [...new Set(figures.map((f) => f.unit))];
  return units.length === 1 ? units[0]! : 'mixed units';
}
