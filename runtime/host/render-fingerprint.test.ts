import test from 'ava';
import { describePrivileges } from './capabilities.js';
import type { HostFingerprint } from './fingerprint.js';
import type { ToolProbe } from './runtime-probes.js';
import { formatBytes, renderFingerprint, shouldUseColor } from './render-fingerprint.js';

const ABSENT: ToolProbe = { present: false, path: null, version: null, banner: null, details: {}, features: [], error: null };

/** A fixed fingerprint of a hybrid Debian host with runc and docker (daemon down). */
const FINGERPRINT: HostFingerprint = {
  fingerprintVersion: 1,
  isolabVersion: '0.1.0',
  nodeVersion: 'v20.20.2',
  collectedAt: '2025-01-01T00:00:00.000Z',
  hostname: 'bench-1',
  arch: 'x86_64',
  kernel: { release: '6.1.0-18-amd64', version: 'Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)' },
  distro: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
  cpu: { model: 'AMD EPYC 7B13', online: 4, usable: 2 },
  memoryTotalBytes: 8 * 1024 ** 3,
  privileges: describePrivileges(0, 'CapEff:\t000001fffeffffff\n'),
  cgroup: {
    mode: 'hybrid',
    v1Controllers: { cpu: '/sys/fs/cgroup/cpu,cpuacct', cpuacct: '/sys/fs/cgroup/cpu,cpuacct', memory: '/sys/fs/cgroup/memory' },
    v1Named: { systemd: '/sys/fs/cgroup/systemd' },
    v2: { mountPoint: '/sys/fs/cgroup/unified', controllers: ['hugetlb'] },
    kernelControllers: { cpu: true, cpuacct: true, memory: true, hugetlb: true, net_cls: true },
  },
  overlay: { available: true, parameters: { index: 'N', redirect_dir: 'Y' }, newMountApi: true, lowerdirPlus: false, maxLowerLayers: 500 },
  namespaces: {
    available: ['pid', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup'],
    maxPerUser: { pid: 31000, mnt: 31000, uts: 31000, ipc: 31000, net: 31000, user: 31000, cgroup: 31000, time: 31000 },
    unprivilegedUsernsClone: 1,
    apparmorRestrictUnprivilegedUserns: null,
  },
  pidMax: 4194304,
  security: { lsms: ['lockdown', 'capability', 'apparmor'], seccomp: true, seccompActions: ['errno', 'allow'], selfSeccompMode: 'disabled' },
  runtimes: {
    runc: { ...ABSENT, present: true, path: '/usr/sbin/runc', version: '1.1.5+ds1', banner: 'runc version 1.1.5+ds1' },
    crun: { ...ABSENT, present: true, path: '/usr/bin/crun', error: 'timed out after 5000 ms' },
    docker: {
      ...ABSENT,
      present: true,
      path: '/usr/bin/docker',
      version: '20.10.24+dfsg1',
      server: { reachable: false, version: null, error: 'Cannot connect to the Docker daemon' },
    },
    podman: ABSENT,
    bwrap: ABSENT,
    unshare: { ...ABSENT, present: true, path: '/usr/bin/unshare', version: '2.38.1' },
    fio: ABSENT,
    'stress-ng': ABSENT,
  },
};

test('plain rendering has no ANSI escapes and shows each section', (t) => {
  const text = renderFingerprint(FINGERPRINT, { color: false });
  t.false(text.includes('\u001b'));
  for (const title of ['System', 'Privileges', 'Cgroups', 'Overlayfs', 'Namespaces', 'Security', 'Runtimes']) {
    t.regex(text, new RegExp(`^${title}$`, 'm'));
  }
});

test('shows the facts a reader compares: kernel, distro, mode, missing capability and namespace', (t) => {
  const text = renderFingerprint(FINGERPRINT, { color: false });
  t.regex(text, /kernel:\s+6\.1\.0-18-amd64 \(x86_64\)/);
  t.regex(text, /distro:\s+Debian GNU\/Linux 12 \(bookworm\) \[debian 12\]/);
  t.regex(text, /mode:\s+hybrid/);
  t.regex(text, /v1 cpu,cpuacct:\s+\/sys\/fs\/cgroup\/cpu,cpuacct/);
  t.regex(text, /not mounted:\s+net_cls /);
  t.regex(text, /40 of 41 effective .*missing CAP_SYS_RESOURCE/);
  t.regex(text, /missing time/);
  t.regex(text, /lowerdir\+ no/);
  t.regex(text, /max_\*_namespaces:\s+31000 each/);
});

test('the runtimes table shows versions, absences, probe errors and the docker daemon', (t) => {
  const text = renderFingerprint(FINGERPRINT, { color: false });
  t.regex(text, /runc\s+1\.1\.5\+ds1\s+\/usr\/sbin\/runc/);
  t.regex(text, /podman\s+absent/);
  t.regex(text, /crun\s+\?\s+\/usr\/bin\/crun\s+timed out after 5000 ms/);
  t.regex(text, /docker daemon\s+not reachable\s+Cannot connect to the Docker daemon/);
  t.false(/ +$/m.test(text), 'no trailing spaces');
});

test('coloured rendering uses ANSI escapes', (t) => {
  t.true(renderFingerprint(FINGERPRINT, { color: true }).includes('\u001b['));
});

test('colour only on a TTY without NO_COLOR', (t) => {
  t.true(shouldUseColor({ isTTY: true }, {}));
  t.false(shouldUseColor({ isTTY: false }, {}));
  t.false(shouldUseColor({}, {}));
  t.false(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' }));
  t.true(shouldUseColor({ isTTY: true }, { NO_COLOR: '' }));
});

test('formats bytes with binary units', (t) => {
  t.is(formatBytes(512), '512 B');
  t.is(formatBytes(24684092 * 1024), '23.5 GiB');
});
