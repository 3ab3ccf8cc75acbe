// What every bench renderer shares: ANSI painting (only when asked), numbers to three
// significant digits, a figure's interval and warning codes, and a cli-table3 table.
import Table from 'cli-table3';
import type { Comparison } from './compare.js';
import type { Figure } from './figure.js';

/** Bold, dim, yellow and green that are no-ops without colour. */
export function painter(color: boolean) {
  const wrap = (open: number, close: number) => (t: string) => (color ? `\u001b[${open}m${t}\u001b[${close}m` : t);
  return { bold: wrap(1, 22), dim: wrap(2, 22), yellow: wrap(33, 39), green: wrap(32, 39) };
}

/** A number with 3 significant digits (0.463, 4.73, 26.1, 218; 12345 stays whole). */
export function format3(x: number): string {
  const a = Math.abs(x);
  if (a === 0) return '0';
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : a >= 0.01 ? x.toFixed(3) : x.toPrecision(2);
}

/** A count (or the median of counts): whole numbers as they are, halves with one decimal. */
export function formatCount(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** "median [lo, hi]" of a figure. */
export function medianWithCi(f: Figure): string {
  return `${format3(f.stats.median)}${f.ci95 ? ` [${format3(f.ci95[0])}, ${format3(f.ci95[1])}]` : ''}`;
}

/** "1.23× [1.10, 1.40]" of a comparison. */
export function ratioWithCi(c: Pick<Comparison, 'ratio' | 'ci95'>): string {
  return `${c.ratio.toFixed(2)}× [${c.ci95[0].toFixed(2)}, ${c.ci95[1].toFixed(2)}]`;
}

/** A signed difference: "+1.23", "−0.5". */
export function signed(x: number): string {
  return `${x < 0 ? '−' : '+'}${format3(Math.abs(x))}`;
}

/** The distinct warning codes of figures ("noisy, outliers"). */
export function warningCodes(...fs: Figure[]): string {
  const known = /^(at-resolution|noisy|outliers|few-samples)$/;
  return [...new Set(fs.flatMap((f) => f.warnings.map((w) => w.split(':')[0] ?? '')))].filter((c) => known.test(c)).join(', ');
}

/** A table with a header row, bold headers and grey borders when coloured. */
export function table(head: string[], color: boolean): Table.Table {
  return new Table({ head, style: color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] } });
}
