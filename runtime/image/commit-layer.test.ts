// commitLayer on real overlay upper directories: changes made through a mounted overlay
// must come out as OCI whiteouts, without the init layer's files, reproducibly, and unpack
// back into a layer that shows the same merged view.
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { INIT_LAYER_PATHS } from '../rootfs/init-layer.js';
import { lgetxattr, lsetxattr } from '../sys/inode.js';
import { commitLayer } from './commit-layer.js';
import { ImageError } from './errors.js';
import { buildTar, listTree, mountOverlay, readTar, tempDir, type TestEntry } from './test-support.js';
import { unpackLayer } from './unpack-layer.js';

const rootTest = process.getuid?.() === 0 ? test.serial : test.skip;
const EXCLUDE = [...INIT_LAYER_PATHS];
const BINARY = Buffer.from([0x00, 0xff, 0x0a, 0x3d]);
const isExcluded = (rel: string): boolean => EXCLUDE.some((e) => rel === e || rel.startsWith(`${e}/`));

const LOWER: TestEntry[] = [
  { name: 'etc', type: 'directory' },
  { name: 'etc/hostname', content: 'lowerhost\n' },
  { name: 'etc/hosts', content: '127.0.0.1 lower\n' },
  { name: 'etc/os-release', content: 'ID=test\n' },
  { name: 'gone.txt', content: 'delete me' },
  { name: 'keep.txt', content: 'keep me' },
  { name: 'chmod.txt', content: 'mode change', mode: 0o644 },
  { name: 'olddir', type: 'directory' },
  { name: 'olddir/a', content: 'a' },
  { name: 'olddir/b', type: 'directory' },
  { name: 'olddir/b/c', content: 'c' },
  { name: 'renameme', type: 'directory' },
  { name: 'renameme/x', content: 'x' },
  { name: 'renameme/sub', type: 'directory' },
  { name: 'renameme/sub/y', content: 'y' },
];

interface Container {
  tmp: string;
  lower: string;
  upper: string;
  /** The merged view while the overlay was mounted, after the changes. */
  view: string[];
}

/** Unpacks LOWER, mounts lower + upper + work, applies `change` through the merged mount, records the view, unmounts. */
async function runContainer(t: ExecutionContext, change: (merged: string) => void, extra: string[] = []): Promise<Container> {
  const tmp = tempDir(t);
  const lower = path.join(tmp, 'lower');
  await unpackLayer(Readable.from(await buildTar(LOWER)), lower);
  const upper = path.join(tmp, 'upper');
  for (const d of ['upper', 'work', 'merged']) fs.mkdirSync(path.join(tmp, d));
  const ov = await mountOverlay(t, { lowers: [lower], upper, work: path.join(tmp, 'work'), target: path.join(tmp, 'merged'), extra });
  try {
    change(ov.target);
    return { tmp, lower, upper, view: listTree(ov.target) };
  } finally {
    await ov.umount();
  }
}

function typicalChanges(m: string): void {
  fs.rmSync(path.join(m, 'gone.txt'));
  fs.rmSync(path.join(m, 'olddir'), { recursive: true });
  fs.mkdirSync(path.join(m, 'olddir'));
  fs.writeFileSync(path.join(m, 'olddir/new'), 'recreated');
  fs.writeFileSync(path.join(m, 'etc/hostname'), 'container\n'); // the init layer's: excluded
  fs.rmSync(path.join(m, 'etc/hosts')); // deleting an init-layer file must not commit a whiteout either
  fs.writeFileSync(path.join(m, 'etc/app.conf'), 'x=1\n');
  fs.chmodSync(path.join(m, 'chmod.txt'), 0o600);
  fs.mkdirSync(path.join(m, 'data'));
  fs.writeFileSync(path.join(m, 'data/blob'), Buffer.alloc(70_000, 7));
  fs.linkSync(path.join(m, 'data/blob'), path.join(m, 'data/blob2'));
  fs.symlinkSync('keep.txt', path.join(m, 'link'));
  fs.writeFileSync(path.join(m, '.isolabenv'), 'FOO=1\n');
  lsetxattr(path.join(m, 'keep.txt'), 'user.bin', BINARY); // copies keep.txt up with a binary xattr
}

