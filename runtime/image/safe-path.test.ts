// Malicious layers: each is refused with an ImageError naming the entry, the partial layer
// is removed, and nothing outside the destination is created or changed.
import test, { type ExecutionContext } from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ImageError } from './errors.js';
import { LayerTree, normalizeEntryPath } from './safe-path.js';
import { buildTar, namesIn, tempDir, type TestEntry } from './test-support.js';
import { unpackLayer } from './unpack-layer.js';

const rootTest = process.getuid?.() === 0 ? test : test.skip;

test('entry paths are made relative and ".." is resolved lexically', (t) => {
  t.is(normalizeEntryPath('/etc/passwd', 'e'), 'etc/passwd');
  t.is(normalizeEntryPath('./a//b/./c/', 'e'), 'a/b/c');
  t.is(normalizeEntryPath('a/../b', 'e'), 'b');
  t.is(normalizeEntryPath('./', 'e'), '');
  t.throws(() => normalizeEntryPath('../x', 'e'), { instanceOf: ImageError, message: /climbs out/ });
  t.throws(() => normalizeEntryPath('/abs/../../x', 'e'), { instanceOf: ImageError, message: /climbs out/ });
});

test('the layer tree refuses parents that are symlinks or files', (t) => {
  const tree = new LayerTree();
  tree.set('d', 'dir');
  tree.set('s', 'symlink');
  tree.set('f', 'file');
  t.deepEqual(tree.missingAncestors('d/x/y', 'e'), [{ path: 'd/x', replacesWhiteout: false }]);
  t.throws(() => tree.missingAncestors('s/x', 'e'), { message: /symlink/ });
  t.throws(() => tree.missingAncestors('f/x', 'e'), { message: /not a directory/ });
  t.throws(() => tree.hardlinkTarget('nope', 'e'), { message: /not in this layer/ });
  t.is(tree.hardlinkTarget('/f', 'e'), 'f');
});

/** A scratch area: `dest` (the layer, not created yet) and `outside`, a sibling that must stay untouched. */
function scratch(t: ExecutionContext): { dest: string; outside: string; root: string } {
  const root = tempDir(t);
  const outside = path.join(root, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'victim'), 'original');
  return { root, dest: path.join(root, 'layers', 'new'), outside };
}

async function refused(t: ExecutionContext, dest: string, entries: TestEntry[], entry: string): Promise<ImageError | undefined> {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const err = await t.throwsAsync(unpackLayer(Readable.from(await buildTar(entries)), dest), { instanceOf: ImageError });
  t.is(err?.entry, entry, err?.message);
  t.false(fs.existsSync(dest), 'the partial layer is removed');
  return err;
}

rootTest('"../escape" is refused and nothing is written next to the layer', async (t) => {
  const { dest, root } = scratch(t);
  await refused(t, dest, [{ name: 'fine', content: 'x' }, { name: '../escape', content: 'pwned' }], '../escape');
  t.false(fs.existsSync(path.join(root, 'layers', 'escape')));
  t.deepEqual(namesIn(path.join(root, 'layers')), []);
});

rootTest('"/abs/../../x" is refused', async (t) => {
  const { dest, root } = scratch(t);
  const marker = `/isolab-test-escape-${process.pid}`;
  await refused(t, dest, [{ name: `/abs/../..${marker}`, content: 'pwned' }], `/abs/../..${marker}`);
  t.false(fs.existsSync(marker));
  t.false(fs.existsSync(path.join(root, marker)));
});

rootTest('writing through a symlink to an outside directory is refused', async (t) => {
  const { dest, outside } = scratch(t);
  await refused(t, dest, [{ name: 'evil', type: 'symlink', linkname: outside }, { name: 'evil/file', content: 'pwned' }], 'evil/file');
  t.deepEqual(namesIn(outside), ['victim']);
});

rootTest('writing through a relative symlink that climbs out is refused', async (t) => {
  const { dest, root } = scratch(t);
  await refused(t, dest, [{ name: 'up', type: 'symlink', linkname: '../..' }, { name: 'up/outside/new', content: 'pwned' }], 'up/outside/new');
  t.false(fs.existsSync(path.join(root, 'outside', 'new')));
});

rootTest('writing through a symlink inside the layer is refused too (never follow)', async (t) => {
  const { dest } = scratch(t);
  await refused(t, dest, [{ name: 'real', type: 'directory' }, { name: 'alias', type: 'symlink', linkname: 'real' }, { name: 'alias/f', content: 'x' }], 'alias/f');
});

rootTest('a hardlink to a symlink does not become a way through it', async (t) => {
  const { dest, outside } = scratch(t);
  await refused(t, dest, [{ name: 'evil', type: 'symlink', linkname: outside }, { name: 'h', type: 'link', linkname: 'evil' }, { name: 'h/victim', content: 'pwned' }], 'h/victim');
  t.is(fs.readFileSync(path.join(outside, 'victim'), 'utf8'), 'original');
});

rootTest('a hardlink to /etc/passwd is refused and the host file keeps its link count', async (t) => {
  const { dest } = scratch(t);
  const before = fs.statSync('/etc/passwd').nlink;
  const err = await refused(t, dest, [{ name: 'passwd', type: 'link', linkname: '/etc/passwd' }], 'passwd');
  t.regex(err?.message ?? '', /not in this layer/);
  t.is(fs.statSync('/etc/passwd').nlink, before);
});

rootTest('a hardlink to ../x is refused', async (t) => {
  const { dest, outside } = scratch(t);
  await refused(t, dest, [{ name: 'h', type: 'link', linkname: '../../outside/victim' }], 'h');
  t.is(fs.statSync(path.join(outside, 'victim')).nlink, 1);
});

rootTest('a hardlink to an entry that is not there is refused', async (t) => {
  const { dest } = scratch(t);
  await refused(t, dest, [{ name: 'h', type: 'link', linkname: 'later' }, { name: 'later', content: 'x' }], 'h');
});

rootTest('a file replacing a symlink replaces the link, not its target', async (t) => {
  const { dest, outside } = scratch(t);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  await unpackLayer(Readable.from(await buildTar([{ name: 's', type: 'symlink', linkname: path.join(outside, 'victim') }, { name: 's', content: 'mine' }])), dest);
  t.is(fs.readFileSync(path.join(outside, 'victim'), 'utf8'), 'original');
  t.true(fs.lstatSync(path.join(dest, 's')).isFile());
  t.is(fs.readFileSync(path.join(dest, 's'), 'utf8'), 'mine');
});

test('device nodes are refused when devices are not allowed', async (t) => {
  const root = tempDir(t);
  const err = await t.throwsAsync(unpackLayer(Readable.from(await buildTar([{ name: 'sda', type: 'block-device', devmajor: 8, devminor: 0 }])), path.join(root, 'l'), { allowDevices: false }), { instanceOf: ImageError });
  t.is(err?.entry, 'sda');
  t.deepEqual(namesIn(root), []);
});
