// The v1 driver against the real kernel (root, a host with v1 hierarchies).
// Every cgroup is made under "isolab-test/<random>" and removed afterwards,
// together with the "isolab-test" parent when it is empty.

import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupHost } from './detect.js';
import { CgroupError } from './errors.js';
import { pollUntil } from './kill-loop.js';
import { pruneCgroupParents } from './plan-path.js';
import type { CgroupPlan, LinuxResources } from './types.js';
import { V1CgroupDriver } from './v1-driver.js';

const host = detectCgroupHost();
const canRun = process.getuid?.() === 0 && host.version === 'v1';
const realTest = canRun ? test.serial : test.skip;
const driver = new V1CgroupDriver({ mounts: host.v1, mode: host.mode });
const plans: CgroupPlan[] = [];
const children: ChildProcess[] = [];

function makePlan(resources: LinuxResources): CgroupPlan {
  const plan = driver.plan(`isolab-test/${process.pid}-${randomBytes(4).toString('hex')}`, resources);
  plans.push(plan);
  return plan;
}

const read = (file: string): string => readFileSync(file, 'utf8').trim();
const fileIn = (controller: string, plan: CgroupPlan, file: string): string =>
  read(join(host.v1[controller] as string, plan.path, file));

/** Spawn `sh -c script` that waits for a line on stdin before it starts, so it forks nothing outside the cgroup. */
function spawnGated(script: string): { child: ChildProcess; exit: Promise<NodeJS.Signals | null>; start(): void } {
  const child = spawn('sh', ['-c', `read go; ${script}`], { stdio: ['pipe', 'ignore', 'ignore'] });
  children.push(child);
  const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return { child, exit, start: () => child.stdin?.write('go\n') };
}

function joinCgroup(plan: CgroupPlan, pid: number | undefined): void {
  if (pid === undefined) throw new Error('child has no pid');
  for (const procs of plan.procs) writeFileSync(procs, String(pid));
}

function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

test.after.always(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const plan of plans) {
    try {
      await driver.killAll(plan, 2000);
      driver.destroy(plan);
    } catch {
      // reported by the "nothing left behind" test
    }
    pruneCgroupParents(plan);
  }
});

realTest('create writes the limits into the real v1 files', (t) => {
  const resources: LinuxResources = {
    cpu: { quota: 50_000, period: 100_000, shares: 512 },
    memory: { limit: 64 << 20, swap: 128 << 20 },
    pids: { limit: 100 },
  };
  const plan = makePlan(resources);
  driver.create(plan, resources);
  t.is(fileIn('cpu', plan, 'cpu.cfs_period_us'), '100000');
  t.is(fileIn('cpu', plan, 'cpu.cfs_quota_us'), '50000');
  t.is(fileIn('cpu', plan, 'cpu.shares'), '512');
  t.is(fileIn('memory', plan, 'memory.limit_in_bytes'), String(64 << 20));
  if (existsSync(join(host.v1['memory'] as string, plan.path, 'memory.memsw.limit_in_bytes'))) {
    t.is(fileIn('memory', plan, 'memory.memsw.limit_in_bytes'), String(128 << 20));
  }
  t.is(fileIn('pids', plan, 'pids.max'), '100');
  t.is(fileIn('freezer', plan, 'freezer.state'), 'THAWED');
  t.false(existsSync(join(host.v1['cpuset'] ?? '/nonexistent', plan.path)), 'no cpuset dir without pinning');
  driver.destroy(plan);
  for (const dir of plan.dirs) t.false(existsSync(dir), dir);
});

realTest('a joined process is listed, counted, killed by killAll, and the cgroup then destroys', async (t) => {
  const plan = makePlan({ pids: { limit: 10 } });
  driver.create(plan, { pids: { limit: 10 } });
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(sleeper);
  const exit = new Promise<NodeJS.Signals | null>((resolve) => sleeper.once('exit', (_c, signal) => resolve(signal)));
  joinCgroup(plan, sleeper.pid);
  t.deepEqual(driver.pids(plan), [sleeper.pid as number]);
  t.true(driver.isPopulated(plan));
  const stats = driver.stats(plan);
  t.is(stats.pidsCurrent, 1);
  t.is(typeof stats.cpuUsageNs, 'number');
  t.is(typeof stats.memoryCurrent, 'number');
  t.is(stats.pidsLimitHits, 0);
  t.is(await driver.killAll(plan), 1);
  t.is(await exit, 'SIGKILL');
  t.false(driver.isPopulated(plan));
  t.is(fileIn('freezer', plan, 'freezer.state'), 'THAWED', 'killAll leaves the cgroup thawed');
  driver.destroy(plan);
  for (const dir of plan.dirs) t.false(existsSync(dir), dir);
});