/** Unpacks a committed tar over the lower layer and returns the merged view. */
async function viewAfterRoundTrip(t: ExecutionContext, c: Container, tar: string): Promise<string[]> {
  const layer = path.join(c.tmp, 'committed');
  await unpackLayer(tar, layer);
  const target = path.join(c.tmp, 'check');
  fs.mkdirSync(target);
  const ov = await mountOverlay(t, { lowers: [layer, c.lower], target });
  try {
    return listTree(target);
  } finally {
    await ov.umount();
  }
}

rootTest('commit turns overlay deletions into .wh. entries and leaves out the init layer', async (t) => {
  const c = await runContainer(t, typicalChanges);
  const out = path.join(c.tmp, 'layer.tar');
  await commitLayer(c.upper, out, { exclude: EXCLUDE });
  const entries = await readTar(fs.readFileSync(out));
  const names = entries.map((e) => e.name);
  t.true(names.includes('.wh.gone.txt'));
  t.true(names.includes('olddir/.wh..wh..opq'), 'rm -rf + mkdir gives an opaque directory');
  t.is(names.indexOf('olddir/.wh..wh..opq'), names.indexOf('olddir/') + 1, 'the opaque marker follows its directory');
  t.true(names.includes('olddir/new'));
  t.true(names.includes('etc/app.conf'));
  for (const n of ['etc/hostname', 'etc/.wh.hostname', 'etc/hosts', 'etc/.wh.hosts', '.isolabenv', '.wh..isolabenv']) t.false(names.includes(n), `${n} is not in the layer`);
  t.like(entries.find((e) => e.name === 'data/blob2'), { type: 'link', linkname: 'data/blob' });
  t.like(entries.find((e) => e.name === 'chmod.txt'), { mode: 0o600 });
  t.like(entries.find((e) => e.name === 'link'), { type: 'symlink', linkname: 'keep.txt' });
  t.false(names.some((n) => n.includes('olddir/a') || n.includes('olddir/b')), 'the opaque directory does not carry the lower contents');
  const gnu = await execa('tar', ['-tvf', out]);
  t.regex(gnu.stdout, /\.wh\.gone\.txt/, 'GNU tar reads the layer');
});

rootTest('committing the same upper twice gives the same digest', async (t) => {
  const c = await runContainer(t, typicalChanges);
  const first = await commitLayer(c.upper, path.join(c.tmp, 'a.tar'), { exclude: EXCLUDE });
  const chunks: Buffer[] = [];
  const second = await commitLayer(c.upper, new Writable({ write: (chunk: Buffer, _e, cb) => (chunks.push(chunk), cb()) }), { exclude: EXCLUDE });
  t.deepEqual(second, first);
  t.is(first.digest, first.diffId);
  t.is(first.size, Buffer.concat(chunks).length);
  t.true(Buffer.concat(chunks).equals(fs.readFileSync(path.join(c.tmp, 'a.tar'))));
  const gz1 = await commitLayer(c.upper, path.join(c.tmp, 'a.tgz'), { exclude: EXCLUDE, compression: 'gzip' });
  const gz2 = await commitLayer(c.upper, path.join(c.tmp, 'b.tgz'), { exclude: EXCLUDE, compression: 'gzip' });
  t.is(gz1.digest, gz2.digest);
  t.is(gz1.diffId, first.diffId, 'the diffID does not depend on compression');
  t.not(gz1.digest, gz1.diffId);
});

rootTest('commit then unpack over the same lower shows the same merged view', async (t) => {
  const c = await runContainer(t, typicalChanges);
  const tar = path.join(c.tmp, 'layer.tar');
  await commitLayer(c.upper, tar, { exclude: EXCLUDE });
  const after = await viewAfterRoundTrip(t, c, tar);
  const skipInit = (lines: string[]): string[] => lines.filter((l) => !isExcluded(l.split(' ')[0]!));
  t.deepEqual(skipInit(after), skipInit(c.view));
  t.true(after.includes('etc/hostname f 644 0:0 t=1600000000 "lowerhost\\n"'), 'the excluded file shows the image version again');
  t.deepEqual(lgetxattr(path.join(c.tmp, 'committed', 'keep.txt'), 'user.bin'), BINARY, 'xattrs survive commit and unpack');
});

