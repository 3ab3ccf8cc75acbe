import test from 'ava';
import { crafted } from '../test-support/craft.js';
import { latencySamples, seededRandom } from '../test-support/fixtures.js';
import { buildCompare } from './build-compare.js';
import { compareResults, hasRegression } from './compare-results.js';
import { compareFigure, higherIsBetter } from './figure-change.js';
import { renderTerminal } from '../render/terminal.js';
import { renderMarkdown } from '../render/markdown.js';
import { makeFigure } from '../../bench/figure.js';

const builtin = (c: ReturnType<typeof compareResults>) => c.figures.find((f) => f.name === 'startup.start-to-exit' && f.runtime === 'builtin')!;

test('a real regression (every sample 30 % slower, fresh draws) is flagged as worse', (t) => {
  const c = compareResults([crafted('before', { seed: 1, median: 5 }), crafted('after', { seed: 2, median: 6.5 })]);
  const change = builtin(c).changes[1]!;
  t.true(change.significant);
  t.is(change.verdict, 'worse');
  t.true(change.p < 0.001);
  t.true(Math.abs(change.relative - 0.3) < 0.1, `relative ${change.relative}`);
  t.true(hasRegression(c));
});

test('pure noise (two draws from the same distribution) is not flagged', (t) => {
  const c = compareResults([crafted('a', { seed: 1, median: 5 }), crafted('b', { seed: 2, median: 5 })]);
  const change = builtin(c).changes[1]!;
  t.false(change.significant, `p ${change.p}, relative ${change.relative}`);
  t.is(change.verdict, 'same');
  t.false(hasRegression(c));
});

const fig = (samples: number[]) => makeFigure({ name: 'x', unit: 'ms', samples, resolution: 0 });

test('over 200 noise pairs at most alpha of them are flagged; all 200 shifts of +30 % are', (t) => {
  let noise = 0;
  let shifts = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const r = seededRandom(seed);
    const a = fig(latencySamples(r, 60, 5));
    const b = fig(latencySamples(r, 60, 5));
    const c = fig(latencySamples(r, 60, 6.5));
    if (compareFigure(a, b).significant) noise++;
    if (compareFigure(a, c).verdict === 'worse') shifts++;
  }
  t.true(noise <= 10, `${noise} of 200 noise pairs flagged`);
  t.is(shifts, 200);
});

test('a consistent but tiny shift (2 %) is significant by p alone, but below the minimum change it is not reported', (t) => {
  const r = seededRandom(7);
  const a = fig(latencySamples(r, 2000, 5, 0.02));
  const b = fig(latencySamples(r, 2000, 5.1, 0.02));
  const change = compareFigure(a, b);
  t.true(change.p < 0.05);
  t.false(change.significant);
  t.true(compareFigure(a, b, { alpha: 0.05, minChange: 0.01 }).significant, 'a smaller --min-change reports it');
});

test('a large change from a handful of samples is not significant (p too high)', (t) => {
  const change = compareFigure(fig([5, 9, 4, 12]), fig([6, 13, 5, 15]));
  t.true(Math.abs(change.relative) >= 0.05);
  t.false(change.significant);
});

test('an outcome going from passed to failed is a regression; the reverse is not', (t) => {
  const fail = (doc: Record<string, any>) => {
    const k = doc.suites.cells[0].checks[0];
    Object.assign(k, { outcome: 'failed', observed: 'shared' });
  };
  const c = compareResults([crafted('a', { seed: 1, median: 5 }), crafted('b', { seed: 1, median: 5 }, fail)]);
  const d = c.outcomes.find((o) => o.cell === 'builtin/all' && o.check === 'pid-is-1')!;
  t.true(d.regression);
  t.deepEqual(d.results.map((r) => r?.outcome), ['passed', 'failed']);
  t.true(hasRegression(c));
  const fixed = compareResults([crafted('b', { seed: 1, median: 5 }, fail), crafted('a', { seed: 1, median: 5 })]);
  t.false(fixed.outcomes.find((o) => o.check === 'pid-is-1')!.regression);
});

test('environment differences come first and list only what differs', (t) => {
  const newer = (doc: Record<string, any>) => {
    doc.host.kernel.release = '6.8.0-45-generic';
    doc.host.distro.prettyName = 'Ubuntu 24.04.1 LTS';
    doc.host.cgroup.mode = 'unified';
    doc.host.runtimes.crun.version = '1.14.1';
    doc.host.hostname = 'another-runner';
  };
  const c = compareResults([crafted('a', { seed: 1, median: 5 }), crafted('b', { seed: 2, median: 5 }, newer)]);
  t.deepEqual(c.environment.map((e) => e.key), ['kernel', 'distro', 'cgroup', 'runtime.crun']);
  t.deepEqual(c.environment[0]!.values, ['6.18.44-fc-v657', '6.8.0-45-generic']);
  const text = renderTerminal(buildCompare(c), { color: false });
  t.true(text.indexOf('Environment differences') < text.indexOf('Check outcomes that differ'));
  t.true(text.indexOf('Check outcomes that differ') < text.indexOf('Figures that moved'));
});

test('N files give N columns, each later file against the first', (t) => {
  const c = compareResults([crafted('k1', { seed: 1, median: 5 }), crafted('k2', { seed: 2, median: 5 }), crafted('k3', { seed: 3, median: 6.5 })]);
  const f = builtin(c);
  t.is(f.figures.length, 3);
  t.is(f.changes[0], null);
  t.is(f.changes[1]!.verdict, 'same');
  t.is(f.changes[2]!.verdict, 'worse');
  const md = renderMarkdown(buildCompare(c));
  t.regex(md, /\| figure \| runtime \| unit \| k1 \(baseline\) \| k2 \| k3 \|/);
  t.regex(md, /\*\*\(\+\d+\.\d %, p &lt; 0\.001\)\*\*/, 'the significant change is in bold');
});

test('throughput figures are better when larger; times, ratios and errors when smaller', (t) => {
  t.true(higherIsBetter({ name: 'overlay.seq-read', unit: 'MiB/s' }));
  t.true(higherIsBetter({ name: 'startup.concurrency', unit: 'containers/s' }));
  t.false(higherIsBetter({ name: 'startup.start-to-exit', unit: 'ms' }));
  t.false(higherIsBetter({ name: 'overlay.stat.ratio', unit: '×' }));
});

test('compare needs two files', (t) => {
  t.throws(() => compareResults([crafted('a', { seed: 1, median: 5 })]), { message: /at least two/ });
});
