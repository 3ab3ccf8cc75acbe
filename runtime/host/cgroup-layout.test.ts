import test from 'ava';
import { decideCgroupMode, describeCgroupLayout, findV1Hierarchies, findV2Mount, listAvailableControllers, parseProcCgroups } from './cgroup-layout.js';
import { parseMountinfo } from './mountinfo.js';

const ROOT = '22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw';

// Fedora / Ubuntu ≥ 21.10: cgroup2 only.
const UNIFIED = parseMountinfo(`${ROOT}
35 22 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`);

// CentOS 7: v1 only, cpu and cpuacct co-mounted, systemd's named hierarchy.
const LEGACY = parseMountinfo(`${ROOT}
25 22 0:21 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,mode=755
26 25 0:22 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
29 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct
30 25 0:26 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,memory
31 25 0:27 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpuset,clone_children
32 25 0:28 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,pids
`);

// The machines here: v1 controllers plus cgroup2 at /sys/fs/cgroup/unified.
const HYBRID = parseMountinfo(`${ROOT}
31 22 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`);

const PROC_CGROUPS = `#subsys_name\thierarchy\tnum_cgroups\tenabled
cpu\t1\t1\t1
memory\t4\t64\t1
net_cls\t0\t1\t1
hugetlb\t0\t1\t1
rdma\t0\t1\t0
`;

/** A fake file reader: answers from `files`, null for anything else. */
const fakeFiles = (files: Record<string, string>) => async (path: string) => files[path] ?? null;

test('cgroup2 alone is unified', (t) => {
  t.is(decideCgroupMode(UNIFIED), 'unified');
});

test('v1 hierarchies alone are legacy', (t) => {
  t.is(decideCgroupMode(LEGACY), 'legacy');
});

test('v1 hierarchies plus a cgroup2 mount are hybrid', (t) => {
  t.is(decideCgroupMode(HYBRID), 'hybrid');
});

test('no cgroup filesystem at all is none', (t) => {
  t.is(decideCgroupMode(parseMountinfo(ROOT)), 'none');
});

test('co-mounted v1 controllers map to the same mount point and flags are not controllers', (t) => {
  const { v1Controllers, v1Named } = findV1Hierarchies(LEGACY);
  t.deepEqual(v1Controllers, {
    cpu: '/sys/fs/cgroup/cpu,cpuacct',
    cpuacct: '/sys/fs/cgroup/cpu,cpuacct',
    memory: '/sys/fs/cgroup/memory',
    cpuset: '/sys/fs/cgroup/cpuset',
    pids: '/sys/fs/cgroup/pids',
  });
  t.deepEqual(v1Named, { systemd: '/sys/fs/cgroup/systemd' });
});

test('the first mount of a v1 controller wins over a later bind mount', (t) => {
  const entries = parseMountinfo(`${ROOT}
30 22 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
90 22 0:26 /docker/abc /container/sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
`);
  t.is(findV1Hierarchies(entries).v1Controllers.memory, '/sys/fs/cgroup/memory');
});

test('the v2 mount of the hierarchy root is preferred over a bind mount of a subtree', (t) => {
  const entries = parseMountinfo(`${ROOT}
50 22 0:30 /user.slice /srv/cg rw - cgroup2 cgroup2 rw
51 22 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
`);
  t.is(findV2Mount(entries)?.mountPoint, '/sys/fs/cgroup');
});

test('describes a hybrid layout with the v2 controllers and the kernel controller list', async (t) => {
  const layout = await describeCgroupLayout(
    HYBRID,
    fakeFiles({ '/sys/fs/cgroup/unified/cgroup.controllers': 'hugetlb', '/proc/cgroups': PROC_CGROUPS }),
  );
  t.is(layout.mode, 'hybrid');
  t.deepEqual(layout.v2, { mountPoint: '/sys/fs/cgroup/unified', controllers: ['hugetlb'] });
  t.is(layout.v1Controllers.cpuacct, '/sys/fs/cgroup/cpuacct');
  t.deepEqual(layout.kernelControllers, { cpu: true, memory: true, net_cls: true, hugetlb: true, rdma: false });
  t.deepEqual(listAvailableControllers(layout), ['cpu', 'cpuacct', 'hugetlb', 'memory', 'pids']);
});

test('describes a unified layout whose files are absent as empty controllers and unknown kernel list', async (t) => {
  const layout = await describeCgroupLayout(UNIFIED, fakeFiles({}));
  t.deepEqual(layout.v2, { mountPoint: '/sys/fs/cgroup', controllers: [] });
  t.deepEqual(layout.v1Controllers, {});
  t.is(layout.kernelControllers, null);
});

test('parseProcCgroups reads the enabled column', (t) => {
  t.deepEqual(parseProcCgroups(PROC_CGROUPS).rdma, false);
  t.deepEqual(parseProcCgroups(PROC_CGROUPS).memory, true);
});
