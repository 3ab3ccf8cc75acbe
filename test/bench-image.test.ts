// The figures of `isolab bench image`: isolab's time, tar's time, and the ratio per run.
import test from 'ava';
import type { TarComparison } from '../runtime/image/bench-unpack.js';
import { tarFigures } from '../cli/bench-image.js';

const comparison: TarComparison = {
  operation: 'commit', files: 100, bytesPerFile: 10, isolabMs: [4, 6, 8], gnuTarMs: [2, 2, 4],
  spawnOverheadMs: 1.5, ratio: 2, minRatio: 2, gnuXattrs: false,
} as TarComparison;

test('each comparison gives isolab, tar and per-run ratio figures with their parameters', (t) => {
  const figures = tarFigures([comparison]);
  t.deepEqual(figures.map((f) => f.name), ['image.commit.isolab', 'image.commit.gnu-tar', 'image.commit.ratio']);
  const ratio = figures[2]!;
  t.deepEqual(ratio.samples, [2, 3, 2]);
  t.is(ratio.stats.median, 2);
  t.is(ratio.unit, '×');
  t.deepEqual(ratio.params, { op: 'commit', files: 100, bytesPerFile: 10 });
  t.true(figures[1]!.warnings.some((w) => w.includes('spawn overhead (1.50 ms)')));
});
