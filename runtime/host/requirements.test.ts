import test from 'ava';
import type { CgroupLayout } from './cgroup-layout.js';
import { describePrivileges } from './capabilities.js';
import { NAMESPACE_TYPES, type NamespaceSupport } from './namespaces.js';
import { HostRequirementError, assertRequirements, checkRequirements, findMissingRequirements, type HostFacts } from './requirements.js';

const ALL_NAMESPACES: NamespaceSupport = {
  available: [...NAMESPACE_TYPES],
  maxPerUser: { pid: 1000, mnt: 1000, uts: 1000, ipc: 1000, net: 1000, user: 1000, cgroup: 1000, time: 1000 },
  unprivilegedUsernsClone: null,
  apparmorRestrictUnprivilegedUserns: null,
};

const LEGACY_CGROUPS: CgroupLayout = {
  mode: 'legacy',
  v1Controllers: { cpu: '/sys/fs/cgroup/cpu', pids: '/sys/fs/cgroup/pids' },
  v1Named: {},
  v2: null,
  kernelControllers: { cpu: true, pids: true, memory: true, rdma: false },
};

/** A fully capable 6.8 host unless `change` says otherwise. */
function facts(change: Partial<HostFacts> = {}): HostFacts {
  return {
    kernel: { release: '6.8.0-40-generic', version: null },
    privileges: describePrivileges(0, 'CapEff:\t000001ffffffffff\n'),
    overlay: { available: true, parameters: {}, newMountApi: true, lowerdirPlus: true, maxLowerLayers: 500 },
    namespaces: ALL_NAMESPACES,
    cgroup: LEGACY_CGROUPS,
    ...change,
  };
}

test('nothing is missing when the host has everything asked for', (t) => {
  t.deepEqual(findMissingRequirements({ root: true, overlay: true, namespaces: [...NAMESPACE_TYPES], cgroupControllers: ['cpu', 'pids'] }, facts()), []);
});

test('a non-root user is told to run as root and why', (t) => {
  t.deepEqual(findMissingRequirements({ root: true }, facts({ privileges: describePrivileges(1000, 'CapEff:\t0000000000000000\n') })), [
    'isolab must run as root: the built-in runtime creates namespaces, cgroups and overlay mounts (try: sudo isolab …)',
  ]);
});

test('root without CAP_SYS_ADMIN (a default docker container) is not enough', (t) => {
  const [reason] = findMissingRequirements({ root: true }, facts({ privileges: describePrivileges(0, 'CapEff:\t00000000a80425fb\n') }));
  t.regex(reason ?? '', /^isolab runs as root but without CAP_SYS_ADMIN/);
});

test('missing overlayfs says to load the module', (t) => {
  const overlay = { ...facts().overlay, available: false };
  t.deepEqual(findMissingRequirements({ overlay: true }, facts({ overlay })), ['overlayfs is not available: load it with modprobe overlay']);
});

test('a namespace newer than the kernel names the version it needs', (t) => {
  const old = facts({
    kernel: { release: '5.4.0-150-generic', version: null },
    namespaces: { ...ALL_NAMESPACES, available: ['pid', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup'] },
  });
  t.deepEqual(findMissingRequirements({ namespaces: ['time'] }, old), ['the time namespace needs Linux ≥ 5.6; this kernel is 5.4']);
});

test('a namespace missing from a new enough kernel names the kernel option; OCI names are accepted', (t) => {
  const noNet = facts({ namespaces: { ...ALL_NAMESPACES, available: ['pid', 'mnt', 'uts', 'ipc', 'user', 'cgroup', 'time'] } });
  const [reason] = findMissingRequirements({ namespaces: ['mount', 'network'] }, noNet);
  t.regex(reason ?? '', /^the net namespace is not offered by this kernel .*CONFIG_NET_NS=y$/);
});

test('a namespace type limited to 0 per user is reported as disabled with the sysctl to raise it', (t) => {
  const limited = facts({ namespaces: { ...ALL_NAMESPACES, maxPerUser: { ...ALL_NAMESPACES.maxPerUser, user: 0 } } });
  t.deepEqual(findMissingRequirements({ namespaces: ['user', 'pid'] }, limited), [
    'creating user namespaces is disabled (user.max_user_namespaces is 0): enable it with sysctl -w user.max_user_namespaces=15000',
  ]);
});

test('an unknown namespace name is rejected by name', (t) => {
  t.regex(findMissingRequirements({ namespaces: ['pids'] }, facts())[0] ?? '', /^"pids" is not a namespace type isolab knows/);
});

test('an unmounted v1 controller says how to mount it', (t) => {
  t.deepEqual(findMissingRequirements({ cgroupControllers: ['memory'] }, facts()), [
    'cgroup controller memory is not mounted: mount it with mount -t cgroup -o memory cgroup /sys/fs/cgroup/memory',
  ]);
});

test('a controller disabled at boot and one the kernel lacks get their own reasons', (t) => {
  t.deepEqual(findMissingRequirements({ cgroupControllers: ['rdma', 'misc'] }, facts()), [
    'cgroup controller rdma is disabled at boot: remove cgroup_disable=rdma from the kernel command line',
    'cgroup controller misc is not mounted and this kernel does not list it in /proc/cgroups: use a kernel built with it',
  ]);
});

test('a controller offered only by the v2 hierarchy counts as available', (t) => {
  const unified: CgroupLayout = { mode: 'unified', v1Controllers: {}, v1Named: {}, v2: { mountPoint: '/sys/fs/cgroup', controllers: ['memory', 'pids'] }, kernelControllers: null };
  t.deepEqual(findMissingRequirements({ cgroupControllers: ['memory'] }, facts({ cgroup: unified })), []);
  t.regex(findMissingRequirements({ cgroupControllers: ['net_cls'] }, facts({ cgroup: unified }))[0] ?? '', /not in \/sys\/fs\/cgroup\/cgroup\.controllers/);
});

test('with no cgroup filesystem, one sentence replaces a sentence per controller', (t) => {
  const none: CgroupLayout = { mode: 'none', v1Controllers: {}, v1Named: {}, v2: null, kernelControllers: null };
  t.deepEqual(findMissingRequirements({ cgroupControllers: ['cpu', 'memory'] }, facts({ cgroup: none })), [
    'no cgroup filesystem is mounted: mount cgroup2 with mount -t cgroup2 cgroup2 /sys/fs/cgroup',
  ]);
});

test('assertRequirements throws a HostRequirementError whose message is the sentences', async (t) => {
  const host = facts({ privileges: describePrivileges(1000, null), overlay: { ...facts().overlay, available: false } });
  const error = await t.throwsAsync(assertRequirements({ root: true, overlay: true }, host), { instanceOf: HostRequirementError });
  t.is(error?.missing.length, 2);
  t.is(error?.message, error?.missing.join('\n'));
  t.is(error?.step, 'check host requirements');
});

test('this host (root, overlayfs, all namespaces, v1 memory/pids/cpu) meets what the built-in runtime needs', async (t) => {
  const needs = { root: true, overlay: true, namespaces: [...NAMESPACE_TYPES], cgroupControllers: ['memory', 'pids', 'cpu'] };
  t.deepEqual(await checkRequirements(needs), []);
  await t.notThrowsAsync(assertRequirements(needs));
});

test('this host reports a controller that does not exist', async (t) => {
  const missing = await checkRequirements({ cgroupControllers: ['isolab_no_such_controller'] });
  t.is(missing.length, 1);
  t.regex(missing[0] ?? '', /^cgroup controller isolab_no_such_controller is not mounted/);
});
