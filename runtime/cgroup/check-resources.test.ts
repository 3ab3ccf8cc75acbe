import test from 'ava';
import { parseFlatKeyed, parseProcs, parseSingleValue } from './cgroup-io.js';
import { checkResources } from './check-resources.js';
import { CgroupError } from './errors.js';
import { checkCgroupPath } from './plan-path.js';
import type { LinuxResources } from './types.js';
import { cpuMaxValue, cpuWeightFromShares, swapMaxValue } from './v2-limits.js';

const rejects: Array<[string, LinuxResources]> = [
  ['cpu.quota', { cpu: { quota: 999 } }],
  ['cpu.quota', { cpu: { quota: 1.5e4 + 0.5 } }],
  ['cpu.period', { cpu: { period: 999 } }],
  ['cpu.period', { cpu: { period: 1_000_001 } }],
  ['cpu.shares', { cpu: { shares: 1 } }],
  ['cpu.cpus', { cpu: { cpus: 'all' } }],
  ['cpu.mems', { cpu: { mems: '0;1' } }],
  ['memory.limit', { memory: { limit: 0 } }],
  ['memory.swap', { memory: { swap: 1 << 20 } }],
  ['memory.swap', { memory: { limit: 2 << 20, swap: 1 << 20 } }],
  ['pids.limit', { pids: { limit: 0 } }],
  ['pids.limit', { pids: { limit: -2 } }],
];

for (const [field, resources] of rejects) {
  test(`checkResources rejects ${JSON.stringify(resources)} naming linux.resources.${field}`, (t) => {
    const error = t.throws(() => checkResources(resources), { instanceOf: CgroupError });
    t.is(error.path, `linux.resources.${field}`);
    t.is(error.step, 'validate');
  });
}

test('checkResources accepts limits, unlimited values and empty cpusets', (t) => {
  t.notThrows(() =>
    checkResources({
      cpu: { quota: -1, period: 1000, shares: 262_144, cpus: '0-3, 6', mems: '' },
      memory: { limit: 1 << 20, swap: 1 << 20 },
      pids: { limit: -1 },
    }),
  );
  t.notThrows(() => checkResources({ memory: { limit: -1, swap: -1 } }));
});

test('checkCgroupPath rejects paths that could escape or collide', (t) => {
  for (const bad of ['', '/abs', 'a//b', 'a/', '../x', 'a/./b', 'a\nb']) {
    t.throws(() => checkCgroupPath(bad), { instanceOf: CgroupError }, JSON.stringify(bad));
  }
  t.notThrows(() => checkCgroupPath('isolab/abc-123_x.y'));
});

test('shares convert to cpu.weight as runc and crun do', (t) => {
  t.is(cpuWeightFromShares(2), 1);
  t.is(cpuWeightFromShares(1024), 39);
  t.is(cpuWeightFromShares(262_144), 10_000);
});

test('cpu.max and memory.swap.max values', (t) => {
  t.is(cpuMaxValue(undefined), undefined);
  t.is(cpuMaxValue({ shares: 5 }), undefined);
  t.is(cpuMaxValue({ period: 50_000 }), 'max 50000');
  t.is(cpuMaxValue({ quota: 10_000, period: 50_000 }), '10000 50000');
  t.is(swapMaxValue({ limit: 100, swap: 300 }), '200');
  t.is(swapMaxValue({ limit: 100, swap: 100 }), '0');
  t.is(swapMaxValue({ limit: 100, swap: -1 }), 'max');
  t.is(swapMaxValue({ limit: 100 }), undefined);
});

test('cgroupfs parsers: single values, flat-keyed files, procs', (t) => {
  t.is(parseSingleValue('42\n'), 42);
  t.is(parseSingleValue('max\n'), -1);
  t.is(parseSingleValue('9223372036854771712\n'), -1, 'v1 "unlimited"');
  t.is(parseSingleValue('garbage'), undefined);
  t.is(parseSingleValue(undefined), undefined);
  t.deepEqual([...parseFlatKeyed('a 1\nb max\n\nbad\n')], [['a', 1], ['b', -1]]);
  t.deepEqual(parseProcs('12\n7\n'), [12, 7]);
  t.deepEqual(parseProcs(''), []);
});
