import test from 'ava';
import { requireNonEmpty, summarize, type NonEmpty } from './stats.js';
import { assessSamples, measureTimerResolutionNs } from './warnings.js';

const codesOf = (xs: NonEmpty<number>, resolution = 0.0001) =>
  assessSamples(xs, summarize(xs), { resolution, unit: 'ms' }).map((w) => w.code);

const quiet: NonEmpty<number> = [10, 10.1, 9.9, 10.05, 9.95, 10, 10.02, 9.98];

test('steady samples far above the resolution get no warning', (t) => {
  t.deepEqual(codesOf(quiet), []);
});

test('a median within 10× of the timer resolution is flagged at-resolution', (t) => {
  t.deepEqual(codesOf(quiet, 1.5), ['at-resolution']);
  t.deepEqual(codesOf(quiet, 0.9), []);
});

test('σ above 20 % of the median is noisy, with advice', (t) => {
  const xs: NonEmpty<number> = [5, 10, 15, 5, 10, 15, 5, 10, 15, 10];
  const w = assessSamples(xs, summarize(xs), { resolution: 0, unit: 'ms' });
  const noisy = w.find((x) => x.code === 'noisy');
  t.truthy(noisy);
  t.regex(noisy!.message, /σ is \d+ % of the median/);
  t.regex(noisy!.message, /--warmup/);
  t.regex(noisy!.message, /--samples/);
});

test('a p99 over 3× the median is noisy even when σ is small relative to it', (t) => {
  const xs = requireNonEmpty([...Array<number>(98).fill(1), 100, 100], 'tail');
  const noisy = assessSamples(xs, summarize(xs), { resolution: 0, unit: 'ms' }).find((x) => x.code === 'noisy');
  t.regex(noisy!.message, /p99 is 100\.0× the median/);
});

test('severe outliers are reported with their count', (t) => {
  const xs: NonEmpty<number> = [10, 10.1, 9.9, 10.05, 9.95, 10, 10.02, 9.98, 10.01, 50];
  const w = assessSamples(xs, summarize(xs), { resolution: 0, unit: 'ms' }).find((x) => x.code === 'outliers');
  t.regex(w!.message, /^1 of 10 samples lie beyond Tukey's fences \(1 far beyond\)/);
});

test('fewer than 6 samples are flagged: no 95 % interval of the median exists', (t) => {
  t.true(codesOf([1, 1, 1, 1, 1]).includes('few-samples'));
  t.false(codesOf([1, 1, 1, 1, 1, 1]).includes('few-samples'));
});

test('the measured timer resolution is a positive number of ns, measured once', (t) => {
  const r = measureTimerResolutionNs();
  t.true(r > 0 && r < 1e6);
  t.is(measureTimerResolutionNs(), r);
});