realTest('destroy of a populated cgroup throws and tells to call killAll first', async (t) => {
  const plan = makePlan({});
  driver.create(plan, {});
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(sleeper);
  joinCgroup(plan, sleeper.pid);
  const error = t.throws(() => driver.destroy(plan), { instanceOf: CgroupError });
  t.is(error.step, 'rmdir');
  t.regex(error.message, /killAll\(\)/);
  t.true(existsSync(plan.dirs[0] as string));
  await driver.killAll(plan);
  driver.destroy(plan);
  t.false(plan.dirs.some((dir) => existsSync(dir)));
});

realTest('killAll kills a shell that keeps forking, and all its children', async (t) => {
  // Paced forks: at full speed the shell reaches the pids limit, cannot fork and exits
  // by itself before killAll runs (seen on a loaded CI machine).
  const plan = makePlan({ pids: { limit: 2000 } });
  driver.create(plan, { pids: { limit: 2000 } });
  const loop = spawnGated('while :; do sleep 5 & sleep 0.005; done');
  joinCgroup(plan, loop.child.pid);
  loop.start();
  t.true(await pollUntil(() => driver.pids(plan).length >= 10, Date.now() + 5000), 'the loop forks inside the cgroup');
  const seen = driver.pids(plan);
  const killed = await driver.killAll(plan);
  t.true(killed >= seen.length - 1, `killed ${killed}, had seen ${seen.length}`);
  t.is(await loop.exit, 'SIGKILL');
  t.false(driver.isPopulated(plan));
  t.deepEqual(seen.filter((pid) => !isGone(pid)), [], 'every process seen in the cgroup is gone');
  driver.destroy(plan);
});

async function forkBurst(limit: number): Promise<{ hits: number; peak: number }> {
  const plan = makePlan({ pids: { limit } });
  driver.create(plan, { pids: { limit } });
  const burst = spawnGated('for i in 1 2 3 4 5 6 7 8; do sleep 30 & done; wait');
  joinCgroup(plan, burst.child.pid);
  burst.start();
  await pollUntil(() => (driver.stats(plan).pidsLimitHits ?? 0) > 0 || driver.pids(plan).length >= 9, Date.now() + 5000);
  const stats = driver.stats(plan);
  await driver.killAll(plan);
  driver.destroy(plan);
  return { hits: stats.pidsLimitHits ?? -1, peak: stats.pidsCurrent ?? -1 };
}

realTest('pids.max is enforced: a limit of 5 refuses forks and pids.events counts them', async (t) => {
  const limited = await forkBurst(5);
  t.true(limited.hits > 0, `pids.events max = ${limited.hits}`);
  t.true(limited.peak <= 5, `pids.current = ${limited.peak}`);
  // Control: the same burst under a roomy limit forks all 8 without a refusal.
  const roomy = await forkBurst(100);
  t.is(roomy.hits, 0);
  t.is(roomy.peak, 9);
});

realTest('cpuset: the leaf gets the pinned CPU and the parent mems, so a process can join and is pinned', async (t) => {
  t.truthy(host.v1['cpuset']);
  const resources: LinuxResources = { cpu: { cpus: '1' } };
  const plan = makePlan(resources);
  driver.create(plan, resources);
  t.is(fileIn('cpuset', plan, 'cpuset.cpus'), '1');
  t.is(fileIn('cpuset', plan, 'cpuset.mems'), read(join(host.v1['cpuset'] as string, 'cpuset.mems')));
  t.not(read(join(host.v1['cpuset'] as string, 'isolab-test', 'cpuset.cpus')), '', 'the parent made along the way is usable');
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(sleeper);
  joinCgroup(plan, sleeper.pid);
  const status = readFileSync(`/proc/${sleeper.pid}/status`, 'utf8');
  t.regex(status, /^Cpus_allowed_list:\s+1$/m);
  await driver.killAll(plan);
  driver.destroy(plan);
});

realTest('a value the kernel rejects fails naming file and value, and every dir made is removed', (t) => {
  const resources: LinuxResources = { cpu: { cpus: '99' }, pids: { limit: 10 } };
  const plan = makePlan(resources);
  const error = t.throws(() => driver.create(plan, resources), { instanceOf: CgroupError });
  t.true(error.errno === 'ERANGE' || error.errno === 'EINVAL', String(error.errno)); // ERANGE since Linux 6.x
  t.is(error.path, join(host.v1['cpuset'] as string, plan.path, 'cpuset.cpus'));
  t.regex(error.message, /"99"/);
  t.regex(error.message, /linux\.resources\.cpu\.cpus/);
  for (const dir of plan.dirs) t.false(existsSync(dir), dir);
});

realTest('nothing is left behind by the tests above', (t) => {
  const left = plans.flatMap((plan) => plan.dirs).filter((dir) => existsSync(dir));
  t.deepEqual(left, []);
});
