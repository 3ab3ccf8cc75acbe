// The v2 driver against the real cgroup2 mount. On a hybrid host that mount has
// no controllers, so this exercises the core interface (mkdir, cgroup.procs,
// cgroup.events, cgroup.kill, rmdir); limits are covered by v2-driver.test.ts and,
// on unified hosts, by the pids test below.

import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { detectCgroupHost } from './detect.js';
import { pollUntil } from './kill-loop.js';
import { pruneCgroupParents } from './plan-path.js';
import type { CgroupPlan, LinuxResources } from './types.js';
import { V2CgroupDriver } from './v2-driver.js';

const host = detectCgroupHost();
const v2 = host.v2;
const canRun = process.getuid?.() === 0 && v2 !== null;
const realTest = canRun ? test.serial : test.skip;
const driver = new V2CgroupDriver({ root: v2?.mount ?? '/nonexistent', mode: host.mode });
const hasPids = v2?.controllers.includes('pids') ?? false;
const plans: CgroupPlan[] = [];
const children: ChildProcess[] = [];

function makePlan(resources: LinuxResources): CgroupPlan {
  const plan = driver.plan(`isolab-test/${process.pid}-${randomBytes(4).toString('hex')}`, resources);
  plans.push(plan);
  return plan;
}

function spawnTracked(command: string, args: string[]): { child: ChildProcess; exit: Promise<NodeJS.Signals | null> } {
  const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'] });
  children.push(child);
  const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, signal) => resolve(signal)));
  return { child, exit };
}

function joinCgroup(plan: CgroupPlan, pid: number | undefined): void {
  if (pid === undefined) throw new Error('child has no pid');
  for (const procs of plan.procs) writeFileSync(procs, String(pid));
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

realTest('a joined process is listed and killed; cgroup.events reports it gone; destroy removes the dir', async (t) => {
  const resources: LinuxResources = hasPids ? { pids: { limit: 10 } } : {};
  const plan = makePlan(resources);
  driver.create(plan, resources);
  const { child, exit } = spawnTracked('sleep', ['30']);
  joinCgroup(plan, child.pid);
  t.deepEqual(driver.pids(plan), [child.pid as number]);
  t.true(driver.isPopulated(plan));
  t.regex(readFileSync(`/proc/${child.pid}/cgroup`, 'utf8'), new RegExp(`^0::/${plan.path}$`, 'm'));
  t.is(typeof driver.stats(plan).cpuUsageNs, 'number');
  t.is(await driver.killAll(plan), 1);
  t.is(await exit, 'SIGKILL');
  t.false(driver.isPopulated(plan));
  driver.destroy(plan);
  t.false(existsSync(plan.dirs[0] as string));
});

realTest('killAll kills a shell that keeps forking', async (t) => {
  const plan = makePlan({});
  driver.create(plan, {});
  const loop = spawnTracked('sh', ['-c', 'read go; while :; do sleep 5 & done']);
  joinCgroup(plan, loop.child.pid);
  loop.child.stdin?.write('go\n');
  t.true(await pollUntil(() => driver.pids(plan).length >= 10, Date.now() + 5000), 'the loop forks inside the cgroup');
  t.true((await driver.killAll(plan)) >= 10);
  t.is(await loop.exit, 'SIGKILL');
  t.deepEqual(driver.pids(plan), []);
  driver.destroy(plan);
});

(hasPids && canRun ? test.serial : test.skip)('pids.max is enforced through the v2 driver', async (t) => {
  const plan = makePlan({ pids: { limit: 5 } });
  driver.create(plan, { pids: { limit: 5 } });
  const burst = spawnTracked('sh', ['-c', 'read go; for i in 1 2 3 4 5 6 7 8; do sleep 30 & done; wait']);
  joinCgroup(plan, burst.child.pid);
  burst.child.stdin?.write('go\n');
  await pollUntil(() => (driver.stats(plan).pidsLimitHits ?? 0) > 0, Date.now() + 5000);
  t.true((driver.stats(plan).pidsLimitHits ?? 0) > 0);
  await driver.killAll(plan);
  driver.destroy(plan);
});

realTest('nothing is left behind by the tests above', (t) => {
  t.deepEqual(plans.flatMap((plan) => plan.dirs).filter((dir) => existsSync(dir)), []);
});
