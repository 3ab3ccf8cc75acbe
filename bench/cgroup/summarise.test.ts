import test from 'ava';
import type { BurstSample } from './cpu-burst.js';
import type { SteadySample } from './cpu-steady.js';
import { renderCgroup } from './render.js';
import { cgroupSettings } from './settings.js';
import { cgroupFigures, summariseCgroup } from './summarise.js';

const settings = cgroupSettings({ quick: true, quotas: [0.5], memoryLimitsMiB: [32], pidsLimits: [16] });
const steady = (steadyCpus: number, window: SteadySample['window'] = 'throttled'): SteadySample => ({
  quota: 0.5, threads: 2, steadyCpus, window, wholeRunCpus: 0.52, nrPeriods: 11, nrThrottled: 11, throttledMs: 900,
});
const burst = (c: BurstSample['case'], latency: number): BurstSample => ({
  case: c, processes: c === 'one-process' ? 1 : 2, quota: c === 'unlimited' ? null : 0.5, latenciesMs: [latency, latency + 1, latency + 2, latency, latency + 1, latency],
  overruns: 0, nrPeriods: 20, nrThrottled: c === 'two-processes' ? 8 : 0, throttledMs: c === 'two-processes' ? 400 : 0, averageCpus: 0.2,
});
const runs = {
  steady: [0.5, 0.505, 0.495, 0.5, 0.51, 0.5].map((x, i) => steady(x, i === 0 ? 'wall' : i === 1 ? 'missed' : 'throttled')),
  burst: [burst('unlimited', 30), burst('one-process', 30), burst('two-processes', 60)],
  memory: [{ limitMiB: 32, peakMiB: 32, oomKilled: true, oomKills: 1 }, { limitMiB: 32, peakMiB: 31.9, oomKilled: true, oomKills: 1 }],
  pids: [{ limit: 16, reached: 16, error: 'EAGAIN', limitHits: 1 }, { limit: 16, reached: 15, error: 'EAGAIN', limitHits: 1 }],
};

test('the CPU error is the usage against the quota in %, with the usage\'s own warnings', (t) => {
  const r = summariseCgroup(runs, settings);
  const [q] = r.cpu;
  t.is(q!.error.name, 'cgroup.cpu.error.quota-0.5');
  t.is(q!.error.unit, '%');
  t.deepEqual(q!.error.samples.map((x) => Number(x.toFixed(6))), [0, 1, -1, 0, 2, 0]);
  t.like(q!.error.params, { quota: 0.5, threads: 2, window: 'steady' });
  t.is(Number(q!.wholeRunError.stats.median.toFixed(6)), 4);
  t.is(q!.throttled.stats.median, 100);
  t.false(q!.error.warnings.some((w) => w.startsWith('noisy'))); // σ of ±1 % around 0 is not noise
  t.deepEqual(q!.windows, { throttled: 4, wall: 1, missed: 1 });
  t.true(r.warnings.some((w) => /quota 0\.5: 1 of 6 steady windows saw no throttle/.test(w)));
  t.true(r.warnings.some((w) => /quota 0\.5: 1 of 6 steady windows could not be read/.test(w)));
});

test('bursts are compared with the unlimited run; memory and pids against their limits', (t) => {
  const r = summariseCgroup(runs, settings);
  const two = r.burst.find((b) => b.case === 'two-processes')!;
  t.is(two.latency.stats.n, 6);
  t.is(two.vsUnlimited!.ratio, two.latency.stats.median / r.burst[0]!.latency.stats.median);
  t.is(r.burst[0]!.vsUnlimited, undefined);
  t.is(r.memory[0]!.peak!.stats.max, 32);
  t.is(r.memory[0]!.oomKilled, 2);
  t.false(r.pids[0]!.exact);
  t.true(r.warnings.some((w) => /pids limit 16: reached 15 … 16 processes/.test(w)));
  t.deepEqual(cgroupFigures(r).map((f) => f.name), [
    'cgroup.cpu.error.quota-0.5', 'cgroup.cpu.error-whole-run.quota-0.5', 'cgroup.cpu.throttled-periods.quota-0.5',
    'cgroup.burst.latency.unlimited', 'cgroup.burst.latency.one-process', 'cgroup.burst.latency.two-processes',
    'cgroup.memory.peak.limit-32MiB', 'cgroup.pids.reached.limit-16',
  ]);
});

test('the renderer shows the error by quota, burst latency against unlimited, peaks and pids', (t) => {
  const s = summariseCgroup(runs, settings);
  const text = renderCgroup({ ...s, driver: { version: 'v1', mode: 'hybrid' }, skipped: [], failed: [{ name: 'burst unlimited', reason: 'timed out' }], settings: { ...settings, cpus: 2, loadAverage: 0.1 } });
  t.regex(text, /│ 0\.5 +│ 2 +│ \+0 % \[/);
  t.regex(text, /two-processes .*1\.98× \[/); // 60.5 ms ÷ 30.5 ms
  t.regex(text, /8 of 20 /);
  t.regex(text, /│ 32 MiB +│ 31\.9 MiB \(31\.9 … 32\.0\) +│ 99\.8 %/); // median 31.95
  t.regex(text, /│ 16 +│ 15\.5 \(15 … 16\) +│ no /);
  t.regex(text, /cgroup v1 driver \(hybrid host\)/);
  t.regex(text, /failed burst unlimited \(left out\): timed out/);
});
