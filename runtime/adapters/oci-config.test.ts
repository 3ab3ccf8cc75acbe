// The config.json made from a Spec: the Spec itself (minus isolab), the rootfs and cgroup
// isolab chose, and mounts that can work in the Spec's namespaces.
import test from 'ava';
import { buildSpec } from '../spec/defaults.js';
import { ociMounts, toOciConfig } from './oci-config.js';

const spec = (o: Partial<Parameters<typeof buildSpec>[0]> = {}) => buildSpec({ args: ['probe', 'ns'], layers: ['/var/lib/isolab/l1'], ...o });
const byDest = (s: ReturnType<typeof spec>) => Object.fromEntries(ociMounts(s).map((m) => [m.destination, m]));

test('config.json is the Spec without its isolab section, rooted at the mounted rootfs', (t) => {
  const s = spec({ hostname: 'box', memoryBytes: 1 << 26 });
  const c = toOciConfig(s, { rootfs: '/run/isolab/containers/ab/rootfs', cgroupsPath: 'isolab/ab' });
  t.false('isolab' in c);
  t.is(c.root.path, '/run/isolab/containers/ab/rootfs');
  t.is(c.linux.cgroupsPath, '/isolab/ab', 'absolute: from the hierarchy root, not the runtime\'s own cgroup');
  t.is(c.process.terminal, false);
  t.deepEqual(c.process.args, s.process.args);
  t.is(c.hostname, 'box');
  t.deepEqual(c.linux.namespaces, s.linux.namespaces);
  t.deepEqual(c.linux.resources, s.linux.resources);
  t.deepEqual(c.linux.maskedPaths, s.linux.maskedPaths);
});

test('the standard kernel filesystems are mounted fresh when the namespaces allow it', (t) => {
  const m = byDest(spec());
  t.is(m['/proc']?.type, 'proc');
  t.is(m['/dev']?.type, 'tmpfs');
  t.is(m['/dev/pts']?.type, 'devpts');
  t.is(m['/dev/shm']?.type, 'tmpfs');
  t.is(m['/dev/mqueue']?.type, 'mqueue');
  t.is(m['/sys']?.type, 'sysfs');
  t.true(m['/sys']?.options?.includes('ro'));
  t.is(m['/sys/fs/cgroup']?.type, 'cgroup');
  t.false(ociMounts(spec(), false).some((x) => x.destination === '/sys/fs/cgroup'), 'the cgroup mount is optional');
});

test('a user namespace without its own pid/net/ipc namespace binds the host\'s /proc and /sys and has no mqueue', (t) => {
  const m = byDest(spec({ ns: ['user', 'mnt'] }));
  t.is(m['/proc']?.type, 'bind');
  t.true(m['/proc']?.options?.includes('rbind'));
  t.is(m['/sys']?.type, 'bind');
  t.true(m['/sys']?.options?.includes('ro'));
  t.is(m['/dev/mqueue'], undefined);
  const own = byDest(spec({ ns: ['user', 'mnt', 'pid', 'net', 'ipc'] }));
  t.is(own['/proc']?.type, 'proc');
  t.is(own['/sys']?.type, 'sysfs');
  t.is(own['/dev/mqueue']?.type, 'mqueue');
});

test('devpts gets gid=5 only where gid 5 is mapped', (t) => {
  t.true(byDest(spec())['/dev/pts']?.options?.includes('gid=5'));
  t.true(byDest(spec({ ns: ['user', 'mnt'] }))['/dev/pts']?.options?.includes('gid=5'), 'the default map covers 0..65535');
  const narrow = spec({ ns: ['user', 'mnt'], uidMappings: [{ containerID: 0, hostID: 200000, size: 1 }], gidMappings: [{ containerID: 0, hostID: 200000, size: 1 }] });
  t.false(byDest(narrow)['/dev/pts']?.options?.includes('gid=5'));
});

test('a rootfs without a writable layer is read-only in config.json too', (t) => {
  t.false(toOciConfig(spec(), { rootfs: '/r', cgroupsPath: 'isolab/a' }).root.readonly);
  t.true(toOciConfig(spec({ writable: false }), { rootfs: '/r', cgroupsPath: 'isolab/a' }).root.readonly);
  t.true(toOciConfig(spec({ readonlyRoot: true }), { rootfs: '/r', cgroupsPath: 'isolab/a' }).root.readonly);
});
