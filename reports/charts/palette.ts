// Colours of the charts and the HTML report: Tableau 10 (distinct, colour-blind aware) for
// series, and fixed colours for check outcomes so the heat map and tables agree.

/** Series colours, in order. */
export const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

/** The colour of series i (wrapping around). */
export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]!;
}

/** Outcome colours: isolation held, a control saw its leak, a leak, a check that cannot fail, no observation, not run. */
export const OUTCOME_COLORS = {
  held: '#59a14f',
  control: '#76b7b2',
  failed: '#d62728',
  broken: '#9467bd',
  error: '#ff7f0e',
  skipped: '#c7c7c7',
  absent: '#f4f4f4',
} as const;

/** Ink, grid and muted text. */
export const INK = { text: '#222222', muted: '#6b6b6b', grid: '#e6e6e6', reference: '#555555' } as const;

/** A colour with an alpha (hex #rrggbb → rgba). */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
