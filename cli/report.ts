// isolab report: one results file (or bench document) as a terminal summary, Markdown,
// a self-contained HTML report with charts, or JUnit XML.
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadResults } from '../reports/model/load-results.js';
import { buildReport } from '../reports/report/build-report.js';
import { renderJunit } from '../reports/render/junit.js';
import { shouldColor } from '../reports/render/terminal.js';
import { writeDocument } from '../reports/render/write-document.js';
import { readIsolabVersion } from '../runtime/host/isolab-version.js';

interface ReportOptions {
  format: 'terminal' | 'markdown' | 'html' | 'junit';
  out?: string;
}

/** Adds `isolab report`. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('render a results.json (or an isolab bench --out document): terminal tables, Markdown, one self-contained HTML file with charts, or JUnit XML')
    .argument('<results>', 'results.json written by isolab run / suite, or a bench document')
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'markdown', 'html', 'junit']).default('terminal'))
    .option('--out <dir>', 'write report.{txt,md,html} or junit.xml there, and each chart as a PNG (html, markdown)')
    .action(async (file: string, o: ReportOptions) => {
      const results = loadResults(file);
      if (o.format === 'junit') {
        const xml = renderJunit(results);
        if (o.out) {
          fs.mkdirSync(o.out, { recursive: true });
          fs.writeFileSync(path.join(o.out, 'junit.xml'), xml);
          process.stdout.write(`wrote ${path.join(o.out, 'junit.xml')}\n`);
        } else process.stdout.write(xml);
        return;
      }
      const rendered = await writeDocument(buildReport(results), o.format, {
        color: o.format === 'terminal' && shouldColor(process.stdout), name: 'report', generator: `isolab ${await readIsolabVersion()}`,
        ...(o.out ? { outDir: o.out } : {}),
      });
      if (o.out && o.format !== 'terminal') process.stdout.write(rendered.files.map((f) => `wrote ${f}\n`).join(''));
      else process.stdout.write(rendered.text);
    });
}
