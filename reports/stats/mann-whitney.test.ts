import test from 'ava';
import type { NonEmpty } from '../../bench/stats.js';
import { hodgesLehmannShift, mannWhitneyU } from './mann-whitney.js';
import { normalCdf } from './normal.js';

const ne = (xs: number[]) => xs as NonEmpty<number>;

// Expected values from SciPy 1.17: mannwhitneyu(x, y, method="asymptotic", alternative="two-sided").
const KNOWN: { x: number[]; y: number[]; u: number; p: number; pNoCc: number }[] = [
  { x: [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], y: [1.15, 0.88, 0.9, 0.74, 1.21], u: 35, p: 0.24462360512698333, pNoCc: 0.22067136191984693 },
  { x: [1, 2, 2, 3, 3, 3, 4, 5], y: [3, 3, 4, 4, 5, 5, 6, 7, 7], u: 11, p: 0.01630200829707017, pNoCc: 0.014241835436263096 },
  { x: [19, 22, 16, 29, 24], y: [20, 11, 17, 12], u: 17, p: 0.11134688653314041, pNoCc: 0.0864107329737 },
];

test('U and the tie-corrected normal-approximation p-value match SciPy', (t) => {
  for (const k of KNOWN) {
    const r = mannWhitneyU(ne(k.x), ne(k.y));
    t.is(r.u, k.u);
    t.true(Math.abs(r.p - k.p) < 1e-6, `p ${r.p} vs ${k.p}`);
    t.true(Math.abs(mannWhitneyU(ne(k.x), ne(k.y), { continuity: false }).p - k.pNoCc) < 1e-6);
  }
});

test('the test is symmetric: swapping the samples gives U2 = n1·n2 − U1 and the same p', (t) => {
  const k = KNOWN[1]!;
  const ab = mannWhitneyU(ne(k.x), ne(k.y));
  const ba = mannWhitneyU(ne(k.y), ne(k.x));
  t.is(ba.u, k.x.length * k.y.length - ab.u);
  t.true(Math.abs(ab.p - ba.p) < 1e-12);
  t.true(ab.probabilityGreater < 0.5 && ba.probabilityGreater > 0.5);
});

test('all samples equal: nothing can differ, p = 1 (not NaN)', (t) => {
  const r = mannWhitneyU(ne([5, 5, 5]), ne([5, 5, 5]));
  t.is(r.p, 1);
  t.is(r.u, 4.5);
});

test('completely separated samples give a tiny p', (t) => {
  const a = ne(Array.from({ length: 30 }, (_, i) => 10 + i * 0.01));
  const b = ne(Array.from({ length: 30 }, (_, i) => 20 + i * 0.01));
  t.true(mannWhitneyU(a, b).p < 1e-9);
});

test('normalCdf matches known quantiles', (t) => {
  t.true(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  t.true(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  t.true(Math.abs(normalCdf(-3) - 0.0013498980316301) < 1e-7);
});

test('Hodges–Lehmann shift is the median pairwise difference', (t) => {
  t.is(hodgesLehmannShift(ne([1, 2, 3]), ne([11, 12, 13])), 10);
  t.is(hodgesLehmannShift(ne([1, 2]), ne([2, 4])), 1.5); // diffs 1, 0, 3, 2 → median 1.5
});
