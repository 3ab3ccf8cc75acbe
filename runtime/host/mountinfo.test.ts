import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { MountinfoParseError, findMountOption, parseMountinfo, readMountinfo, unescapeMountField } from './mountinfo.js';

const ROOT_LINE = '22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,discard';
const ESCAPED_LINE =
  '101 22 0:50 /my\\040dir /mnt/with\\040space\\011tab\\134x rw,nosuid shared:7 master:3 - overlay over\\040lay rw,lowerdir=/l\\054a:/l2,upperdir=/u';

test('parses every field of a plain mountinfo line', (t) => {
  const [entry] = parseMountinfo(ROOT_LINE);
  t.deepEqual(entry, {
    mountId: 22,
    parentId: 1,
    major: 253,
    minor: 1,
    root: '/',
    mountPoint: '/',
    mountOptions: ['rw', 'relatime'],
    optionalFields: ['shared:1'],
    fsType: 'ext4',
    source: '/dev/vda1',
    superOptions: ['rw', 'discard'],
  });
});

test('unescapes \\040 space, \\011 tab and \\134 backslash in paths and source', (t) => {
  const [entry] = parseMountinfo(ESCAPED_LINE);
  t.is(entry?.root, '/my dir');
  t.is(entry?.mountPoint, '/mnt/with space\ttab\\x');
  t.is(entry?.source, 'over lay');
});

test('keeps several optional fields and unescapes a comma inside an option value', (t) => {
  const [entry] = parseMountinfo(ESCAPED_LINE);
  t.deepEqual(entry?.optionalFields, ['shared:7', 'master:3']);
  t.deepEqual(entry?.superOptions, ['rw', 'lowerdir=/l,a:/l2', 'upperdir=/u']);
  t.is(entry && findMountOption(entry.superOptions, 'lowerdir'), '/l,a:/l2');
  t.is(entry && findMountOption(entry.superOptions, 'rw'), true);
  t.is(entry && findMountOption(entry.superOptions, 'workdir'), undefined);
});

test('parses a line without optional fields and skips blank lines', (t) => {
  const entries = parseMountinfo(`\n${ROOT_LINE}\n31 22 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n\n`);
  t.is(entries.length, 2);
  t.deepEqual(entries[1]?.optionalFields, []);
  t.is(entries[1]?.fsType, 'tmpfs');
});

test('unescapeMountField leaves text without octal escapes alone', (t) => {
  t.is(unescapeMountField('/a\\b/c\\04'), '/a\\b/c\\04');
  t.is(unescapeMountField('\\012'), '\n');
});

test('a malformed line is reported with the file and line number', (t) => {
  const error = t.throws(() => parseMountinfo(`${ROOT_LINE}\n22 1 253:1 / / rw shared:1 ext4 /dev/vda1 rw`, '/proc/42/mountinfo'), {
    instanceOf: MountinfoParseError,
  });
  t.is(error?.lineNumber, 2);
  t.regex(error?.message ?? '', /\/proc\/42\/mountinfo line 2/);
});

test('readMountinfo sees the root and /proc mounts of this process', async (t) => {
  const entries = await readMountinfo();
  t.true(entries.some((entry) => entry.mountPoint === '/'));
  t.true(entries.some((entry) => entry.mountPoint === '/proc' && entry.fsType === 'proc'));
});

test('readMountinfo returns a real mount point with a space and a tab exactly as created', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'isolab-mountinfo-'));
  const target = join(base, 'dir with space\tand tab');
  await mkdir(target);
  let mounted = false;
  try {
    await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'isolab test', target]);
    mounted = true;
    const entry = (await readMountinfo()).find((candidate) => candidate.mountPoint === target);
    t.truthy(entry, 'the tmpfs mount is listed under its unescaped path');
    t.is(entry?.fsType, 'tmpfs');
    t.is(entry?.source, 'isolab test');
  } finally {
    if (mounted) await execa('umount', [target]);
    await rm(base, { recursive: true, force: true });
  }
});
