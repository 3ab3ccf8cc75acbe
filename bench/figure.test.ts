import test from 'ava';
import { ciSpread, makeFigure, subtractConstant } from './figure.js';

const samples = [4, 2, 3, 5, 1, 6, 7, 8, 9, 10];

test('makeFigure stores exactly the results.json shape, with the raw samples in order', (t) => {
  const f = makeFigure({ name: 'startup.start-to-exit', runtime: 'bwrap', unit: 'ms', samples, resolution: 0.0001 });
  t.deepEqual(Object.keys(f).sort(), ['ci95', 'name', 'runtime', 'samples', 'stats', 'unit', 'warnings']);
  t.deepEqual(Object.keys(f.stats).sort(), ['max', 'mean', 'median', 'min', 'n', 'p95', 'p99', 'sd']);
  t.deepEqual(f.samples, samples);
  t.not(f.samples, samples); // a copy: later changes to the input do not leak in
  t.is(f.stats.median, 5.5);
  t.is(f.stats.n, 10);
  t.deepEqual(f.ci95, [2, 9]);
});

test('makeFigure leaves runtime out when there is none, and refuses no samples naming the figure', (t) => {
  t.false('runtime' in makeFigure({ name: 'x', unit: 'ms', samples: [1] }));
  t.throws(() => makeFigure({ name: 'startup.phase.exec', runtime: 'builtin', unit: 'ms', samples: [] }), {
    message: /startup\.phase\.exec \(builtin\): no samples/,
  });
});

test('warnings are "code: message" strings, notes are kept after them', (t) => {
  const f = makeFigure({ name: 'x', unit: 'ms', samples: [1, 1, 1], resolution: 0.5, notes: ['adjusted: 1 ms off'] });
  t.deepEqual(f.warnings.map((w) => w.split(':')[0]), ['at-resolution', 'few-samples', 'adjusted']);
});

test('a time unit without a given resolution uses the measured timer resolution', (t) => {
  // 100 ns in ms is within 10× of any plausible hrtime resolution (tens of ns and up).
  const f = makeFigure({ name: 'x', unit: 'ms', samples: [0.00001, 0.00001, 0.00001, 0.00001, 0.00001, 0.00001] });
  t.true(f.warnings.some((w) => w.startsWith('at-resolution')));
  const g = makeFigure({ name: 'x', unit: 'ops', samples: [0.00001, 0.00001, 0.00001, 0.00001, 0.00001, 0.00001] });
  t.false(g.warnings.some((w) => w.startsWith('at-resolution')));
});

test('subtractConstant shifts every sample and widens the interval by the constant\'s spread', (t) => {
  const f = makeFigure({ name: 'x', runtime: 'crun', unit: 'ms', samples, resolution: 0 });
  const g = subtractConstant(f, 1, [3, 4], 'adjusted: 1 ms off');
  t.deepEqual(g.samples, samples.map((x) => x - 1));
  t.is(g.stats.median, 4.5);
  t.is(g.runtime, 'crun');
  t.true(g.warnings.includes('adjusted: 1 ms off'));
  const [below, above] = ciSpread(g);
  t.is(below, Math.hypot(3.5, 4)); // own spread below the median, and the constant's spread above
  t.is(above, Math.hypot(3.5, 3));
});
