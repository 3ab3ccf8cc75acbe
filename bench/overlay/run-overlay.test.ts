// A real, tiny overlay benchmark on this host (as root): shape, names and cleanup. Serial:
// each test checks that no scratch directory of this process is left.
import fs from 'node:fs';
import test from 'ava';
import { runOverlayBench } from './run-overlay.js';
import { mountsBelow, SCRATCH_PREFIX } from './scratch.js';
import { overlayFigures } from './summarise.js';

const ours = () => fs.readdirSync('/var/tmp').filter((n) => n.startsWith(SCRATCH_PREFIX)).filter((n) => {
  try {
    return (JSON.parse(fs.readFileSync(`/var/tmp/${n}/owner.json`, 'utf8')) as { pid: number }).pid === process.pid;
  } catch {
    return false;
  }
});

test.serial('a tiny run measures every operation on both sides in every round, and leaves no mount or file behind', async (t) => {
  const r = await runOverlayBench({
    quick: true, rounds: 2, warmup: 0, sizeBytes: 4 * 2 ** 20, files: 200, copyUpSizes: [64 * 1024], depths: [1, 10], depthFiles: 20, fioSeconds: 0.05,
  });
  const ids = r.comparisons.map((c) => c.op.id);
  for (const id of ['seq-write', 'seq-read-cold', 'seq-read-cached', 'rand-read-cached', 'create', 'stat', 'open-close', 'readdir', 'unlink', 'unlink-lower', 'copy-up-64KiB', 'depth-1', 'depth-10']) {
    t.true(ids.includes(id), id);
  }
  t.true(ids.includes('container-stat') || r.skipped.some((s) => s.name === 'in a container'));
  t.true(ids.includes('rand-read-direct') === (r.settings.fio !== null));
  for (const c of r.comparisons) {
    t.is(c.overlay.stats.n, 2, c.op.id);
    t.is(c.plain.stats.n, 2, c.op.id);
    t.is(c.ratioFigure.stats.n, 2, c.op.id);
    t.true(c.comparison.ratio > 0, c.op.id);
  }
  const depth = r.comparisons.find((c) => c.op.id === 'depth-10')!;
  t.like(depth.overlay.params, { depth: 10, files: 20, side: 'overlay' });
  t.is(new Set(overlayFigures(r).map((f) => f.name)).size, overlayFigures(r).length); // names are unique
  t.deepEqual(ours(), []);
  t.deepEqual(mountsBelow('/var/tmp').filter((m) => m.includes(SCRATCH_PREFIX) && ours().some((o) => m.includes(o))), []);
});

test.serial('an aborted run cleans up and rejects', async (t) => {
  const abort = new AbortController();
  abort.abort();
  await t.throwsAsync(runOverlayBench({ quick: true, rounds: 1, files: 10, sizeBytes: 2 ** 20, copyUpSizes: [4096], depths: [1], depthFiles: 2, signal: abort.signal }), { message: /interrupted/ });
  t.deepEqual(ours(), []);
});

test.serial('without fio the cached random reads are timed from Node, and there is no O_DIRECT figure', async (t) => {
  const r = await runOverlayBench({ only: ['random'], useFio: false, rounds: 2, warmup: 0, sizeBytes: 2 ** 20, files: 50 });
  t.deepEqual(r.comparisons.map((c) => [c.op.id, c.op.tool]), [['rand-read-cached', 'node']]);
  t.deepEqual(r.harness, []);
  t.is(r.settings.fio, null);
  t.deepEqual(ours(), []);
});
