// The runner's logic on fake runtimes: interleaving, warm-up, failures, the wrapper
// adjustment and the ratios. No process is started.
import test from 'ava';
import type { StartupRuntime, StartupRuntimeName, StartupSample } from './adapter.js';
import { runStartupBench } from './run-startup.js';

interface Fake extends StartupRuntime<null> {
  calls: number;
  cleaned: boolean;
  prepared: boolean;
}

function fake(name: StartupRuntimeName, sample: (i: number) => StartupSample, log: string[] = [], ok = true): Fake {
  const f: Fake = {
    name, describe: `fake ${name}`, calls: 0, cleaned: false, prepared: false,
    available: async () => (ok ? { ok: true, version: '1.0' } : { ok: false, reason: `${name} is not installed` }),
    prepare: async () => {
      f.prepared = true;
      return null;
    },
    once: async (_ctx, settle) => {
      await settle();
      log.push(name);
      return sample(f.calls++);
    },
    cleanup: async () => {
      f.cleaned = true;
    },
  };
  return f;
}

const ms = (x: number) => ({ startToExitNs: x * 1e6, startToFirstInstructionNs: (x / 2) * 1e6 });

test('samples are taken round-robin, each round starting one runtime later, and warm-up rounds are dropped', async (t) => {
  const log: string[] = [];
  const adapters = [fake('builtin', () => ms(8), log), fake('floor', () => ms(1), log), fake('bwrap', () => ms(4), log)];
  const r = await runStartupBench({ runtimes: ['builtin', 'bwrap'], samples: 2, warmup: 1, settleMs: 0, adapters });
  t.deepEqual(log, ['builtin', 'floor', 'bwrap', 'floor', 'bwrap', 'builtin', 'bwrap', 'builtin', 'floor']);
  t.true(r.figures.filter((f) => f.name === 'startup.start-to-exit').every((f) => f.stats.n === 2));
  t.true(adapters.every((a) => a.prepared && a.cleaned));
});

test('the floor is always measured (it is the calibration), and ratios are builtin over each other runtime', async (t) => {
  const adapters = [fake('builtin', () => ms(8)), fake('floor', () => ms(1)), fake('bwrap', () => ms(4))];
  const r = await runStartupBench({ runtimes: ['builtin', 'bwrap'], samples: 6, warmup: 0, settleMs: 0, adapters });
  t.is(r.calibration.runtime, 'floor');
  t.is(r.calibration.stats.median, 1);
  t.deepEqual(r.ratios.map((x) => [x.b, x.ratio]), [['floor', 8], ['bwrap', 2]]);
  t.is(r.figures.find((f) => f.name === 'startup.start-to-first-instruction' && f.runtime === 'bwrap')!.stats.median, 2);
});

test('a runtime that is not available is skipped with its reason and never prepared', async (t) => {
  const runc = fake('runc', () => ms(30), [], false);
  const r = await runStartupBench({ runtimes: ['runc'], samples: 1, warmup: 0, settleMs: 0, adapters: [fake('floor', () => ms(1)), runc] });
  t.deepEqual(r.runtimes.find((x) => x.name === 'runc'), { name: 'runc', status: 'skipped', reason: 'runc is not installed' });
  t.false(runc.prepared);
  t.false(r.figures.some((f) => f.runtime === 'runc'));
});

test('a runtime that fails mid-run is left out with its error; the others go on and everything is cleaned up', async (t) => {
  const bwrap = fake('bwrap', (i) => {
    if (i === 1) throw new Error('bwrap: exited with code 1');
    return ms(4);
  });
  const floor = fake('floor', () => ms(1));
  const r = await runStartupBench({ runtimes: ['bwrap'], samples: 4, warmup: 0, settleMs: 0, adapters: [floor, bwrap] });
  t.like(r.runtimes.find((x) => x.name === 'bwrap'), { status: 'failed', error: 'bwrap: exited with code 1' });
  t.is(bwrap.calls, 2);
  t.is(floor.calls, 4);
  t.true(bwrap.cleaned && floor.cleaned);
});

test('a wrapper\'s cost beyond the floor is taken off, and the raw samples are kept', async (t) => {
  const adapters = [fake('floor', () => ms(1)), fake('crun', () => ({ ...ms(10), wrapperNs: 4e6 }))];
  const r = await runStartupBench({ runtimes: ['crun'], samples: 6, warmup: 0, settleMs: 0, adapters });
  const crun = r.figures.find((f) => f.name === 'startup.start-to-exit' && f.runtime === 'crun')!;
  t.is(crun.stats.median, 7);
  t.true(crun.warnings.some((w) => w.startsWith('adjusted: 3.000 ms taken off')));
  t.is(r.figures.find((f) => f.name === 'startup.start-to-first-instruction' && f.runtime === 'crun')!.stats.median, 2);
  t.deepEqual(r.figures.find((f) => f.name === 'startup.wrapped')!.samples, [10, 10, 10, 10, 10, 10]);
  t.is(r.figures.find((f) => f.name === 'startup.wrapper')!.stats.median, 4);
  t.true(r.warnings.some((w) => /crun ran behind a wrapper.*3\.000 ms/.test(w)));
});

test('without the floor nothing can be measured, and the error says why', async (t) => {
  await t.throwsAsync(runStartupBench({ samples: 1, warmup: 0, settleMs: 0, runtimes: [], adapters: [fake('floor', () => ms(1), [], false)] }), {
    message: /floor .* could not be measured.*floor is not installed/,
  });
});

test('bad sample counts are refused, naming the option', async (t) => {
  await t.throwsAsync(runStartupBench({ samples: 0 }), { message: /^samples: must be a positive integer/ });
  await t.throwsAsync(runStartupBench({ samples: 1, warmup: -1 }), { message: /^warmup: / });
});
