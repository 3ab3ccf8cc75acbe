// Real runs: the launcher, namespaces, cgroups and overlay of this host (as root).
import fs from 'node:fs';
import test from 'ava';
import { runStartupBench } from './run-startup.js';

test('builtin and floor: figures, phases, ratio and calibration have their shape, and builtin costs more than the floor', async (t) => {
  const r = await runStartupBench({ runtimes: ['floor', 'builtin'], samples: 5, warmup: 1, namespaces: false, layers: false, concurrency: false });
  t.deepEqual(r.runtimes.map((x) => [x.name, x.status]), [['builtin', 'measured'], ['floor', 'measured']]);
  const exit = (rt: string) => r.figures.find((f) => f.name === 'startup.start-to-exit' && f.runtime === rt)!;
  for (const rt of ['builtin', 'floor']) {
    t.is(exit(rt).samples.length, 5);
    t.is(exit(rt).unit, 'ms');
    t.true(r.figures.some((f) => f.name === 'startup.start-to-first-instruction' && f.runtime === rt && f.stats.n === 5));
  }
  // It does everything the floor does (a fork and an exec) and much more.
  t.true(exit('builtin').stats.median > exit('floor').stats.median);
  const phaseNames = r.phases.map((f) => f.name.replace('startup.phase.', ''));
  for (const p of ['prepare', 'clone', 'exec', 'teardown', 'total']) t.true(phaseNames.includes(p), p);
  t.true(r.phases.every((f) => f.stats.n === 5 && f.runtime === 'builtin'));
  t.is(r.ratios.length, 1);
  t.like(r.ratios[0], { a: 'builtin', b: 'floor' });
  t.true(r.ratios[0]!.ratio > 1);
  t.is(r.calibration, exit('floor'));
  t.is(r.roundTrip?.stats.n, 5);
  t.deepEqual([r.settings.samples, r.settings.warmup], [5, 1]);
});

test('the external runtimes run (or are skipped with a reason) and leave no container state behind', async (t) => {
  const r = await runStartupBench({ runtimes: ['unshare', 'bwrap', 'crun', 'runc'], samples: 2, warmup: 0 });
  for (const x of r.runtimes) {
    if (x.status === 'skipped') t.true(x.reason.length > 0);
    else t.is(x.status, 'measured', x.status === 'failed' ? x.error : '');
  }
  for (const x of r.runtimes.filter((y) => y.status === 'measured')) {
    t.true(r.figures.some((f) => f.name === 'startup.start-to-exit' && f.runtime === x.name && f.stats.n === 2));
  }
  for (const dir of ['/run/crun', '/run/runc', '/run/isolab/crun', '/run/isolab/runc']) {
    const ours = fs.existsSync(dir) ? fs.readdirSync(dir).filter((e) => e.startsWith('isolab-bench-')) : [];
    t.deepEqual(ours, [], dir);
  }
  t.false(r.warnings.some((w) => w.startsWith('cleanup of')));
});

test('an aborted run cleans up and rejects', async (t) => {
  const abort = new AbortController();
  abort.abort();
  await t.throwsAsync(runStartupBench({ runtimes: ['floor'], samples: 3, warmup: 0, signal: abort.signal }), { message: /interrupted/ });
});
