// isolab bench image: layer unpack and commit against GNU tar on the same tree (issue
// targets: unpack within 1.5× of `tar -x`, commit within 2× of `tar -c`).
import type { Command } from 'commander';
import { makeBenchDocument } from '../bench/bench-document.js';
import { makeFigure, type Figure } from '../bench/figure.js';
import { benchTarComparisons, type TarComparison } from '../runtime/image/bench-unpack.js';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { emitBench } from './bench-output.js';
import { parsePositive } from './units.js';

interface ImageBenchOptions {
  quick?: boolean;
  files?: string;
  runs?: string;
  json?: boolean;
  out?: string;
}

/** The figures of the comparisons: isolab's and tar's times, and the per-run ratios. */
export function tarFigures(results: TarComparison[]): Figure[] {
  return results.flatMap((r) => {
    const params = { op: r.operation, files: r.files, bytesPerFile: r.bytesPerFile };
    const note = [`GNU tar times less its measured spawn overhead (${r.spawnOverheadMs.toFixed(2)} ms)${r.gnuXattrs ? ', with --xattrs' : ''}`];
    return [
      makeFigure({ name: `image.${r.operation}.isolab`, unit: 'ms', samples: r.isolabMs, params }),
      makeFigure({ name: `image.${r.operation}.gnu-tar`, unit: 'ms', samples: r.gnuTarMs, params, notes: note }),
      makeFigure({ name: `image.${r.operation}.ratio`, unit: '×', samples: r.isolabMs.map((v, i) => v / (r.gnuTarMs[i] ?? NaN)).filter(Number.isFinite), params, notes: note }),
    ];
  });
}

function render(results: TarComparison[]): string {
  const lines = ['Layer unpack and commit against GNU tar (median of interleaved runs)'];
  for (const r of results) {
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    lines.push(`  ${r.operation.padEnd(7)} ${r.files} files × ${r.bytesPerFile} B: isolab ${med(r.isolabMs).toFixed(1)} ms, tar ${med(r.gnuTarMs).toFixed(1)} ms → ${r.ratio.toFixed(2)}× (best run ${r.minRatio.toFixed(2)}×, n=${r.isolabMs.length})`);
  }
  return lines.join('\n') + '\n';
}

/** Adds `isolab bench image`. */
export function registerBenchImage(bench: Command): void {
  bench
    .command('image')
    .description('unpack of a layer tar and commit of a writable layer, against GNU tar -x / tar -c of the same files')
    .option('--quick', 'fewer files and runs (CI)')
    .option('--files <n>', 'small files in the tree (default 10000; quick 2000)')
    .option('--runs <n>', 'interleaved runs of each side (default 9; quick 5)')
    .option('--json', 'print the results document as JSON')
    .option('--out <file>', 'write the results document (figures with raw samples) to FILE')
    .action(async (o: ImageBenchOptions) => {
      const files = o.files ? parsePositive(o.files, '--files', true) : o.quick ? 2000 : 10_000;
      const runs = o.runs ? parsePositive(o.runs, '--runs', true) : o.quick ? 5 : 9;
      const results = await benchTarComparisons({ files, runs });
      await emitBench(o, render(results), async () => makeBenchDocument('image', tarFigures(results), await collectFingerprint(), { comparisons: results }));
    });
}