rootTest('a renamed directory (redirect_dir=on) is committed whole, as an opaque directory', async (t) => {
  const c = await runContainer(t, (m) => {
    fs.renameSync(path.join(m, 'renameme'), path.join(m, 'moved')); // relative redirect "renameme"
    fs.writeFileSync(path.join(m, 'moved/added'), 'added');
    fs.rmSync(path.join(m, 'moved/x'));
    fs.renameSync(path.join(m, 'moved/sub'), path.join(m, 'moved/sub2')); // a redirect inside a redirected directory
    fs.mkdirSync(path.join(m, 'newparent'));
    fs.renameSync(path.join(m, 'olddir/b'), path.join(m, 'newparent/b')); // absolute redirect "/olddir/b"
  }, ['redirect_dir=on']);
  t.truthy(fs.lstatSync(path.join(c.upper, 'moved')).isDirectory());
  const tar = path.join(c.tmp, 'layer.tar');
  const err = await t.throwsAsync(commitLayer(c.upper, tar, { exclude: EXCLUDE }), { instanceOf: ImageError });
  t.is(err?.entry, 'moved');
  t.false(fs.existsSync(tar), 'a failed commit leaves no file');
  await commitLayer(c.upper, tar, { exclude: EXCLUDE, lowerDirs: [c.lower] });
  const names = (await readTar(fs.readFileSync(tar))).map((e) => e.name);
  for (const n of ['.wh.renameme', 'moved/', 'moved/.wh..wh..opq', 'moved/added', 'moved/sub2/', 'moved/sub2/y', 'olddir/.wh.b', 'newparent/b/', 'newparent/b/.wh..wh..opq', 'newparent/b/c']) t.true(names.includes(n), `${n} is in the layer`);
  t.false(names.includes('moved/x'), 'the file deleted after the rename stays deleted');
  t.false(names.some((n) => n.startsWith('moved/sub/')), 'the old name inside the renamed directory is gone');
  t.deepEqual(await viewAfterRoundTrip(t, c, tar), c.view);
});

rootTest('excluded paths are normalized and a missing upper is an error', async (t) => {
  const c = await runContainer(t, (m) => fs.writeFileSync(path.join(m, 'etc/hostname'), 'x'));
  const r = await commitLayer(c.upper, path.join(c.tmp, 'l.tar'), { exclude: ['/etc/hostname/'] });
  const names = (await readTar(fs.readFileSync(path.join(c.tmp, 'l.tar')))).map((e) => e.name);
  t.deepEqual(names, ['etc/']);
  t.is(r.entries, 1);
  await t.throwsAsync(commitLayer(path.join(c.tmp, 'nope'), path.join(c.tmp, 'x.tar')), { instanceOf: ImageError });
});

rootTest('entries are in byte order of their UTF-8 names, also where UTF-16 order differs', async (t) => {
  const tmp = tempDir(t);
  const upper = path.join(tmp, 'upper');
  fs.mkdirSync(upper);
  for (const n of ['b', 'a', '\u00e9', '\u{1F600}', '\uE000', 'Z', '\uFFFD']) fs.writeFileSync(path.join(upper, n), n);
  await commitLayer(upper, path.join(tmp, 'l.tar'));
  const names = (await readTar(fs.readFileSync(path.join(tmp, 'l.tar')))).map((e) => e.name);
  t.deepEqual(names, ['Z', 'a', 'b', '\u00e9', '\uE000', '\uFFFD', '\u{1F600}'], 'U+E000 and U+FFFD (EE…, EF…) before U+1F600 (F0…)');
});

rootTest('a file name that is not valid UTF-8 is refused, not mangled', async (t) => {
  const tmp = tempDir(t);
  const upper = path.join(tmp, 'upper');
  fs.mkdirSync(upper);
  fs.writeFileSync(Buffer.concat([Buffer.from(`${upper}/bad-`), Buffer.from([0xff])]), 'x');
  await t.throwsAsync(commitLayer(upper, path.join(tmp, 'l.tar')), { instanceOf: ImageError, message: /bad-\uFFFD".*not valid UTF-8/ });
  t.false(fs.existsSync(path.join(tmp, 'l.tar')));
});
