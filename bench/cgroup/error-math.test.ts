import test from 'ava';
import { burstAverageCpus, burstOverQuota, cpusUsed, grantedCpus, quotaErrorPercent, steadyWindow, threadsFor, throttledPercent } from './error-math.js';

test('threadsFor asks for more CPU than the quota grants', (t) => {
  t.deepEqual([0.1, 0.5, 1, 1.5, 2].map(threadsFor), [2, 2, 2, 3, 3]);
});

test('quotaErrorPercent is the usage\'s distance from the quota in % of the quota', (t) => {
  t.is(quotaErrorPercent(0.5, 0.5), 0);
  t.is(quotaErrorPercent(0.51, 0.5).toFixed(6), '2.000000');
  t.is(quotaErrorPercent(0.09, 0.1).toFixed(6), '-10.000000');
  t.throws(() => quotaErrorPercent(1, 0), { message: /quota must be positive/ });
});

test('cpusUsed is CPU time over wall time, and refuses no wall time', (t) => {
  t.is(cpusUsed(1.5e9, 1e9), 1.5);
  t.throws(() => cpusUsed(1, 0), { message: /wall time must be positive/ });
});

test('steadyWindow skips the first periods and spans whole periods with two to spare', (t) => {
  t.deepEqual(steadyWindow(1, 100), { startMs: 200, lengthMs: 600, periods: 6 });
  t.deepEqual(steadyWindow(3, 100), { startMs: 200, lengthMs: 2600, periods: 26 });
  t.throws(() => steadyWindow(0.4, 100), { message: /leaves no whole 100 ms period/ });
});

test('grantedCpus divides by the periods that began between readings taken while throttled, by wall time otherwise', (t) => {
  // 6 periods of 100 ms, each granting 50 ms: 0.5 CPU, although the readings are 630 ms apart.
  const a = { usageNs: 1e9, nrPeriods: 10, t: 0 };
  const b = { usageNs: 1e9 + 6 * 50e6, nrPeriods: 16, t: 630e6 };
  t.is(grantedCpus(a, b, 100, true), 0.5);
  t.is(grantedCpus(a, b, 100, false), 300e6 / 630e6);
  t.is(grantedCpus(a, { ...b, nrPeriods: 10 }, 100, true), 300e6 / 630e6); // no period in between: wall time
});

test('the burst shape: two 30 ms bursts every 300 ms average 0.2 CPU yet want 120 % of a 0.5 CPU period', (t) => {
  t.is(burstAverageCpus(2, 30, 300), 0.2);
  t.is(burstOverQuota(2, 30, 0.5, 100), 1.2);
  t.is(burstOverQuota(1, 30, 0.5, 100), 0.6);
});

test('throttledPercent is 0 without periods', (t) => {
  t.is(throttledPercent(5, 10), 50);
  t.is(throttledPercent(0, 0), 0);
});
