import test from 'ava';
import { firstLine, parseToolVersion } from './tool-versions.js';

test('runc: version and the commit/spec/go/libseccomp lines', (t) => {
  const parsed = parseToolVersion('runc', 'runc version 1.1.5\ncommit: v1.1.5-0-gf19387a6\nspec: 1.0.2-dev\ngo: go1.19.8\nlibseccomp: 2.5.4\n');
  t.is(parsed.version, '1.1.5');
  t.deepEqual(parsed.details, { commit: 'v1.1.5-0-gf19387a6', spec: '1.0.2-dev', go: 'go1.19.8', libseccomp: '2.5.4' });
  t.deepEqual(parsed.features, []);
});

test("runc: Debian's +ds1 suffix is kept", (t) => {
  t.is(parseToolVersion('runc', 'runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\n').version, '1.1.5+ds1');
});

test('crun: version, details and the compile-time feature line', (t) => {
  const parsed = parseToolVersion(
    'crun',
    'crun version 1.8.1\ncommit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30\nrundir: /run/crun\nspec: 1.0.0\n+SYSTEMD +SELINUX +APPARMOR +CAP +SECCOMP +EBPF -CRIU +YAJL\n',
  );
  t.is(parsed.version, '1.8.1');
  t.deepEqual(parsed.details, { commit: 'f8a096be060b22ccd3d5f3ebe44108517fbf6c30', rundir: '/run/crun', spec: '1.0.0' });
  t.deepEqual(parsed.features, ['+SYSTEMD', '+SELINUX', '+APPARMOR', '+CAP', '+SECCOMP', '+EBPF', '-CRIU', '+YAJL']);
});

test('bwrap: "bubblewrap 0.8.0"', (t) => {
  t.is(parseToolVersion('bwrap', 'bubblewrap 0.8.0\n').version, '0.8.0');
});

test('unshare: both util-linux banner styles', (t) => {
  t.is(parseToolVersion('unshare', 'unshare from util-linux 2.38.1\n').version, '2.38.1');
  t.is(parseToolVersion('unshare', 'unshare (util-linux) 2.40.1\n').version, '2.40.1');
});

test('docker: the version ends at the comma, distro suffix kept', (t) => {
  t.is(parseToolVersion('docker', 'Docker version 20.10.24+dfsg1, build 297e128\n').version, '20.10.24+dfsg1');
});

test('podman: "podman version 4.3.1"', (t) => {
  t.is(parseToolVersion('podman', 'podman version 4.3.1\n').version, '4.3.1');
});

test('fio: "fio-3.33"', (t) => {
  t.is(parseToolVersion('fio', 'fio-3.33\n').version, '3.33');
});

test('stress-ng: the version before the build note and emoji', (t) => {
  t.is(parseToolVersion('stress-ng', 'stress-ng, version 0.15.06 (gcc 12.2, x86_64 Linux 6.1.0) 💻🔥\n').version, '0.15.06');
});

test('an unexpected banner falls back to the first dotted number; no number gives null', (t) => {
  t.is(parseToolVersion('docker', 'podman version 4.3.1\n').version, '4.3.1');
  t.is(parseToolVersion('bwrap', 'bwrap: Unknown option --version\n').version, null);
});

test('firstLine skips leading blank lines and trims', (t) => {
  t.is(firstLine('\n\n  fio-3.33  \nmore'), 'fio-3.33');
  t.is(firstLine(''), null);
});
