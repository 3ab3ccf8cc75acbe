// cgroup limits: written to cgroupfs, and enforced on the workload.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { assertNothingLeft, run } from './helpers.js';

test('limits are present in cgroupfs while the container runs', async (t) => {
  let seen: Record<string, string> = {};
  const r = await run(['probe', 'sleep', '0.2'], { cpus: 0.5, memoryBytes: 64 << 20, pids: 42 }, {
    onStarted: (c) => {
      const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8').trim();
      for (const dir of c.cgroup.dirs) {
        for (const f of ['memory.limit_in_bytes', 'pids.max', 'cpu.cfs_quota_us', 'cpu.cfs_period_us', 'memory.max', 'cpu.max']) {
          if (fs.existsSync(path.join(dir, f))) seen[f] = read(dir, f);
        }
        const procs = read(dir, 'cgroup.procs').split('\n').map(Number);
        if (!procs.includes(c.pid)) seen = { error: `pid ${c.pid} missing from ${dir}` };
      }
    },
  });
  t.is(r.exitCode, 0);
  t.is(seen.error, undefined);
  t.is(seen['pids.max'], '42');
  if (seen['memory.limit_in_bytes']) {
    t.is(seen['memory.limit_in_bytes'], String(64 << 20));
    t.is(seen['cpu.cfs_quota_us'], '50000');
    t.is(seen['cpu.cfs_period_us'], '100000');
  } else {
    t.is(seen['memory.max'], String(64 << 20));
    t.is(seen['cpu.max'], '50000 100000');
  }
  assertNothingLeft(t, r.id);
});

test('the pids limit makes fork fail inside the container', async (t) => {
  const r = await run(['probe', 'fork', '40'], { pids: 10 });
  t.is(r.exitCode, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { forked: number; error: string };
  t.true(out.forked < 10, `forked ${out.forked} of 40 under pids=10`);
  t.is(out.error, 'EAGAIN');
  t.true((r.cgroup.pidsLimitHits ?? 0) > 0, 'pids.events counts the refused forks');
});

test('without a pids limit the same fork succeeds (the control)', async (t) => {
  const r = await run(['probe', 'fork', '40']);
  t.is((JSON.parse(r.stdout) as { forked: number }).forked, 40);
});

test('the memory limit gets the workload OOM-killed, and the run reports it', async (t) => {
  const r = await run(['probe', 'alloc', '256'], { memoryBytes: 32 << 20, swapBytes: 32 << 20 });
  t.is(r.signal, 'SIGKILL');
  t.true(r.oomKilled);
  t.false(r.timedOut);
  t.true((r.cgroup.oomKills ?? 0) >= 1);
  t.true((r.cgroup.memoryPeak ?? 0) <= 33 << 20, `peak ${r.cgroup.memoryPeak} within the limit`);
  assertNothingLeft(t, r.id, [r.pid]);
});

test('under the memory limit the same allocation completes (the control)', async (t) => {
  const r = await run(['probe', 'alloc', '16'], { memoryBytes: 128 << 20 });
  t.is(r.exitCode, 0);
  t.false(r.oomKilled);
});

test('the CPU quota caps usage: two busy threads under 0.5 CPU are throttled', async (t) => {
  const r = await run(['probe', 'spin', '2', '0.6'], { cpus: 0.5 });
  t.is(r.exitCode, 0);
  const used = (r.cgroup.cpuUsageNs ?? 0) / 1e9;
  t.true(used < 0.6 * 0.5 * 1.6, `used ${used.toFixed(3)} s of CPU in 0.6 s at 0.5 CPU`);
  t.true((r.cgroup.nrPeriods ?? 0) > 0, 'CFS periods are counted');
  // Throttling needs demand above the quota: on a machine busy enough to give the two
  // threads less than half a CPU there is none, and the cap above is all there is to see.
  if (used >= 0.6 * 0.5 * 0.8) t.true((r.cgroup.nrThrottled ?? 0) > 0, 'throttled periods are counted');
  else t.log(`the machine gave the workload only ${used.toFixed(3)} s of CPU: no throttling to count`);
});
