import test from 'ava';
import { fixturePath } from '../test-support/fixtures.js';
import { classifyFigures, parseSize } from './figure-kinds.js';
import { loadResults } from './load-results.js';
import type { FigureData } from './results-schema.js';

const full = classifyFigures(loadResults(fixturePath('results-full.json')).figures);

test('startup figures: latency per runtime, first instruction, phases with their total', (t) => {
  t.deepEqual(full.latency.map((f) => f.runtime).sort(), ['builtin', 'bwrap', 'floor']);
  t.is(full.firstInstruction.length, 3);
  const builtin = full.phases.find((p) => p.runtime === 'builtin')!;
  t.is(builtin.total?.name, 'startup.phase.total');
  t.false(builtin.phases.some((f) => f.name === 'startup.phase.total'));
});

test('overlay figures: ratios by operation without depth and copy-up, depth sorted, copy-up by size and side', (t) => {
  t.true(full.overlayRatio.every((p) => !p.param.startsWith('depth-') && !p.param.startsWith('copy-up')));
  t.true(full.overlayRatio.some((p) => p.param === 'unlink-lower'));
  t.deepEqual(full.overlayDepth.map((p) => p.param), [1, 10, 100, 500]);
  t.deepEqual(full.copyUp.map((p) => `${p.param}:${p.series}`).sort(), ['1048576:overlay', '1048576:plain', '8388608:overlay', '8388608:plain']);
  t.true(full.overlayOps.every((o) => o.overlay && o.plain && o.ratio));
  t.true(full.other.some((f) => f.name === 'overlay.harness.fio'), 'harness calibration is not an operation');
});

test('cgroup figures: the error by quota in both windows, the rest as other cgroup figures', (t) => {
  t.deepEqual([...new Set(full.throttling.map((p) => p.param))], [0.1, 0.25, 0.5, 1, 1.5]);
  t.deepEqual([...new Set(full.throttling.map((p) => p.series))].sort(), ['steady', 'whole run']);
  t.true(full.cgroupOther.some((f) => f.name.startsWith('cgroup.pids.reached')));
});

const bare = (name: string, unit = 'ms'): FigureData => ({ name, unit, stats: { median: 1, mean: 1, sd: 0, min: 1, max: 1, p95: 1, p99: 1, n: 1 }, samples: [1], warnings: [] });

test('without params, names alone place figures', (t) => {
  const k = classifyFigures([
    bare('overlay.seq-read.ratio', '×'), bare('overlay.depth-10.ratio', '×'), bare('overlay.copy-up-16MiB.overlay'),
    bare('cgroup.cpu.error.quota-0.25', '%'), bare('startup.namespace.net'), bare('something.else'),
  ]);
  t.deepEqual(k.overlayRatio.map((p) => p.param), ['seq-read']);
  t.deepEqual(k.overlayDepth.map((p) => p.param), [10]);
  t.deepEqual(k.copyUp.map((p) => p.param), [16 * 2 ** 20]);
  t.deepEqual(k.throttling.map((p) => p.param), [0.25]);
  t.deepEqual(k.namespaceCost.map((p) => p.param), ['net']);
  t.deepEqual(k.other.map((f) => f.name), ['something.else']);
});

test('sizes parse with binary units', (t) => {
  t.is(parseSize('1MiB'), 2 ** 20);
  t.is(parseSize('4k'), 4096);
  t.is(parseSize('1g'), 2 ** 30);
  t.is(parseSize('512'), 512);
  t.is(parseSize('fast'), undefined);
});
