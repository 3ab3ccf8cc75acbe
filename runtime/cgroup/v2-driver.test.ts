// v2 driver against a fake cgroup2 tree: plan, create, limits, controller delegation and errors.

import test from 'ava';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgroupError } from './errors.js';
import { makeFakeV2Tree, type FakeTree } from './fake-cgroupfs.js';
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
