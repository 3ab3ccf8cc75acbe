import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgroupError } from './errors.js';
import { makeFakeV2Tree, settleFakeProcs, type FakeTree } from './fake-cgroupfs.js';
import type { LinuxResources } from './types.js';
import { V2CgroupDriver } from './v2-driver.js';
import { cpuWeightFromShares } from './v2-limits.js';

const read = (file: string): string => readFileSync(file, 'utf8');

function setup(options: Parameters<typeof makeFakeV2Tree>[0] = {}): { tree: FakeTree; driver: V2CgroupDriver } {
  const tree = makeFakeV2Tree(options);
  return { tree, driver: new V2CgroupDriver({ root: tree.base, hooks: tree.hooks }) };
}

const FULL: LinuxResources = {
  cpu: { quota: 50_000, period: 100_000, shares: 512, cpus: '0', mems: '0' },
  memory: { limit: 64 * 1024 * 1024, swap: 128 * 1024 * 1024 },
  pids: { limit: 100 },
};

test('plan is pure and names the leaf dir and its cgroup.procs', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('isolab/abc', FULL);
  t.deepEqual(plan, {
    path: 'isolab/abc',
    dirs: [join(tree.base, 'isolab/abc')],
    procs: [join(tree.base, 'isolab/abc/cgroup.procs')],
  });
  t.false(existsSync(join(tree.base, 'isolab')));
  tree.cleanup();
});

test('create writes every limit with the exact v2 contents', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('isolab/abc', FULL);
  driver.create(plan, FULL);
  const leaf = join(tree.base, 'isolab/abc');
  t.is(read(join(leaf, 'cpu.max')), '50000 100000');
  t.is(read(join(leaf, 'cpu.weight')), String(cpuWeightFromShares(512)));
  t.is(read(join(leaf, 'cpu.weight')), '20');
  t.is(read(join(leaf, 'cpuset.cpus')), '0');
  t.is(read(join(leaf, 'cpuset.mems')), '0');
  t.is(read(join(leaf, 'memory.max')), String(64 * 1024 * 1024));
  // OCI swap is memory+swap; v2 memory.swap.max is swap alone.
  t.is(read(join(leaf, 'memory.swap.max')), String(64 * 1024 * 1024));
  t.is(read(join(leaf, 'pids.max')), '100');
  tree.cleanup();
});

test('create enables the needed controllers in every ancestor, root first, but not in the leaf', (t) => {
  const { tree, driver } = setup();
  driver.create(driver.plan('isolab/abc', FULL), FULL);
  t.is(read(join(tree.base, 'cgroup.subtree_control')), '+cpu +cpuset +memory +pids');
  t.is(read(join(tree.base, 'isolab/cgroup.subtree_control')), '+cpu +cpuset +memory +pids');
  t.is(read(join(tree.base, 'isolab/abc/cgroup.subtree_control')), '\n');
  tree.cleanup();
});

test('create skips controllers already enabled and enables stats controllers when no limit needs them', (t) => {
  const { tree, driver } = setup();
  writeFileSync(join(tree.base, 'cgroup.subtree_control'), 'cpu memory pids\n');
  driver.create(driver.plan('isolab/a', {}), {});
  t.is(read(join(tree.base, 'cgroup.subtree_control')), 'cpu memory pids\n', 'root left alone');
  t.is(read(join(tree.base, 'isolab/cgroup.subtree_control')), '+cpu +memory +pids');
  // A second cgroup under the same parent rewrites nothing.
  driver.create(driver.plan('isolab/b', {}), {});
  t.is(read(join(tree.base, 'isolab/cgroup.subtree_control')), '+cpu +memory +pids');
  t.true(existsSync(join(tree.base, 'isolab/b/memory.current')));
  tree.cleanup();
});

test('unlimited values are written as "max"', (t) => {
  const { tree, driver } = setup();
  const unlimited: LinuxResources = { cpu: { quota: -1, period: 20_000 }, memory: { limit: -1, swap: -1 }, pids: { limit: -1 } };
  driver.create(driver.plan('u', unlimited), unlimited);
  const leaf = join(tree.base, 'u');
  t.is(read(join(leaf, 'cpu.max')), 'max 20000');
  t.is(read(join(leaf, 'memory.max')), 'max');
  t.is(read(join(leaf, 'memory.swap.max')), 'max');
  t.is(read(join(leaf, 'pids.max')), 'max');
  tree.cleanup();
});

