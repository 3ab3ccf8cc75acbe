import test from 'ava';
import { renderOverlay } from './render.js';
import { overlayFigures, summariseOverlay } from './summarise.js';
import type { OverlayOp, OverlaySample } from './types.js';

const op = (id: string, group: OverlayOp['group'], params?: OverlayOp['params']): OverlayOp => ({
  id, group, label: id, tool: 'probe', unit: 'µs', timedOps: 1000, cache: 'cached', ...(params ? { params } : {}),
});
const samplesOf = (id: string, overlay: number[], plain: number[]): OverlaySample[] => [
  ...overlay.map((value, round) => ({ op: id, side: 'overlay' as const, round, value })),
  ...plain.map((value, round) => ({ op: id, side: 'plain' as const, round, value })),
];

test('each operation gets a figure per side, a figure of paired ratios and overlay ÷ plain with an interval', (t) => {
  const overlay = [2, 2.2, 2.1, 2.3, 2.2, 2.1, 2, 2.2];
  const plain = [1, 1.1, 1, 1.1, 1.1, 1, 1, 1.1];
  const r = summariseOverlay([op('stat', 'metadata', { files: 10 })], samplesOf('stat', overlay, plain), [], 8, 100);
  const [c] = r.comparisons;
  t.is(c!.overlay.name, 'overlay.stat.overlay');
  t.is(c!.plain.name, 'overlay.stat.plain');
  t.deepEqual(c!.overlay.samples, overlay);
  t.deepEqual(c!.ratioFigure.samples, overlay.map((x, i) => x / plain[i]!));
  t.is(c!.ratioFigure.unit, '×');
  t.like(c!.overlay.params, { op: 'stat', side: 'overlay', files: 10, tool: 'probe' });
  t.is(c!.comparison.ratio, c!.overlay.stats.median / c!.plain.stats.median);
  t.true(c!.comparison.ci95[0] < c!.comparison.ratio && c!.comparison.ratio < c!.comparison.ci95[1]);
  t.deepEqual(overlayFigures(r).map((f) => f.name), ['overlay.stat.overlay', 'overlay.stat.plain', 'overlay.stat.ratio']);
});

test('the timer resolution is divided by the operations a timing covers (no at-resolution warning for batches)', (t) => {
  const batch = summariseOverlay([op('stat', 'metadata')], samplesOf('stat', [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]), [], 6, 100);
  t.false(batch.comparisons[0]!.overlay.warnings.some((w) => w.startsWith('at-resolution')));
  // 0.5 µs timed one at a time with a 100 ns timer: within 10× of the resolution.
  const single = summariseOverlay([{ ...op('stat', 'metadata'), timedOps: 1 }], samplesOf('stat', [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), [], 6, 100);
  t.true(single.comparisons[0]!.overlay.warnings.some((w) => w.startsWith('at-resolution')));
});

test('an operation without samples on one side is left out with a warning; harness samples become figures', (t) => {
  const r = summariseOverlay([op('readdir', 'metadata')], samplesOf('readdir', [1, 2], []), [{ name: 'fio per-read cost', unit: 'µs', round: 0, value: 0.1 }], 2, 100);
  t.deepEqual(r.comparisons, []);
  t.true(r.warnings.some((w) => /readdir: no samples on the plain side/.test(w)));
  t.is(r.harness[0]!.name, 'overlay.harness.fio');
  t.deepEqual(r.harness[0]!.samples, [0.1]);
});

test('the renderer shows operations, copy-up by size and lookups by depth with their ratios', (t) => {
  const ops = [op('stat', 'metadata'), { ...op('copy-up-1MiB', 'copy-up', { sizeBytes: 2 ** 20 }), unit: 'ms' as const }, op('depth-100', 'depth', { depth: 100, files: 20 })];
  const samples = [
    ...samplesOf('stat', [2, 2, 2, 2, 2, 2], [1, 1, 1, 1, 1, 1]),
    ...samplesOf('copy-up-1MiB', [1.5, 1.5, 1.5, 1.5, 1.5, 1.5], [0.05, 0.05, 0.05, 0.05, 0.05, 0.05]),
    ...samplesOf('depth-100', [40, 40, 40, 40, 40, 40], [1, 1, 1, 1, 1, 1]),
  ];
  const s = summariseOverlay(ops, samples, [], 6, 100);
  const text = renderOverlay({ ...s, skipped: [{ name: 'in a container', reason: 'no shell' }], failed: [{ name: 'whiteouts', reason: 'EIO' }], settings: { rounds: 6, warmup: 1, depthMount: { 100: 'mount(2) relative' } } });
  t.regex(text, /stat .*│ 2\.00 µs .*│ 1\.00 µs .*│ 2\.00× \[/);
  t.regex(text, /1 MiB .*│ 1\.50 \[1\.50, 1\.50\] .*│ 667 /); // 1 MiB in 1.5 ms
  t.regex(text, /│ 100 .*│ 40\.0 \[40\.0, 40\.0\] .*40\.00× .*mount\(2\) relative/);
  t.regex(text, /skipped in a container: no shell/);
  t.regex(text, /failed whiteouts \(left out\): EIO/);
});
