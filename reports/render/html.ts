// A report as one self-contained HTML file: no scripts, no network; charts are PNGs drawn
// beforehand and embedded as data: URIs, so the file can be mailed, archived or attached.
import type { DrawnChart } from '../charts/draw-chart.js';
import { type Block, inlineSpans, type Inline, type ReportDoc, type Tone } from './blocks.js';
import { HTML_STYLE } from './html-style.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const TONED_CELL: Partial<Record<Tone, string>> = { pass: 'cell-pass', control: 'cell-control', fail: 'cell-fail', broken: 'cell-broken', error: 'cell-error', skip: 'cell-skip' };

function inline(x: Inline): string {
  return inlineSpans(x).map((s) => {
    const t = escapeHtml(s.text);
    if (!s.tone && !s.title) return t;
    return `<span${s.tone ? ` class="t-${s.tone}"` : ''}${s.title ? ` title="${escapeHtml(s.title)}"` : ''}>${t}</span>`;
  }).join('');
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function table(b: Extract<Block, { kind: 'table' }>): string {
  const alignOf = (i: number) => (b.align?.[i] && b.align[i] !== 'left' ? ` class="${b.align[i]}"` : '');
  const hasHead = b.head.some((h) => inlineSpans(h).some((s) => s.text !== ''));
  const head = hasHead ? `<thead><tr>${b.head.map((h, i) => `<th${alignOf(i)}>${inline(h)}</th>`).join('')}</tr></thead>` : '';
  const rows = b.rows.map((r) => `<tr>${r.map((c, i) => {
    const spans = inlineSpans(c);
    // A cell that is one outcome mark gets its background too: the matrix reads as a heat map.
    const cls = [b.align?.[i] && b.align[i] !== 'left' ? b.align[i] : '', spans.length === 1 && spans[0]!.tone ? TONED_CELL[spans[0]!.tone] ?? '' : ''].filter(Boolean).join(' ');
    return `<td${cls ? ` class="${cls}"` : ''}>${inline(c)}</td>`;
  }).join('')}</tr>`).join('\n');
  const kv = !hasHead && b.head.length === 2 ? ' class="kv"' : '';
  return `${b.caption ? `<div class="caption">${escapeHtml(b.caption)}</div>` : ''}<div class="table-wrap"><table${kv}>${head}<tbody>\n${rows}\n</tbody></table></div>`;
}

function blocks(list: readonly Block[], charts: ReadonlyMap<string, DrawnChart>, out: string[]): void {
  for (const b of list) {
    switch (b.kind) {
      case 'heading':
        out.push(`<h${b.level}${b.level === 2 ? ` id="${slug(b.text)}"` : ''}>${escapeHtml(b.text)}</h${b.level}>`);
        break;
      case 'paragraph':
        out.push(`<p class="${b.tone ? `t-${b.tone} ` : ''}verdict">${inline(b.text)}</p>`);
        break;
      case 'table':
        out.push(table(b));
        break;
      case 'list':
        out.push(`<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
        break;
      case 'details': {
        const inner: string[] = [];
        blocks(b.blocks, charts, inner);
        out.push(`<details><summary>${escapeHtml(b.summary)}</summary>\n${inner.join('\n')}\n</details>`);
        break;
      }
      case 'note':
        out.push(`<p class="note">${escapeHtml(b.text)}</p>`);
        break;
      case 'chart': {
        const c = charts.get(b.chart.id);
        if (!c) {
          out.push(`<p class="note">Chart "${escapeHtml(b.chart.title)}" was not drawn.</p>`);
          break;
        }
        out.push(`<figure id="chart-${escapeHtml(c.spec.id)}"><img alt="${escapeHtml(c.spec.title)}" width="${c.width}" height="${c.height}" src="data:image/png;base64,${c.png.toString('base64')}"></figure>`);
        break;
      }
    }
  }
}

/** Renders a report as a complete HTML document; `charts` holds the drawn charts by id. */
export function renderHtml(doc: ReportDoc, charts: ReadonlyMap<string, DrawnChart>, o: { generator?: string } = {}): string {
  const body: string[] = [];
  blocks(doc.blocks, charts, body);
  const sections = doc.blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 2);
  const nav = sections.map((h) => `<a href="#${slug(h.text)}">${escapeHtml(h.text)}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : ''}
${nav ? `<nav>${nav}</nav>` : ''}
</header>
${body.join('\n')}
<footer>${escapeHtml(o.generator ?? 'isolab')} · self-contained report: charts are embedded PNGs, nothing is loaded from the network.</footer>
</main>
</body>
</html>
`;
}
