// unpackLayer against real overlayfs: whiteouts and opaque directories must produce the
// merged view the OCI layer rules describe, whatever their place in the tar.
import test, { type ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { lgetxattr } from '../sys/inode.js';
import { ImageError } from './errors.js';
import { buildTar, listTree, mountOverlay, namesIn, tempDir, type TestEntry } from './test-support.js';
import { unpackLayer } from './unpack-layer.js';

const asRoot = process.getuid?.() === 0;
const rootTest = asRoot ? test : test.skip;

const dir = (name: string, extra: Partial<TestEntry> = {}): TestEntry => ({ name, type: 'directory', ...extra });
const file = (name: string, content: string, extra: Partial<TestEntry> = {}): TestEntry => ({ name, content, ...extra });

const LOWER: TestEntry[] = [
  dir('a'), file('a/gone', 'lower a/gone'), file('a/keep', 'lower a/keep'),
  dir('dir'), file('dir/x', 'x'), dir('dir/sub'), file('dir/sub/y', 'y'),
  dir('opq'), file('opq/old1', '1'), file('opq/old2', '2'),
  file('re.txt', 'old content'),
  dir('redo'), file('redo/old', 'old'),
  file('top.txt', 'top'),
];

/** The upper layer's entries; `late` puts each whiteout after the entries it concerns instead of before. */
function upperEntries(late: boolean): TestEntry[] {
  const groups: Array<{ wh: TestEntry[]; rest: TestEntry[] }> = [
    { wh: [file('a/.wh.gone', '')], rest: [dir('a'), file('a/new', 'upper a/new')] },
    { wh: [file('.wh.dir', '')], rest: [] },
    { wh: [file('opq/.wh..wh..opq', '')], rest: [dir('opq'), file('opq/fresh', 'fresh')] },
    { wh: [file('.wh.re.txt', '')], rest: [file('re.txt', 'new content')] },
    { wh: [file('.wh.redo', '')], rest: [dir('redo'), file('redo/new', 'new')] },
    { wh: [file('.wh.top.txt', '')], rest: [] },
  ];
  return groups.flatMap((g) => (late ? [...g.rest, ...g.wh] : [...g.wh, ...g.rest]));
}

async function mergedView(t: ExecutionContext, upper: TestEntry[]): Promise<string[]> {
  const tmp = tempDir(t);
  await unpackLayer(Readable.from(await buildTar(LOWER)), path.join(tmp, 'lower'));
  await unpackLayer(Readable.from(await buildTar(upper)), path.join(tmp, 'upper'));
  fs.mkdirSync(path.join(tmp, 'merged'));
  const ov = await mountOverlay(t, { lowers: [path.join(tmp, 'upper'), path.join(tmp, 'lower')], target: path.join(tmp, 'merged') });
  try {
    return listTree(ov.target, { mtimes: false });
  } finally {
    await ov.umount();
  }
}

rootTest('the merged view of lower + upper follows the whiteouts and opaque markers', async (t) => {
  const view = await mergedView(t, upperEntries(false));
  const names = view.map((l) => l.split(' ')[0]);
  t.deepEqual(names, ['a', 'a/keep', 'a/new', 'opq', 'opq/fresh', 're.txt', 'redo', 'redo/new']);
  t.true(view.includes('re.txt f 644 0:0 "new content"'), 'the recreated file has the new content');
});

rootTest('whiteouts placed after the entries they concern give the same merged view', async (t) => {
  t.deepEqual(await mergedView(t, upperEntries(true)), await mergedView(t, upperEntries(false)));
});

rootTest('whiteouts become char devices 0/0 and opaque markers the trusted.overlay.opaque xattr', async (t) => {
  const tmp = tempDir(t);
  const dest = path.join(tmp, 'layer');
  const stats = await unpackLayer(Readable.from(await buildTar(upperEntries(false))), dest);
  const gone = fs.lstatSync(path.join(dest, 'a/gone'));
  t.true(gone.isCharacterDevice() && gone.rdev === 0);
  t.true(fs.lstatSync(path.join(dest, 'dir')).isCharacterDevice());
  t.is(lgetxattr(path.join(dest, 'opq'), 'trusted.overlay.opaque')?.toString(), 'y');
  t.is(lgetxattr(path.join(dest, 'redo'), 'trusted.overlay.opaque')?.toString(), 'y', 'whited out and recreated in the same layer: opaque');
  t.is(lgetxattr(path.join(dest, 'a'), 'trusted.overlay.opaque'), undefined);
  t.true(fs.lstatSync(path.join(dest, 're.txt')).isFile());
  t.false(namesIn(dest).some((n) => n.startsWith('.wh.')), 'no .wh. file is left in the layer');
  t.like(stats, { whiteouts: 5, opaqueDirs: 2 });
});

rootTest('a whiteout never hides an entry of its own layer', async (t) => {
  const dest = path.join(tempDir(t), 'layer');
  await unpackLayer(Readable.from(await buildTar([file('f', 'mine'), file('.wh.f', '')])), dest);
  t.is(fs.readFileSync(path.join(dest, 'f'), 'utf8'), 'mine');
});

for (const [name, bad] of [['.wh..wh.plnk', 'reserved'], ['d/.wh.', 'whites out no valid name'], ['.wh.x/y', 'used as a directory']] as const) {
  rootTest(`invalid whiteout name ${name} is refused, naming the entry`, async (t) => {
    const dest = path.join(tempDir(t), 'layer');
    const err = await t.throwsAsync(unpackLayer(Readable.from(await buildTar([file('ok', 'ok'), file(name, '')])), dest), { instanceOf: ImageError });
    t.is(err?.entry, name);
    t.regex(err?.message ?? '', new RegExp(bad));
    t.false(fs.existsSync(dest), 'the partial layer is removed');
  });
}

rootTest('ownership, modes, symlinks, hardlinks, fifos, devices, xattrs and mtimes are kept', async (t) => {
  const dest = path.join(tempDir(t), 'layer');
  const when = new Date(1_500_000_000_000);
  const cap = Buffer.from([0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  await unpackLayer(Readable.from(await buildTar([
    dir('bin', { mode: 0o751, uid: 7, gid: 8, mtime: when }),
    file('bin/su', 'suid', { mode: 0o4755, uid: 1234, gid: 5678, mtime: when }),
    dir('tmp', { mode: 0o1777, mtime: when }),
    { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox', uid: 3, gid: 4, mtime: when },
    { name: 'bin/su2', type: 'link', linkname: 'bin/su' },
    { name: 'tmp/pipe', type: 'fifo', mode: 0o640 },
    { name: 'null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
    // xattrs in PAX records; tar-stream writes values as text, so binary values use the base64 LIBARCHIVE form.
    file('bin/ping', 'ping', { pax: { 'SCHILY.xattr.user.note': 'hello', 'LIBARCHIVE.xattr.security.capability': cap.toString('base64') } }),
  ])), dest);
  const st = (p: string): fs.Stats => fs.lstatSync(path.join(dest, p));
  t.like(st('bin/su'), { mode: 0o104755, uid: 1234, gid: 5678, mtimeMs: when.getTime() });
  t.like(st('bin'), { mode: 0o40751, uid: 7, gid: 8, mtimeMs: when.getTime() }, 'directory mtime set after its contents');
  t.is(st('tmp').mode & 0o7777, 0o1777);
  t.is(fs.readlinkSync(path.join(dest, 'bin/sh')), '/bin/busybox');
  t.like(st('bin/sh'), { uid: 3, gid: 4, mtimeMs: when.getTime() });
  t.is(st('bin/su2').ino, st('bin/su').ino, 'hardlink shares the inode');
  t.true(st('tmp/pipe').isFIFO());
  t.is(st('tmp/pipe').mode & 0o777, 0o640);
  t.true(st('null').isCharacterDevice());
  t.is(st('null').rdev, 0x103);
  t.is(lgetxattr(path.join(dest, 'bin/ping'), 'user.note')?.toString(), 'hello');
  t.deepEqual(lgetxattr(path.join(dest, 'bin/ping'), 'security.capability'), cap);
  t.is(st('').mode & 0o7777, 0o755, 'the layer root gets 0755 when the tar does not say');
});

rootTest('gzip layers are detected by their magic and the diffID is the uncompressed digest', async (t) => {
  const tmp = tempDir(t);
  const tar = await buildTar([file('hello', 'world')]);
  fs.writeFileSync(path.join(tmp, 'layer.tgz'), await buildTar([file('hello', 'world')], { gzip: true }));
  const stats = await unpackLayer(path.join(tmp, 'layer.tgz'), path.join(tmp, 'layer'));
  t.is(stats.compression, 'gzip');
  t.is(stats.diffId, `sha256:${createHash('sha256').update(tar).digest('hex')}`);
  t.is(fs.readFileSync(path.join(tmp, 'layer/hello'), 'utf8'), 'world');
});

rootTest('overlay-private xattrs and 0/0 devices in a tar are refused', async (t) => {
  const tmp = tempDir(t);
  const e1 = await t.throwsAsync(unpackLayer(Readable.from(await buildTar([dir('d', { pax: { 'SCHILY.xattr.trusted.overlay.redirect': '/etc' } })])), path.join(tmp, 'a')), { instanceOf: ImageError });
  t.regex(e1?.entry ?? '', /^d\/?$/);
  const e2 = await t.throwsAsync(unpackLayer(Readable.from(await buildTar([{ name: 'wh', type: 'character-device', devmajor: 0, devminor: 0 }])), path.join(tmp, 'b')), { instanceOf: ImageError });
  t.is(e2?.entry, 'wh');
  t.deepEqual(namesIn(tmp), []);
});

rootTest('a truncated tar is refused and nothing is left', async (t) => {
  const tmp = tempDir(t);
  const tar = await buildTar([file('big', 'x'.repeat(5000)), file('after', 'y')]);
  await t.throwsAsync(unpackLayer(Readable.from(tar.subarray(0, 2048)), path.join(tmp, 'layer')), { instanceOf: ImageError, message: /truncated/ });
  t.false(fs.existsSync(path.join(tmp, 'layer')));
});

rootTest('the destination must not exist yet', async (t) => {
  const tmp = tempDir(t);
  fs.writeFileSync(path.join(tmp, 'keep'), 'mine');
  await t.throwsAsync(unpackLayer(Readable.from(await buildTar([file('f', 'x')])), tmp), { instanceOf: ImageError });
  t.deepEqual(namesIn(tmp), ['keep'], 'an existing directory is left as it was');
});
