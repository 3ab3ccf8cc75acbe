import test from 'ava';
import { compareFigures, pairedRatios, rotate } from './compare.js';
import { makeFigure } from './figure.js';

const fig = (name: string, unit: string, base: number) => makeFigure({ name, unit, samples: Array.from({ length: 10 }, (_, i) => base + i * 0.01 * base), resolution: 0 });

test('compareFigures gives A ÷ B of the medians with an interval around it, and A − B', (t) => {
  const c = compareFigures(fig('a', 'ms', 4), fig('b', 'ms', 2));
  t.is(c.ratio, 2);
  t.true(c.ci95[0] < 2 && c.ci95[1] > 2);
  t.is(c.difference, fig('a', 'ms', 4).stats.median - fig('b', 'ms', 2).stats.median);
  t.is(c.unit, 'ms');
});

test('compareFigures refuses figures in different units, naming both', (t) => {
  t.throws(() => compareFigures(fig('a', 'ms', 1), fig('b', 'µs', 1)), { message: /a is in ms but b in µs/ });
});

test('pairedRatios divides round by round and skips rounds missing a side or dividing by zero', (t) => {
  t.deepEqual(pairedRatios([4, undefined, 9, 1], [2, 3, 3, 0]), [2, 3]);
  t.deepEqual(pairedRatios([1, 2], [1]), [1]);
});

test('rotate gives each round a different first element and keeps every element', (t) => {
  t.deepEqual(rotate([1, 2, 3], 0), [1, 2, 3]);
  t.deepEqual(rotate([1, 2, 3], 1), [2, 3, 1]);
  t.deepEqual(rotate([1, 2, 3], 5), [3, 1, 2]);
  t.deepEqual(rotate([], 2), []);
});
