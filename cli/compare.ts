// isolab compare: result files side by side (two, or a kernel/distro matrix), the first as
// the baseline — environment differences, outcome changes, figures that moved significantly.
import { Command, Option } from 'commander';
import { buildCompare } from '../reports/compare/build-compare.js';
import { compareResults } from '../reports/compare/compare-results.js';
import { loadAllResults } from '../reports/model/load-results.js';
import { shouldColor } from '../reports/render/terminal.js';
import { writeDocument } from '../reports/render/write-document.js';
import { readIsolabVersion } from '../runtime/host/isolab-version.js';

interface CompareOptions {
  format: 'terminal' | 'markdown' | 'html';
  out?: string;
  alpha: string;
  minChange: string;
}

/** Parses a probability in (0, 1); throws naming the option. */
export function parseFraction(text: string, option: string, percentAllowed = false): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!m || (m[2] && !percentAllowed) || !(value > 0 && value < 1)) {
    throw new Error(`${option}: "${text}" must be a number between 0 and 1${percentAllowed ? ' or a percentage such as 5%' : ''}`);
  }
  return value;
}

/** Adds `isolab compare`. */
export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('compare result files (the first is the baseline): environment differences, checks whose outcome changed, figures that moved (Mann–Whitney test on the raw samples)')
    .argument('<files...>', 'two or more results.json or bench documents')
    .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'markdown', 'html']).default('terminal'))
    .option('--out <dir>', 'write compare.{txt,md,html} and the charts as PNGs there')
    .option('--alpha <p>', 'significance level of the test', '0.05')
    .option('--min-change <fraction>', 'smallest relative change of a median that counts (0.05 or 5%)', '5%')
    .action(async (files: string[], o: CompareOptions) => {
      if (files.length < 2) throw new Error('compare needs at least two result files');
      const comparison = compareResults(loadAllResults(files), { alpha: parseFraction(o.alpha, '--alpha'), minChange: parseFraction(o.minChange, '--min-change', true) });
      const rendered = await writeDocument(buildCompare(comparison), o.format, {
        color: o.format === 'terminal' && shouldColor(process.stdout), name: 'compare', generator: `isolab ${await readIsolabVersion()}`,
        ...(o.out ? { outDir: o.out } : {}),
      });
      if (o.out && o.format !== 'terminal') process.stdout.write(rendered.files.map((f) => `wrote ${f}\n`).join(''));
      else process.stdout.write(rendered.text);
    });
}
