import test from 'ava';
import { makeFigure } from '../figure.js';
import { formatMs, renderStartup } from './render.js';
import type { StartupResult } from './run-startup.js';

const fig = (name: string, runtime: string, base: number) =>
  makeFigure({ name, runtime, unit: 'ms', samples: Array.from({ length: 10 }, (_, i) => base + i * base * 0.01), resolution: 0.00006 });

function result(): StartupResult {
  const floor = fig('startup.start-to-exit', 'floor', 0.5);
  return {
    figures: [fig('startup.start-to-exit', 'builtin', 8), floor, fig('startup.start-to-exit', 'bwrap', 4), fig('startup.start-to-first-instruction', 'bwrap', 3.5)],
    phases: [fig('startup.phase.handshake', 'builtin', 2), fig('startup.phase.total', 'builtin', 8)],
    ratios: [{ a: 'builtin', b: 'bwrap', ratio: 2, ci95: [1.8, 2.2], error: 0.1 }],
    calibration: floor,
    roundTrip: fig('startup.round-trip', 'floor', 0.2),
    runtimes: [{ name: 'docker', status: 'skipped', reason: 'docker info failed' }],
    warnings: ['crun ran behind a wrapper'],
    settings: { samples: 10, warmup: 1, settleMs: 40, quick: false, timerResolutionNs: 60, loadAverage: 0.1, cpus: 2 },
  };
}

test('the runtime table shows each runtime with median, interval, ratio to builtin and first instruction', (t) => {
  const text = renderStartup(result());
  t.regex(text, /builtin .*│ 8\.\d\d \[/);
  t.regex(text, /bwrap .*2\.00× \[1\.80, 2\.20\]/);
  t.regex(text, /│ 3\.\d\d +│/); // bwrap's first-instruction median
  t.regex(text, /handshake .*25 %/);
  t.regex(text, /skipped docker: docker info failed/);
  t.regex(text, /warning: crun ran behind a wrapper/);
  t.regex(text, /fork\+exec of \/bin\/true through the launcher 0\.5\d\d ms/);
  t.regex(text, /a 40 ms pause before each start/);
});

test('no ANSI escapes without colour, some with it', (t) => {
  t.false(renderStartup(result(), { color: false }).includes('\u001b['));
  t.true(renderStartup(result(), { color: true }).includes('\u001b['));
});

test('formatMs keeps three significant digits', (t) => {
  t.deepEqual([0.4634, 4.734, 26.14, 218.4].map(formatMs), ['0.463', '4.73', '26.1', '218']);
});

test('the extra parts render per namespace (largest cost first), per layer count and per concurrency', async (t) => {
  const { summariseNamespaceCost } = await import('./namespace-cost.js');
  const { summariseLayerCost } = await import('./layer-cost.js');
  const { summariseConcurrency } = await import('./concurrency.js');
  const r = {
    ...result(),
    namespaces: summariseNamespaceCost(new Map([['none', [14, 15, 16]], ['mnt', [10, 11, 12]], ['pid', [10.5, 11.4, 12.6]], ['net', [30, 31, 32]]])),
    layers: summariseLayerCost(new Map([[10, { mount: [1, 1.1], total: [15, 16] }]])),
    concurrency: summariseConcurrency(new Map([[8, [50, 52]]]), 24),
  };
  const text = renderStartup(r);
  t.regex(text, /net .*│ \+20\.0 \[/);
  t.true(text.indexOf('│ net') < text.indexOf('│ pid'));
  t.regex(text, /│ 10 +│ 1\.05 \[/);
  t.regex(text, /│ 8 +│ 51\.0 \[/);
  t.regex(text, /one at a time/);
  t.false(renderStartup(result()).includes('one namespace at a time'));
});
