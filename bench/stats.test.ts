import test from 'ava';
import {
  binomialHalfCdf, mean, meanCi95, medianAbsoluteDeviation, medianCi, quantile, relativeSpeed, requireNonEmpty,
  sortedCopy, standardDeviation, summarize, tQuantile975, tukeyOutliers, type NonEmpty,
} from './stats.js';

const close = (t: { true: (v: boolean, m?: string) => void }, actual: number, expected: number, eps = 1e-9) =>
  t.true(Math.abs(actual - expected) <= eps, `${actual} ≠ ${expected} (±${eps})`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i) as NonEmpty<number>;

test('quantile interpolates linearly between order statistics (type 7)', (t) => {
  const s: NonEmpty<number> = [1, 2, 3, 4];
  close(t, quantile(s, 0.5), 2.5);
  close(t, quantile(s, 0), 1);
  close(t, quantile(s, 1), 4);
  close(t, quantile(range(1, 20), 0.95), 19.05);
  t.throws(() => quantile(s, 1.5), { message: /within \[0, 1\]/ });
});

test('summarize gives the textbook mean, sample σ, median and extremes', (t) => {
  const s = summarize([9, 2, 4, 4, 5, 5, 7, 4]);
  t.is(s.n, 8);
  close(t, s.mean, 5);
  close(t, s.sd, Math.sqrt(32 / 7));
  close(t, s.median, 4.5);
  t.is(s.min, 2);
  t.is(s.max, 9);
  close(t, s.p99, 8.86); // h = 6.93: 7 + 0.93 × 2
});

test('a single sample has σ 0 and is its own median and percentiles', (t) => {
  const s = summarize([3.5]);
  t.deepEqual([s.sd, s.median, s.p95, s.p99, s.min, s.max], [0, 3.5, 3.5, 3.5, 3.5, 3.5]);
  t.is(standardDeviation([3.5]), 0);
});

test('requireNonEmpty refuses an empty set and names it', (t) => {
  t.throws(() => requireNonEmpty([], 'startup.start-to-exit (crun)'), { message: /startup\.start-to-exit \(crun\): no samples/ });
  t.deepEqual(requireNonEmpty([1], 'x'), [1]);
});

test('sortedCopy leaves its input alone', (t) => {
  const xs: NonEmpty<number> = [3, 1, 2];
  t.deepEqual(sortedCopy(xs), [1, 2, 3]);
  t.deepEqual(xs, [3, 1, 2]);
  close(t, mean(xs), 2);
});

test('binomialHalfCdf matches exact sums and does not underflow for large n', (t) => {
  close(t, binomialHalfCdf(10, 1), 11 / 1024);
  close(t, binomialHalfCdf(20, 5), 21700 / 1048576);
  t.is(binomialHalfCdf(10, -1), 0);
  t.is(binomialHalfCdf(10, 10), 1);
  close(t, binomialHalfCdf(5000, 2499) + binomialHalfCdf(5000, 2500), 1, 1e-9); // symmetric around n/2
  const tail = binomialHalfCdf(5000, 2400); // 0.5^5000 underflows to 0; the log-space sum must not
  close(t, tail, 0.002441824868758759, 1e-9); // exact: sum of C(5000, k) / 2^5000 for k ≤ 2400
});

test('medianCi picks the order statistics of the binomial method', (t) => {
  const ten = medianCi([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
  t.deepEqual([ten.lo, ten.hi], [2, 9]);
  close(t, ten.coverage, 1 - (2 * 11) / 1024);
  const twenty = medianCi(range(1, 20));
  t.deepEqual([twenty.lo, twenty.hi], [6, 15]);
  close(t, twenty.coverage, 1 - (2 * 21700) / 1048576);
});

test('medianCi falls back to min … max below 6 samples and says how little it covers', (t) => {
  const five = medianCi([5, 4, 3, 2, 1]);
  t.deepEqual([five.lo, five.hi], [1, 5]);
  close(t, five.coverage, 1 - 2 / 32);
  t.true(five.coverage < 0.95);
  const one = medianCi([7]);
  t.deepEqual([one.lo, one.hi, one.coverage], [7, 7, 0]);
});

test('medianCi of many samples is narrow, contains the median and covers at least 95 %', (t) => {
  const ci = medianCi(range(1, 1000));
  t.true(ci.lo < 500.5 && ci.hi > 500.5);
  t.true(ci.hi - ci.lo < 80);
  t.true(ci.coverage >= 0.95);
});

test('tQuantile975 uses the table to 30 and a close expansion beyond', (t) => {
  t.is(tQuantile975(1), 12.706);
  t.is(tQuantile975(30), 2.042);
  close(t, tQuantile975(40), 2.021, 0.001);
  close(t, tQuantile975(120), 1.980, 0.001);
  t.true(tQuantile975(31) < tQuantile975(30));
  t.throws(() => tQuantile975(0));
});

test('meanCi95 is mean ± t·σ/√n, and undefined for one sample', (t) => {
  const [lo, hi] = meanCi95([1, 2, 3, 4, 5])!;
  const half = (2.776 * Math.sqrt(2.5)) / Math.sqrt(5);
  close(t, lo, 3 - half);
  close(t, hi, 3 + half);
  t.is(meanCi95([4]), undefined);
});

test('tukeyOutliers counts mild and severe outliers separately', (t) => {
  const severe = tukeyOutliers([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
  t.deepEqual(severe, { low: 0, high: 1, severe: 1, fences: [3.25 - 6.75, 7.75 + 6.75] });
  const mild = tukeyOutliers([1, 2, 3, 4, 5, 6, 7, 8, 9, 16]);
  t.is(mild.high, 1);
  t.is(mild.severe, 0);
  const none = tukeyOutliers([1, 2, 3, 4, 5]);
  t.is(none.low + none.high, 0);
});

test('medianAbsoluteDeviation is the median distance from the median', (t) => {
  t.is(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9]), 1);
});

test('relativeSpeed: ratio of medians, log-space interval, hyperfine σ', (t) => {
  const r = relativeSpeed({ median: 10, mean: 10, sd: 1, ci95: [8, 12.5] }, { median: 5, mean: 5, sd: 0.5, ci95: [4, 6.25] });
  close(t, r.ratio, 2);
  const spread = Math.hypot(Math.log(10 / 8), Math.log(6.25 / 5));
  close(t, r.ci95[0], 2 * Math.exp(-spread));
  close(t, r.ci95[1], 2 * Math.exp(spread));
  close(t, r.error, 2 * Math.hypot(0.1, 0.1));
});

test('relativeSpeed keeps a skewed interval skewed, and refuses non-positive medians', (t) => {
  const r = relativeSpeed({ median: 10, mean: 11, sd: 2, ci95: [9.5, 15] }, { median: 10, mean: 10, sd: 1, ci95: [10, 10] });
  t.is(r.ratio, 1);
  t.true(r.ci95[1] - 1 > 1 - r.ci95[0]);
  t.throws(() => relativeSpeed({ median: 0, mean: 0, sd: 0, ci95: [0, 0] }, { median: 1, mean: 1, sd: 0, ci95: [1, 1] }), { message: /positive/ });
});
