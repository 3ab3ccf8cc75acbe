// Real containers with real limits on this host (as root), through the host's CgroupDriver.
import test from 'ava';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import { measureBurst } from './cpu-burst.js';
import { measureSteady } from './cpu-steady.js';
import { measureMemory } from './memory-oom.js';
import { measurePids } from './pids-limit.js';
import { runCgroupBench } from './run-cgroup.js';

const image = ensureDefaultImage();

test('pids: the workload and its children reach exactly pids.max, and the next fork fails with EAGAIN', async (t) => {
  for (const limit of [5, 20]) {
    const s = await measurePids(image, limit);
    t.is(s.reached, limit);
    t.is(s.error, 'EAGAIN');
    if (s.limitHits !== undefined) t.true(s.limitHits >= 1);
  }
});

test('memory: the workload is OOM-killed and its peak is at the limit, not above it', async (t) => {
  const s = await measureMemory(image, 32);
  t.true(s.oomKilled);
  t.true(s.oomKills >= 1);
  t.not(s.peakMiB, undefined);
  t.true(s.peakMiB! <= 32 + 1 / 256, `peak ${s.peakMiB} MiB`); // a page of slack
  t.true(s.peakMiB! >= 32 * 0.9, `peak ${s.peakMiB} MiB`); // it did grow to the limit
});

test('cpu: one quota for a second is throttled, and its counters have their shape', async (t) => {
  // 0.1 CPU: two spinning threads exceed it in every period even on a busy machine.
  const s = await measureSteady(image, 0.1, 1, 100);
  t.is(s.threads, 2);
  t.true(s.nrPeriods >= 5, `periods ${s.nrPeriods}`);
  t.true(s.nrThrottled >= 1 && s.nrThrottled <= s.nrPeriods);
  t.true(s.throttledMs > 0);
  t.true(s.steadyCpus > 0 && s.wholeRunCpus > 0);
  // Two spinning threads can never use more than two CPUs, whatever the quota.
  t.true(s.wholeRunCpus <= 2.05);
});

test('burst: two processes report every burst, and no burst takes less wall time than the CPU it burned', async (t) => {
  const s = await measureBurst(image, 'two-processes', { quota: 0.5, everyMs: 100, burstMs: 20, bursts: 3 });
  if (!s) return t.pass('no /bin/sh in the default image');
  t.is(s.processes, 2);
  t.is(s.latenciesMs.length, 6);
  t.true(Math.min(...s.latenciesMs) >= 20 * 0.99, `latencies ${s.latenciesMs.join(', ')}`);
  t.true(s.nrPeriods > 0);
});

test('a pids-only run has the shape of the full result and says which driver it went through', async (t) => {
  const r = await runCgroupBench({ only: ['pids'], pidsLimits: [6], rounds: 2 });
  t.deepEqual([r.cpu.length, r.burst.length, r.memory.length, r.pids.length], [0, 0, 0, 1]);
  t.true(r.pids[0]!.exact);
  t.deepEqual(r.pids[0]!.reached.samples, [6, 6]);
  t.true(r.driver.version === 'v1' || r.driver.version === 'v2');
});
