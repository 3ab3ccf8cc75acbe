// v2 driver against a fake cgroup2 tree: reading back (stats, pids), killAll and destroy.

import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgroupError } from './errors.js';
import { makeFakeV2Tree, settleFakeProcs, type FakeTree } from './fake-cgroupfs.js';
import { V2CgroupDriver } from './v2-driver.js';

const read = (file: string): string => readFileSync(file, 'utf8');

function setup(options: Parameters<typeof makeFakeV2Tree>[0] = {}): { tree: FakeTree; driver: V2CgroupDriver } {
  const tree = makeFakeV2Tree(options);
  return { tree, driver: new V2CgroupDriver({ root: tree.base, hooks: tree.hooks }) };
}

test('stats parses cpu.stat (µs → ns), memory and pids counters', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('st', {});
  driver.create(plan, {});
  const leaf = join(tree.base, 'st');
  writeFileSync(join(leaf, 'cpu.stat'), 'usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 10\nnr_throttled 3\nthrottled_usec 250\n');
  writeFileSync(join(leaf, 'memory.current'), '4096\n');
  writeFileSync(join(leaf, 'memory.peak'), '8192\n');
  writeFileSync(join(leaf, 'memory.max'), '1048576\n');
  writeFileSync(join(leaf, 'memory.events'), 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 1\noom_group_kill 0\n');
  writeFileSync(join(leaf, 'pids.current'), '3\n');
  writeFileSync(join(leaf, 'pids.events'), 'max 5\n');
  t.deepEqual(driver.stats(plan), {
    cpuUsageNs: 1_500_000,
    nrPeriods: 10,
    nrThrottled: 3,
    throttledNs: 250_000,
    memoryCurrent: 4096,
    memoryPeak: 8192,
    memoryLimit: 1_048_576,
    oomEvents: 2,
    oomKills: 1,
    pidsCurrent: 3,
    pidsLimitHits: 5,
  });
  writeFileSync(join(leaf, 'memory.max'), 'max\n');
  t.is(driver.stats(plan).memoryLimit, -1, 'unlimited reads back as -1');
  tree.cleanup();
});

test('stats leaves out what the host does not expose', (t) => {
  const { tree, driver } = setup({ controllers: [] });
  const plan = driver.plan('bare', {});
  driver.create(plan, {});
  t.deepEqual(driver.stats(plan), { cpuUsageNs: 0 });
  tree.cleanup();
});

test('destroy removes the leaf but not the shared parent; a second destroy is fine', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('isolab/d', {});
  driver.create(plan, {});
  driver.destroy(plan);
  t.false(existsSync(join(tree.base, 'isolab/d')));
  t.true(existsSync(join(tree.base, 'isolab')));
  t.notThrows(() => driver.destroy(plan));
  tree.cleanup();
});

test('destroy of a populated cgroup says to call killAll first', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('busy', {});
  driver.create(plan, {});
  writeFileSync(join(tree.base, 'busy/cgroup.procs'), '4242\n');
  const error = t.throws(() => driver.destroy(plan), { instanceOf: CgroupError });
  t.is(error.step, 'rmdir');
  t.regex(error.message, /killAll\(\)/);
  t.true(existsSync(join(tree.base, 'busy')));
  tree.cleanup();
});

test('destroy also removes sub-cgroups made inside the leaf', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('nest', {});
  driver.create(plan, {});
  mkdirSync(join(tree.base, 'nest/inner/deeper'), { recursive: true });
  driver.destroy(plan);
  t.false(existsSync(join(tree.base, 'nest')));
  tree.cleanup();
});

test('pids and isPopulated cover sub-cgroups', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('p', {});
  driver.create(plan, {});
  t.false(driver.isPopulated(plan));
  writeFileSync(join(tree.base, 'p/cgroup.procs'), '30\n10\n');
  mkdirSync(join(tree.base, 'p/sub'));
  writeFileSync(join(tree.base, 'p/sub/cgroup.procs'), '20\n10\n');
  t.deepEqual(driver.pids(plan), [10, 20, 30]);
  writeFileSync(join(tree.base, 'p/cgroup.events'), 'populated 1\nfrozen 0\n');
  t.true(driver.isPopulated(plan));
  tree.cleanup();
});

test('killAll without cgroup.kill freezes, kills a real process, thaws, and counts it', async (t) => {
  const { tree, driver } = setup({ kill: false });
  const plan = driver.plan('k', {});
  driver.create(plan, {});
  const leaf = join(tree.base, 'k');
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  writeFileSync(join(leaf, 'cgroup.procs'), `${child.pid}\n`);
  settleFakeProcs(leaf);
  const kernel = setInterval(() => settleFakeProcs(leaf), 2); // the fake's kernel
  try {
    t.true(driver.isPopulated(plan));
    t.is(await driver.killAll(plan, 3000), 1);
    t.is(await exited, 'SIGKILL');
    t.is(read(join(leaf, 'cgroup.freeze')), '0', 'thawed again');
    t.false(driver.isPopulated(plan));
  } finally {
    clearInterval(kernel);
    child.kill('SIGKILL');
    tree.cleanup();
  }
});

test('killAll of an empty or missing cgroup resolves 0', async (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('e', {});
  t.is(await driver.killAll(plan), 0);
  driver.create(plan, {});
  t.is(await driver.killAll(plan), 0);
  t.deepEqual(readdirSync(tree.base).filter((name) => name === 'e'), ['e']);
  tree.cleanup();
});
