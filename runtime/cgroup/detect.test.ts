import test from 'ava';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCgroupHost, detectCgroupHost, modeOf, parseCgroupMounts } from './detect.js';
import { CgroupError } from './errors.js';
import { ownCgroupPaths } from './own-cgroup.js';
import { openCgroupDriver } from './select-driver.js';

const HYBRID = `\
23 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;

const UNIFIED = `\
25 22 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`;

const LEGACY = `\
30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,cpu,cpuacct
31 25 0:27 / /sys/fs/cgroup/my\\040mem rw,relatime shared:11 - cgroup cgroup rw,memory
`;

test('hybrid: v1 controllers with a cgroup2 mount beside them', (t) => {
  const mounts = parseCgroupMounts(HYBRID);
  t.deepEqual(mounts.v1, {
    cpu: '/sys/fs/cgroup/cpu',
    cpuacct: '/sys/fs/cgroup/cpuacct',
    memory: '/sys/fs/cgroup/memory',
    pids: '/sys/fs/cgroup/pids',
  });
  t.deepEqual(mounts.v1Named, { 'name=systemd': '/sys/fs/cgroup/systemd' });
  t.is(mounts.v2, '/sys/fs/cgroup/unified');
  t.is(modeOf(mounts), 'hybrid');
});

test('unified: only cgroup2 (optional fields and v2 mount options are skipped)', (t) => {
  const mounts = parseCgroupMounts(UNIFIED);
  t.deepEqual(mounts.v1, {});
  t.is(mounts.v2, '/sys/fs/cgroup');
  t.is(modeOf(mounts), 'unified');
});

test('legacy: comounted cpu,cpuacct map to one mount point; escaped paths are decoded', (t) => {
  const mounts = parseCgroupMounts(LEGACY);
  t.is(mounts.v1['cpu'], '/sys/fs/cgroup/cpu,cpuacct');
  t.is(mounts.v1['cpuacct'], '/sys/fs/cgroup/cpu,cpuacct');
  t.is(mounts.v1['memory'], '/sys/fs/cgroup/my mem');
  t.is(modeOf(mounts), 'legacy');
});

test('a named v1 hierarchy alone beside cgroup2 is still unified', (t) => {
  const text = UNIFIED + '40 31 0:37 / /run/systemd-v1 rw - cgroup cgroup rw,name=systemd\n';
  t.is(modeOf(parseCgroupMounts(text)), 'unified');
});

test('no cgroup mount at all is an error that says how to mount one', (t) => {
  const error = t.throws(() => detectCgroupHost({ mountinfo: HYBRID.split('\n').slice(0, 2).join('\n') }), { instanceOf: CgroupError });
  t.is(error.step, 'detect');
  t.regex(error.message, /mount -t cgroup2/);
});

test('detectCgroupHost reads the v2 root controllers from cgroup.controllers', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-detect-'));
  writeFileSync(join(dir, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  const host = detectCgroupHost({ mountinfo: `25 22 0:22 / ${dir} rw - cgroup2 cgroup2 rw\n` });
  t.deepEqual(host, { mode: 'unified', version: 'v2', v1: {}, v2: { mount: dir, controllers: ['cpuset', 'cpu', 'io', 'memory', 'pids'] } });
  rmSync(dir, { recursive: true });
});

test('describeCgroupHost on this machine agrees with its mounts', (t) => {
  const host = describeCgroupHost();
  t.is(host.version, host.mode === 'unified' ? 'v2' : 'v1');
  for (const mount of Object.values(host.v1)) t.true(existsSync(join(mount, 'cgroup.procs')), mount);
  if (host.v2) t.true(existsSync(join(host.v2.mount, 'cgroup.controllers')));
});

test('openCgroupDriver picks v2 on unified hosts and v1 on hybrid and legacy hosts', (t) => {
  const unified = openCgroupDriver({ host: { mode: 'unified', version: 'v2', v1: {}, v2: { mount: '/x', controllers: [] } } });
  t.is(unified.version, 'v2');
  t.deepEqual(unified.plan('a/b', {}).dirs, ['/x/a/b']);
  const hybrid = openCgroupDriver({
    host: { mode: 'hybrid', version: 'v1', v1: { cpu: '/c', cpuacct: '/c', memory: '/m' }, v2: { mount: '/u', controllers: [] } },
  });
  t.is(hybrid.version, 'v1');
  t.is(hybrid.mode, 'hybrid');
  t.deepEqual(hybrid.plan('a', {}).dirs, ['/c/a', '/m/a']);
  const legacy = openCgroupDriver({ host: { mode: 'legacy', version: 'v1', v1: { memory: '/m' }, v2: null } });
  t.is(legacy.mode, 'legacy');
});

test('ownCgroupPaths splits v1 controllers and the v2 path', (t) => {
  const own = ownCgroupPaths('9:name=systemd:/\n4:memory:/process_api/x\n2:cpu,cpuacct:/a\n0::/user.slice\n');
  t.deepEqual(own, {
    v1: { 'name=systemd': '/', memory: '/process_api/x', cpu: '/a', cpuacct: '/a' },
    v2: '/user.slice',
  });
  t.is(typeof ownCgroupPaths().v2, 'string', 'this process has a cgroup2 path');
});
