// Collects the real fingerprint of this machine and checks it against what the kernel
// says through other routes (statfs magic numbers, /proc files, the shell's PATH lookup).
import { readFile, readdir, statfs } from 'node:fs/promises';
import os from 'node:os';
import anyTest, { type TestFn } from 'ava';
import { execa } from 'execa';
import { collectFingerprint, type HostFingerprint } from './fingerprint.js';
import { isKernelAtLeast } from './kernel-version.js';
import { PROBED_TOOLS } from './tool-versions.js';

const test = anyTest as TestFn<{ fingerprint: HostFingerprint }>;

const CGROUP2_SUPER_MAGIC = 0x63677270;
const CGROUP_SUPER_MAGIC = 0x27e0eb;

/** The statfs magic of `path`, or null when it does not exist. */
async function fsMagic(path: string): Promise<number | null> {
  try {
    return (await statfs(path)).type;
  } catch {
    return null;
  }
}

test.before(async (t) => {
  t.context.fingerprint = await collectFingerprint();
});

test('kernel release is os.release() and /proc/version names it', (t) => {
  const { kernel } = t.context.fingerprint;
  t.is(kernel.release, os.release());
  t.true(kernel.version?.includes(os.release()));
});

test('isolab version comes from package.json', async (t) => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  t.is(t.context.fingerprint.isolabVersion, pkg.version);
});

test('cgroup mode agrees with the filesystem types under /sys/fs/cgroup', async (t) => {
  const { cgroup } = t.context.fingerprint;
  if ((await fsMagic('/sys/fs/cgroup')) === CGROUP2_SUPER_MAGIC) {
    t.is(cgroup.mode, 'unified');
    t.is(cgroup.v2?.mountPoint, '/sys/fs/cgroup');
  } else if ((await fsMagic('/sys/fs/cgroup/unified')) === CGROUP2_SUPER_MAGIC && (await fsMagic('/sys/fs/cgroup/memory')) === CGROUP_SUPER_MAGIC) {
    t.is(cgroup.mode, 'hybrid');
    t.is(cgroup.v2?.mountPoint, '/sys/fs/cgroup/unified');
    t.is(cgroup.v1Controllers.memory, '/sys/fs/cgroup/memory');
  } else {
    t.not(cgroup.mode, 'hybrid');
  }
});

test('the v2 controllers are what cgroup.controllers lists', async (t) => {
  const { v2 } = t.context.fingerprint.cgroup;
  if (v2 === null) return t.pass('no cgroup2 mount on this host');
  const text = (await readFile(`${v2.mountPoint}/cgroup.controllers`, 'utf8')).trim();
  t.deepEqual(v2.controllers, text === '' ? [] : text.split(' '));
});

test('namespaces include time on a kernel ≥ 5.6 and match /proc/self/ns', async (t) => {
  const { namespaces } = t.context.fingerprint;
  if (isKernelAtLeast(os.release(), 5, 6)) t.true(namespaces.available.includes('time'));
  const entries = (await readdir('/proc/self/ns')).filter((name) => !name.endsWith('_for_children'));
  t.deepEqual([...namespaces.available].sort(), entries.sort());
});

test('root and memory match the process and /proc/meminfo', async (t) => {
  const fp = t.context.fingerprint;
  t.is(fp.privileges.isRoot, process.geteuid?.() === 0);
  const memTotalKiB = Number(/MemTotal:\s+(\d+) kB/.exec(await readFile('/proc/meminfo', 'utf8'))?.[1]);
  t.is(fp.memoryTotalBytes, memTotalKiB * 1024);
  t.is(fp.pidMax, Number((await readFile('/proc/sys/kernel/pid_max', 'utf8')).trim()));
});

test('overlay: lowerdir+ follows the kernel version, the layer limit is 500', (t) => {
  const { overlay } = t.context.fingerprint;
  t.is(overlay.lowerdirPlus, overlay.available && isKernelAtLeast(os.release(), 6, 8));
  t.is(overlay.maxLowerLayers, 500);
});

test('each tool is present exactly when the shell finds it, with an absolute path', async (t) => {
  const { runtimes } = t.context.fingerprint;
  for (const tool of PROBED_TOOLS) {
    const probe = runtimes[tool];
    const shell = await execa('sh', ['-c', `PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" command -v ${tool}`], { reject: false });
    t.is(probe.present, shell.exitCode === 0, `${tool} presence`);
    if (probe.present) t.regex(probe.path ?? '', /^\//, `${tool} path`);
    else t.is(probe.version, null, `${tool} has no version when absent`);
  }
  t.is(runtimes.docker.server === null, !runtimes.docker.present);
});

test('unshare from util-linux reports the version it prints itself', async (t) => {
  const { unshare } = t.context.fingerprint.runtimes;
  if (!unshare.present) return t.pass('unshare is not installed');
  const own = await execa('unshare', ['--version']);
  t.true(own.stdout.includes(unshare.version ?? '<none>'));
});

test('the fingerprint survives a JSON round trip unchanged', (t) => {
  const fp = t.context.fingerprint;
  t.deepEqual(JSON.parse(JSON.stringify(fp)), fp);
});
