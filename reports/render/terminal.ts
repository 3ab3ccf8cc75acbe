// A report in the terminal: cli-table3 tables, headings, lists; colour only when asked
// (the CLI asks on a TTY without NO_COLOR). Charts are left to the HTML report.
import Table from 'cli-table3';
import { type Block, dropCharts, inlineSpans, type Inline, type ReportDoc, type Tone } from './blocks.js';

/** How to render. */
export interface TerminalOptions {
  /** ANSI colour and emphasis. */
  color: boolean;
}

const SGR: Record<Tone, [string, string]> = {
  pass: ['32', '39'], control: ['36', '39'], fail: ['1;31', '22;39'], broken: ['1;35', '22;39'], error: ['1;33', '22;39'],
  skip: ['2', '22'], warn: ['33', '39'], muted: ['2', '22'], strong: ['1', '22'], better: ['32', '39'], worse: ['1;31', '22;39'],
};

/** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

function paint(text: string, tone: Tone | undefined, color: boolean): string {
  if (!color || !tone || !text) return text;
  const [open, close] = SGR[tone];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

function inline(x: Inline, color: boolean): string {
  return inlineSpans(x).map((s) => paint(s.text, s.tone, color)).join('');
}

// Rows without separator lines: tall tables (the check matrix) stay readable.
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function table(b: Extract<Block, { kind: 'table' }>, color: boolean): string {
  const hasHead = b.head.some((h) => inline(h, false) !== '');
  const t = new Table({
    ...(hasHead ? { head: b.head.map((h) => paint(inline(h, false), 'strong', color)) } : {}),
    chars: COMPACT,
    style: { head: [], border: color ? ['grey'] : [], 'padding-left': 1, 'padding-right': 1 },
    ...(b.align ? { colAligns: b.align } : {}),
  });
  for (const row of b.rows) t.push(row.map((c) => inline(c, color)));
  return `${b.caption ? `${paint(b.caption, 'muted', color)}\n` : ''}${t.toString()}`;
}

function blocks(list: readonly Block[], color: boolean, out: string[]): void {
  for (const b of list) {
    switch (b.kind) {
      case 'heading':
        out.push(b.level <= 2 ? `\n${paint(b.text, 'strong', color)}\n${'─'.repeat(b.text.length)}` : `\n${paint(b.text, 'strong', color)}`);
        break;
      case 'paragraph':
        out.push(paint(inline(b.text, color), b.tone, color));
        break;
      case 'table':
        out.push(table(b, color));
        break;
      case 'list':
        out.push(b.items.map((i) => `  • ${inline(i, color)}`).join('\n'));
        break;
      case 'details':
        out.push(`\n${paint(b.summary, 'strong', color)}`);
        blocks(b.blocks, color, out);
        break;
      case 'note':
        out.push(paint(`– ${b.text}`, 'muted', color));
        break;
      case 'chart':
        break; // charts are drawn in the HTML report
    }
  }
}

/** Renders a report for a terminal. */
export function renderTerminal(doc: ReportDoc, o: TerminalOptions = { color: false }): string {
  const out: string[] = [paint(doc.title, 'strong', o.color)];
  if (doc.subtitle) out.push(paint(doc.subtitle, 'muted', o.color));
  blocks(dropCharts(doc.blocks), o.color, out);
  return `${out.join('\n')}\n`;
}
