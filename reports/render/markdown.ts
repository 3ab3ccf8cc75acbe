// A report as GitHub-flavoured Markdown, fit for a pull-request comment or
// $GITHUB_STEP_SUMMARY: pipe tables, long parts folded into <details>, no HTML beyond that.
import { type Block, dropCharts, inlineSpans, type Inline, type ReportDoc } from './blocks.js';

/** How to render. */
export interface MarkdownOptions {
  /** Chart id → image path or URL to link; charts without one are left out. */
  chartImages?: ReadonlyMap<string, string>;
}

/** Escapes text for a table cell or paragraph (pipes, backslashes, HTML, newlines). */
export function escapeMarkdown(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*').replace(/_/g, '\\_').replace(/\r?\n/g, '<br>');
}

const BOLD = new Set(['strong', 'fail', 'broken', 'error', 'worse']);
const ITALIC = new Set(['muted', 'skip']);

function inline(x: Inline): string {
  return inlineSpans(x).map((s) => {
    const t = escapeMarkdown(s.text);
    const mark = s.tone && BOLD.has(s.tone) ? '**' : s.tone && ITALIC.has(s.tone) ? '_' : '';
    if (!mark || !t.trim()) return t;
    // Emphasis must hug its text ("**a** b", not "**a **b"): keep the spaces outside.
    const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/s.exec(t)!;
    return `${lead}${mark}${core}${mark}${trail}`;
  }).join('');
}

const ALIGN = { left: ':---', right: '---:', center: ':---:' } as const;

function table(b: Extract<Block, { kind: 'table' }>): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [row(b.head.map(inline)), row(b.head.map((_, i) => ALIGN[b.align?.[i] ?? 'left'])), ...b.rows.map((r) => row(r.map(inline)))];
  return `${b.caption ? `_${escapeMarkdown(b.caption)}_\n\n` : ''}${lines.join('\n')}`;
}

function blocks(list: readonly Block[], o: MarkdownOptions, out: string[]): void {
  for (const b of list) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`);
        break;
      case 'paragraph':
        out.push(inline(b.text));
        break;
      case 'table':
        out.push(table(b));
        break;
      case 'list':
        out.push(b.items.map((i) => `- ${inline(i)}`).join('\n'));
        break;
      case 'details': {
        const inner: string[] = [];
        blocks(b.blocks, o, inner);
        out.push(`<details><summary>${escapeMarkdown(b.summary)}</summary>\n\n${inner.join('\n\n')}\n\n</details>`);
        break;
      }
      case 'note':
        out.push(`> ${escapeMarkdown(b.text)}`);
        break;
      case 'chart': {
        const src = o.chartImages?.get(b.chart.id);
        if (src) out.push(`![${escapeMarkdown(b.chart.title)}](${src})`);
        break;
      }
    }
  }
}

/** Renders a report as Markdown. */
export function renderMarkdown(doc: ReportDoc, o: MarkdownOptions = {}): string {
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`];
  if (doc.subtitle) out.push(`_${escapeMarkdown(doc.subtitle)}_`);
  blocks(dropCharts(doc.blocks, (c) => o.chartImages?.has(c.id) ?? false), o, out);
  return `${out.join('\n\n')}\n`;
}
