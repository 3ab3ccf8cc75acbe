// The document every report is built as before it is rendered: headings, text, tables,
// lists, collapsible details and charts. Report builders decide *what* to say once; the
// terminal, Markdown and HTML renderers decide only *how* it looks.
import type { ChartSpec } from '../charts/chart-spec.js';

/** How a piece of text should stand out (each renderer maps it to colour, emphasis or a class). */
export type Tone = 'pass' | 'control' | 'fail' | 'broken' | 'error' | 'skip' | 'warn' | 'muted' | 'strong' | 'better' | 'worse';

/** A run of text with a tone and an optional explanation (HTML tooltip). */
export interface Span {
  text: string;
  tone?: Tone;
  title?: string;
}

/** Table cell or paragraph content. */
export type Inline = string | Span | Span[];

/** One block of a report. */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: Inline; tone?: Tone }
  | { kind: 'table'; head: Inline[]; rows: Inline[][]; align?: ('left' | 'right' | 'center')[]; caption?: string }
  | { kind: 'list'; items: Inline[] }
  | { kind: 'details'; summary: string; blocks: Block[] }
  | { kind: 'chart'; chart: ChartSpec }
  | { kind: 'note'; text: string };

/** A whole report: a title, a one-line subtitle and its blocks. */
export interface ReportDoc {
  title: string;
  subtitle?: string;
  blocks: Block[];
}

/** The plain text of inline content. */
export function inlineText(x: Inline): string {
  if (typeof x === 'string') return x;
  if (Array.isArray(x)) return x.map((s) => s.text).join('');
  return x.text;
}

/** Inline content as a list of spans. */
export function inlineSpans(x: Inline): Span[] {
  if (typeof x === 'string') return [{ text: x }];
  return Array.isArray(x) ? x : [x];
}

/** Every chart of a document, details included, in order. */
export function chartsOf(blocks: readonly Block[]): ChartSpec[] {
  return blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : b.kind === 'details' ? chartsOf(b.blocks) : []));
}

/**
 * The blocks without the charts `keep` rejects, and without headings left with nothing
 * under them (a "Side by side" section of charts only, in a terminal).
 */
export function dropCharts(blocks: readonly Block[], keep: (c: ChartSpec) => boolean = () => false): Block[] {
  const kept = blocks.flatMap((b): Block[] => {
    if (b.kind === 'chart') return keep(b.chart) ? [b] : [];
    if (b.kind === 'details') return [{ ...b, blocks: dropCharts(b.blocks, keep) }];
    return [b];
  });
  return kept.filter((b, i) => {
    if (b.kind !== 'heading') return true;
    const next = kept.slice(i + 1).find((x) => x.kind !== 'heading' || x.level <= b.level);
    return next !== undefined && next.kind !== 'heading';
  });
}
