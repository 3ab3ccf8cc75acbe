import test from 'ava';
import { CgroupError } from './errors.js';
import { FakeCgroupDriver } from './fake-driver.js';

test('the fake records calls in order with their arguments', async (t) => {
  const fake = new FakeCgroupDriver({ stats: { cpuUsageNs: 5 } });
  const plan = fake.plan('isolab/a', { pids: { limit: 3 } });
  fake.create(plan, { pids: { limit: 3 } });
  fake.addProcess(plan, 100);
  t.deepEqual(fake.stats(plan), { cpuUsageNs: 5, pidsCurrent: 1 });
  t.is(await fake.killAll(plan, 50), 1);
  fake.destroy(plan);
  t.deepEqual(fake.methods(), ['plan', 'create', 'stats', 'killAll', 'destroy']);
  t.deepEqual(fake.calls[3], { method: 'killAll', path: 'isolab/a', timeoutMs: 50 });
  t.is(fake.cgroups.size, 0);
});

test('the fake plans like the real drivers: one dir on v2, one per hierarchy on v1', (t) => {
  t.deepEqual(new FakeCgroupDriver().plan('x', {}).procs, ['/fake/cgroup/x/cgroup.procs']);
  const v1 = new FakeCgroupDriver({ version: 'v1' });
  t.is(v1.mode, 'hybrid');
  t.is(v1.plan('x', {}).dirs.length, 5);
  t.is(v1.plan('x', { cpu: { cpus: '0' } }).dirs.length, 6);
});

test('the fake keeps the real rules: bad input, double create, destroy while populated', (t) => {
  const fake = new FakeCgroupDriver();
  t.throws(() => fake.plan('../x', {}), { instanceOf: CgroupError });
  t.throws(() => fake.plan('x', { pids: { limit: 0 } }), { instanceOf: CgroupError });
  const plan = fake.plan('x', {});
  fake.create(plan, {});
  t.is(t.throws(() => fake.create(plan, {}), { instanceOf: CgroupError }).errno, 'EEXIST');
  fake.addProcess(plan, 1);
  t.true(fake.isPopulated(plan));
  t.regex(t.throws(() => fake.destroy(plan), { instanceOf: CgroupError }).message, /killAll/);
});

test('failNext injects one failure', async (t) => {
  const fake = new FakeCgroupDriver();
  const plan = fake.plan('x', {});
  fake.failNext('create', new Error('boom'));
  t.throws(() => fake.create(plan, {}), { message: 'boom' });
  t.notThrows(() => fake.create(plan, {}));
  fake.failNext('killAll', new Error('late'));
  await t.throwsAsync(fake.killAll(plan), { message: 'late' });
});