test('a quota without a period uses the kernel default period', (t) => {
  const { tree, driver } = setup();
  driver.create(driver.plan('q', { cpu: { quota: 25_000 } }), { cpu: { quota: 25_000 } });
  t.is(read(join(tree.base, 'q/cpu.max')), '25000 100000');
  tree.cleanup();
});

test('swap requested without swap accounting fails naming memory.swap.max and leaves nothing', (t) => {
  const { tree, driver } = setup({ swap: false });
  const resources: LinuxResources = { memory: { limit: 1 << 26, swap: 1 << 27 } };
  const error = t.throws(() => driver.create(driver.plan('isolab/s', resources), resources), { instanceOf: CgroupError });
  t.regex(error.message, /memory\.swap\.max/);
  t.regex(error.message, /swap accounting/);
  t.false(existsSync(join(tree.base, 'isolab')), 'parent made by this create is removed too');
  tree.cleanup();
});

test('swap -1 without swap accounting is accepted (it is the default)', (t) => {
  const { tree, driver } = setup({ swap: false });
  const resources: LinuxResources = { memory: { limit: 1 << 26, swap: -1 } };
  t.notThrows(() => driver.create(driver.plan('s', resources), resources));
  tree.cleanup();
});

test('a required controller missing from cgroup.controllers is named, and nothing is made', (t) => {
  const { tree, driver } = setup({ controllers: ['cpu', 'pids'] });
  const resources: LinuxResources = { memory: { limit: 1 << 26 } };
  const error = t.throws(() => driver.create(driver.plan('isolab/m', resources), resources), { instanceOf: CgroupError });
  t.is(error.step, 'enable-controllers');
  t.regex(error.message, /"memory"/);
  t.regex(error.message, /available: cpu pids/);
  t.false(existsSync(join(tree.base, 'isolab')));
  t.is(read(join(tree.base, 'cgroup.subtree_control')), '\n', 'root untouched');
  tree.cleanup();
});

test('a failed write names the file and value, and create removes what it made', (t) => {
  const { tree } = setup();
  // Make the leaf's cpu.max a directory so the write fails with EISDIR.
  const driver = new V2CgroupDriver({
    root: tree.base,
    hooks: {
      afterMkdir: (dir) => {
        tree.hooks.afterMkdir?.(dir);
        if (dir.endsWith('/leaf')) {
          rmSync(join(dir, 'cpu.max'));
          mkdirSync(join(dir, 'cpu.max'));
        }
      },
      beforeRmdir: (dir) => {
        rmSync(join(dir, 'cpu.max'), { recursive: true, force: true });
        tree.hooks.beforeRmdir?.(dir);
      },
    },
  });
  const resources: LinuxResources = { cpu: { quota: 50_000, period: 100_000 } };
  const error = t.throws(() => driver.create(driver.plan('isolab/leaf', resources), resources), { instanceOf: CgroupError });
  t.is(error.errno, 'EISDIR');
  t.is(error.path, join(tree.base, 'isolab/leaf/cpu.max'));
  t.is(error.step, 'write-limit');
  t.regex(error.message, /"50000 100000"/);
  t.regex(error.message, /linux\.resources\.cpu\.quota/);
  t.false(existsSync(join(tree.base, 'isolab')));
  tree.cleanup();
});

test('creating an existing cgroup fails with EEXIST and leaves the existing one alone', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('isolab/dup', { pids: { limit: 7 } });
  driver.create(plan, { pids: { limit: 7 } });
  const error = t.throws(() => driver.create(plan, { pids: { limit: 9 } }), { instanceOf: CgroupError });
  t.is(error.errno, 'EEXIST');
  t.regex(error.message, /already exists/);
  t.is(read(join(tree.base, 'isolab/dup/pids.max')), '7');
  tree.cleanup();
});

test('invalid resources are rejected before anything is made', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('isolab/bad', {});
  const error = t.throws(() => driver.create(plan, { cpu: { quota: 500 } }), { instanceOf: CgroupError });
  t.is(error.path, 'linux.resources.cpu.quota');
  t.false(existsSync(join(tree.base, 'isolab')));
  tree.cleanup();
});

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
