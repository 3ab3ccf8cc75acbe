// v1 driver against fake hierarchies in a temp dir (the real-kernel tests are in v1-real.test.ts).

import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgroupError } from './errors.js';
import { makeFakeV1Tree, type FakeV1Tree } from './fake-cgroupfs.js';
import type { LinuxResources } from './types.js';
import { V1CgroupDriver } from './v1-driver.js';

const read = (file: string): string => readFileSync(file, 'utf8');

function setup(hierarchies?: string[], swap = true): { tree: FakeV1Tree; driver: V1CgroupDriver } {
  const tree = makeFakeV1Tree(hierarchies, { swap });
  return { tree, driver: new V1CgroupDriver({ mounts: tree.mounts, hooks: tree.hooks }) };
}

test('plan makes one dir per hierarchy, cpuset only when pinning is asked for', (t) => {
  const { tree, driver } = setup();
  const plain = driver.plan('isolab/a', { pids: { limit: 5 } });
  t.deepEqual(
    plain.dirs,
    ['cpu', 'cpuacct', 'memory', 'pids', 'freezer'].map((h) => join(tree.base, h, 'isolab/a')),
  );
  t.deepEqual(plain.procs, plain.dirs.map((dir) => join(dir, 'cgroup.procs')));
  const pinned = driver.plan('isolab/a', { cpu: { cpus: '1' } });
  t.is(pinned.dirs[0], join(tree.base, 'cpuset', 'isolab/a'));
  t.is(pinned.dirs.length, 6);
  tree.cleanup();
});

test('comounted cpu,cpuacct share one directory', (t) => {
  const { tree, driver } = setup(['cpu,cpuacct', 'memory', 'pids', 'freezer']);
  const plan = driver.plan('c', { cpu: { shares: 256 } });
  t.deepEqual(plan.dirs, ['cpu,cpuacct', 'memory', 'pids', 'freezer'].map((h) => join(tree.base, h, 'c')));
  driver.create(plan, { cpu: { shares: 256 } });
  t.is(read(join(tree.base, 'cpu,cpuacct/c/cpu.shares')), '256');
  t.is(driver.stats(plan).cpuUsageNs, 0);
  tree.cleanup();
});

test('create writes the v1 limit files with exact contents', (t) => {
  const { tree, driver } = setup();
  const resources: LinuxResources = {
    cpu: { quota: 50_000, period: 200_000, shares: 512 },
    memory: { limit: 64 << 20, swap: 128 << 20 },
    pids: { limit: 42 },
  };
  driver.create(driver.plan('isolab/x', resources), resources);
  const at = (h: string, file: string): string => read(join(tree.base, h, 'isolab/x', file));
  t.is(at('cpu', 'cpu.cfs_period_us'), '200000');
  t.is(at('cpu', 'cpu.cfs_quota_us'), '50000');
  t.is(at('cpu', 'cpu.shares'), '512');
  t.is(at('memory', 'memory.limit_in_bytes'), String(64 << 20));
  t.is(at('memory', 'memory.memsw.limit_in_bytes'), String(128 << 20), 'OCI swap is v1 memsw as is');
  t.is(at('pids', 'pids.max'), '42');
  t.true(existsSync(join(tree.base, 'freezer/isolab/x/freezer.state')));
  t.false(existsSync(join(tree.base, 'cpuset/isolab')));
  tree.cleanup();
});

test('unlimited values: -1 for cfs quota and memory, "max" for pids', (t) => {
  const { tree, driver } = setup();
  const resources: LinuxResources = { cpu: { quota: -1 }, memory: { limit: -1, swap: -1 }, pids: { limit: -1 } };
  driver.create(driver.plan('u', resources), resources);
  t.is(read(join(tree.base, 'cpu/u/cpu.cfs_quota_us')), '-1');
  t.is(read(join(tree.base, 'memory/u/memory.limit_in_bytes')), '-1');
  t.is(read(join(tree.base, 'memory/u/memory.memsw.limit_in_bytes')), '-1');
  t.is(read(join(tree.base, 'pids/u/pids.max')), 'max');
  tree.cleanup();
});

test('cpuset: parents made along the way inherit cpus/mems; the leaf gets the request or the parent value', (t) => {
  const { tree, driver } = setup();
  const resources: LinuxResources = { cpu: { cpus: '1' } };
  driver.create(driver.plan('isolab/mid/leaf', resources), resources);
  t.is(read(join(tree.base, 'cpuset/isolab/cpuset.cpus')), '0-1');
  t.is(read(join(tree.base, 'cpuset/isolab/cpuset.mems')), '0');
  t.is(read(join(tree.base, 'cpuset/isolab/mid/cpuset.cpus')), '0-1');
  t.is(read(join(tree.base, 'cpuset/isolab/mid/leaf/cpuset.cpus')), '1');
  t.is(read(join(tree.base, 'cpuset/isolab/mid/leaf/cpuset.mems')), '0', 'mems copied from the parent');
  tree.cleanup();
});

