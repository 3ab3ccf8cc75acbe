// A built report (or comparison) in the format asked: the text for stdout and, with an
// output directory, the files — report.html / report.md / report.txt plus one PNG per chart.
import fs from 'node:fs';
import path from 'node:path';
import { drawCharts, type DrawnChart } from '../charts/draw-chart.js';
import { chartsOf, type ReportDoc } from './blocks.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

/** The document formats (JUnit is the report command's own; see junit.ts). */
export type DocumentFormat = 'terminal' | 'markdown' | 'html';

/** What rendering produced. */
export interface RenderedDocument {
  /** The rendered document (what stdout gets when there is no output directory). */
  text: string;
  /** Files written, in order (the document first, then the charts' PNGs). */
  files: string[];
  /** The charts drawn (html, and markdown with an output directory). */
  charts: DrawnChart[];
}

/** How to render. */
export interface WriteOptions {
  /** ANSI colour for the terminal format. */
  color: boolean;
  /** Directory to write the document and charts to (made when missing). */
  outDir?: string;
  /** File name stem: "report" or "compare". */
  name: string;
  /** Footer line of the HTML, e.g. "isolab 0.1.0". */
  generator?: string;
}

/** Renders a document and, with outDir, writes it and its charts. */
export async function writeDocument(doc: ReportDoc, format: DocumentFormat, o: WriteOptions): Promise<RenderedDocument> {
  const files: string[] = [];
  const needCharts = format === 'html' || (format === 'markdown' && o.outDir !== undefined);
  const charts = needCharts ? await drawCharts(chartsOf(doc.blocks)) : [];
  if (o.outDir) {
    fs.mkdirSync(o.outDir, { recursive: true });
  }
  let text: string;
  switch (format) {
    case 'terminal':
      text = renderTerminal(doc, { color: o.color });
      if (o.outDir) files.push(write(o.outDir, `${o.name}.txt`, o.color ? renderTerminal(doc, { color: false }) : text));
      break;
    case 'markdown':
      text = renderMarkdown(doc, { chartImages: new Map(charts.map((c) => [c.spec.id, `${c.spec.id}.png`])) });
      if (o.outDir) files.push(write(o.outDir, `${o.name}.md`, text));
      break;
    case 'html':
      text = renderHtml(doc, new Map(charts.map((c) => [c.spec.id, c])), o.generator ? { generator: o.generator } : {});
      if (o.outDir) files.push(write(o.outDir, `${o.name}.html`, text));
      break;
  }
  if (o.outDir) for (const c of charts) files.push(write(o.outDir, `${c.spec.id}.png`, c.png));
  return { text, files, charts };
}

function write(dir: string, name: string, data: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}