test('cpuset: an existing parent left empty by a crash is filled before the leaf', (t) => {
  const { tree, driver } = setup();
  driver.create(driver.plan('isolab/first', { cpu: { mems: '0' } }), { cpu: { mems: '0' } });
  writeFileSync(join(tree.base, 'cpuset/isolab/cpuset.cpus'), '\n');
  driver.create(driver.plan('isolab/second', { cpu: { mems: '0' } }), { cpu: { mems: '0' } });
  t.is(read(join(tree.base, 'cpuset/isolab/cpuset.cpus')), '0-1');
  t.is(read(join(tree.base, 'cpuset/isolab/second/cpuset.cpus')), '0-1');
  tree.cleanup();
});

test('swap without memsw accounting fails naming the file, and removes every hierarchy dir it made', (t) => {
  const { tree, driver } = setup(undefined, false);
  const resources: LinuxResources = { memory: { limit: 1 << 26, swap: 1 << 27 } };
  const error = t.throws(() => driver.create(driver.plan('isolab/s', resources), resources), { instanceOf: CgroupError });
  t.is(error.path, join(tree.base, 'memory/isolab/s/memory.memsw.limit_in_bytes'));
  t.regex(error.message, /swap accounting/);
  for (const h of ['cpu', 'cpuacct', 'memory', 'pids', 'freezer']) t.false(existsSync(join(tree.base, h, 'isolab')), h);
  tree.cleanup();
});

test('a limit that needs an unmounted hierarchy fails at plan time', (t) => {
  const { tree, driver } = setup(['cpu', 'cpuacct', 'memory', 'freezer']);
  const error = t.throws(() => driver.plan('p', { pids: { limit: 5 } }), { instanceOf: CgroupError });
  t.regex(error.message, /"pids"/);
  t.notThrows(() => driver.plan('p', {}), 'without a pids limit the hierarchy is optional');
  tree.cleanup();
});

test('create refuses resources the plan was not made for', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('m', {});
  const error = t.throws(() => driver.create(plan, { cpu: { cpus: '0' } }), { instanceOf: CgroupError });
  t.regex(error.message, /cpuset/);
  t.false(existsSync(join(tree.base, 'cpu/m')));
  tree.cleanup();
});

test('stats reads cpuacct, cpu.stat, memory and pids files', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('st', {});
  driver.create(plan, {});
  const put = (h: string, file: string, text: string): void => writeFileSync(join(tree.base, h, 'st', file), text);
  put('cpuacct', 'cpuacct.usage', '123456789\n');
  put('cpu', 'cpu.stat', 'nr_periods 7\nnr_throttled 2\nthrottled_time 5000\nnr_bursts 0\nburst_time 0\n');
  put('memory', 'memory.usage_in_bytes', '4096\n');
  put('memory', 'memory.max_usage_in_bytes', '8192\n');
  put('memory', 'memory.oom_control', 'oom_kill_disable 0\nunder_oom 0\noom_kill 3\n');
  put('pids', 'pids.current', '2\n');
  put('pids', 'pids.events', 'max 9\n');
  t.deepEqual(driver.stats(plan), {
    cpuUsageNs: 123_456_789,
    nrPeriods: 7,
    nrThrottled: 2,
    throttledNs: 5000,
    memoryCurrent: 4096,
    memoryPeak: 8192,
    memoryLimit: -1,
    oomEvents: 3,
    oomKills: 3,
    pidsCurrent: 2,
    pidsLimitHits: 9,
  });
  tree.cleanup();
});

test('pids is the union over hierarchies, isPopulated sees any of them', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('p', {});
  driver.create(plan, {});
  t.false(driver.isPopulated(plan));
  writeFileSync(join(tree.base, 'memory/p/cgroup.procs'), '5\n3\n');
  writeFileSync(join(tree.base, 'pids/p/cgroup.procs'), '3\n9\n');
  t.deepEqual(driver.pids(plan), [3, 5, 9]);
  t.true(driver.isPopulated(plan));
  tree.cleanup();
});

test('destroy removes all hierarchy leaves, keeps parents, and reports a busy one after trying the rest', (t) => {
  const { tree, driver } = setup();
  const plan = driver.plan('isolab/d', {});
  driver.create(plan, {});
  writeFileSync(join(tree.base, 'memory/isolab/d/cgroup.procs'), '77\n');
  const error = t.throws(() => driver.destroy(plan), { instanceOf: CgroupError });
  t.regex(error.message, /killAll\(\)/);
  t.true(existsSync(join(tree.base, 'memory/isolab/d')));
  t.false(existsSync(join(tree.base, 'cpu/isolab/d')), 'the others were removed');
  writeFileSync(join(tree.base, 'memory/isolab/d/cgroup.procs'), '');
  driver.destroy(plan);
  for (const dir of plan.dirs) t.false(existsSync(dir));
  t.true(existsSync(join(tree.base, 'cpu/isolab')));
  tree.cleanup();
});
