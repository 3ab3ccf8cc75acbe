// buildImage: descriptions validated with errors that name the field, layers written as OCI
// tars with .wh. entries, and the merged view a container on the built-in runtime sees
// (probe ls / probe cat from inside) following the OCI layer rules, up to tall stacks.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildImage } from './build-image.js';
import { ImageError } from './errors.js';
import { readDescription } from './image-description.js';
import { ensureDefaultStoreImage, imageLayerDirs, MAX_RUN_LAYERS } from './image-rootfs.js';
import { newStore, probeCat, probeLs } from './image-test-support.js';
import { readTar } from './test-support.js';

const rootTest = process.getuid?.() === 0 ? test : test.skip;

rootTest('bad descriptions are refused, naming the field, and leave the store empty', async (t) => {
  const { store, work } = newStore(t);
  const cases: Array<[unknown, RegExp]> = [
    [{}, /field layers: Required/],
    [{ layers: [] }, /field layers: must list at least one layer/],
    [{ layers: [{ ops: [{ add: '/a', mode: 644 }] }] }, /field layers\[0\]\.ops\[0\]\.mode: must be an octal string .*quote it/],
    [{ layers: [{ ops: [{ add: '/a', mode: '0999' }] }] }, /field layers\[0\]\.ops\[0\]\.mode: must be an octal string/],
    [{ layers: [{ ops: [{ add: '/a', mkdir: '/b' }] }] }, /field layers\[0\]\.ops\[0\]: must have exactly one of add, mkdir, delete, opaque, symlink, hardlink \(it has add and mkdir\)/],
    [{ layers: [{ ops: [{ copy: '/a' }] }] }, /field layers\[0\]\.ops\[0\]: must have exactly one of/],
    [{ layers: [{ ops: [{ add: '/a', colour: 'red' }] }] }, /field layers\[0\]\.ops\[0\]: Unrecognized key\(s\) in object: 'colour'/],
    [{ layers: [{ ops: [] }, { ops: [{ delete: '../../etc/passwd' }] }] }, /field layers\[1\]\.ops\[0\]\.delete: "\.\.\/\.\.\/etc\/passwd" has the component "\.\."/],
    [{ layers: [{ ops: [{ add: '/x/.wh.y' }] }] }, /field layers\[0\]\.ops\[0\]\.add: .*"\.wh\.y"/],
    [{ layers: [{ ops: [{ opaque: '/' }] }] }, /field layers\[0\]\.ops\[0\]\.opaque: "\/" is the root/],
    [{ layers: [{ ops: [{ add: '/a' }, { hardlink: '/b', target: '/c' }] }] }, /layers\[0\]\.ops\[1\]\.target: "\/c" is not a file added earlier in this layer/],
    [{ layers: [{ ops: [{ add: '/a' }, { add: '/a/b' }] }] }, /layers\[0\]\.ops\[1\]\.add: "\/a" is a file in this layer/],
    [{ layers: [{ ops: [{ add: '/a' }, { delete: '/a' }] }] }, /layers\[0\]\.ops\[1\]\.delete: "\/a" was added by this same layer/],
    [{ from: 'nope', layers: [{ ops: [] }] }, /field from: there is no image "nope"/],
    [{ layers: Array.from({ length: 501 }, () => ({ ops: [] })) }, /field layers: at most 500 layers/],
  ];
  for (const [d, message] of cases) await t.throwsAsync(buildImage(store, d, 'bad'), { instanceOf: ImageError, message }, JSON.stringify(d).slice(0, 80));
  t.deepEqual(store.listImages(), []);
  t.deepEqual(store.listLayers(), [], 'a layer imported before a later one was refused is removed again');
  fs.writeFileSync(path.join(work, 'd.yaml'), 'layers:\n  - ops:\n      - add: /a\n        mode: 0644\n');
  t.throws(() => readDescription(path.join(work, 'd.yaml')), { instanceOf: ImageError, message: /d\.yaml": field layers\[0\]\.ops\[0\]\.mode: must be an octal string/ });
  fs.writeFileSync(path.join(work, 'e.yaml'), 'layers: [');
  t.throws(() => readDescription(path.join(work, 'e.yaml')), { instanceOf: ImageError, message: /e\.yaml": not valid YAML or JSON/ });
});

rootTest('a layer is an OCI tar: deletions are .wh. entries, opaque directories carry .wh..wh..opq, and a build is reproducible', async (t) => {
  const { store } = newStore(t);
  const d = { layers: [{ ops: [{ mkdir: '/d' }, { add: '/d/f', content: 'f' }] }, { ops: [{ delete: '/d/f' }, { opaque: '/o', mode: '0700' }] }] };
  const a = await buildImage(store, d, 'one');
  const b = await buildImage(store, d, 'two');
  t.deepEqual(b.image.layers, a.image.layers, 'the same description gives the same layers');
  t.deepEqual(b.image.config, a.image.config);
  t.true(b.layers.every((l) => l.reused));
  const top = await readTar(fs.readFileSync(store.blobPath(a.layers[1]!.digest)));
  t.deepEqual(top.map((e) => [e.name, e.type]), [['d/.wh.f', 'file'], ['o/', 'directory'], ['o/.wh..wh..opq', 'file']]);
  t.is(top[1]!.mode, 0o700);
});

rootTest('from inside a container: deletions, delete then re-create, opaque directories, symlinks and hardlinks', async (t) => {
  const { store } = newStore(t);
  const base = await ensureDefaultStoreImage(store);
  await buildImage(store, {
    from: base.name,
    layers: [
      { ops: [
        { mkdir: '/data' }, { add: '/data/a', content: 'a1' }, { add: '/data/b', content: 'b' },
        { mkdir: '/data/sub' }, { add: '/data/sub/old1', content: '1' }, { add: '/data/sub/old2', content: '2' },
        { add: '/data/h1', content: 'linked' }, { hardlink: '/data/h2', target: '/data/h1' },
      ] },
      { ops: [{ delete: '/data/a' }, { delete: '/data/sub' }, { opaque: '/etc' }, { add: '/etc/only', content: 'only' }] },
      { ops: [{ add: '/data/a', content: 'a2' }, { mkdir: '/data/sub' }, { add: '/data/sub/new', content: 'new' }, { symlink: '/data/link', target: 'b' }] },
    ],
  }, 'test/view');
  const data = await probeLs(store, 'test/view', '/data');
  t.deepEqual(data.map((e) => [e.name, e.type]), [['a', 'file'], ['b', 'file'], ['h1', 'file'], ['h2', 'file'], ['link', 'symlink'], ['sub', 'dir']]);
  t.is(await probeCat(store, 'test/view', '/data/a'), 'a2', 'deleted in one layer, created again in the next');
  t.deepEqual((await probeLs(store, 'test/view', '/data/sub')).map((e) => e.name), ['new'], 'a directory deleted and re-created shows none of the old entries');
  t.deepEqual(data.filter((e) => e.name.startsWith('h')).map((e) => e.nlink), [2, 2], 'a hardlink pair of one layer stays one inode');
  t.is(data.find((e) => e.name === 'link')?.link_target, 'b');
  t.deepEqual((await probeLs(store, 'test/view', '/etc')).map((e) => e.name).filter((n) => !['hostname', 'hosts', 'resolv.conf', 'mtab'].includes(n)), ['only'], 'the opaque /etc hides the base image\'s files');
  t.is(await probeCat(store, 'test/view', '/etc/passwd'), null);
});

rootTest('a stack of 120 built layers is mounted and each layer shows through', async (t) => {
  const { store } = newStore(t);
  const base = await ensureDefaultStoreImage(store);
  const layers = Array.from({ length: 120 }, (_, i) => ({
    ops: [
      { add: `/stack/f${i}`, content: String(i) },
      { add: '/stack/top', content: String(i) },
      ...(i % 10 === 9 ? [{ delete: `/stack/f${i - 1}` }] : []),
    ],
  }));
  const r = await buildImage(store, { from: base.name, layers }, 'test/tall');
  t.is(r.image.layers.length, 121);
  const names = (await probeLs(store, 'test/tall', '/stack')).map((e) => e.name);
  t.is(names.filter((n) => n.startsWith('f')).length, 120 - 12, 'every tenth layer deleted the file of the layer below');
  t.false(names.includes('f8'));
  t.true(names.includes('f9'));
  t.is(await probeCat(store, 'test/tall', '/stack/top'), '119', 'the top layer wins');
  t.is(await probeCat(store, 'test/tall', '/stack/f0'), '0', 'the lowest built layer shows through 119 others');
});

rootTest('the tallest stack a container takes (498 image layers) mounts through fsconfig, and a taller one is refused by name', async (t) => {
  const { store } = newStore(t);
  const base = await ensureDefaultStoreImage(store);
  const layers = Array.from({ length: MAX_RUN_LAYERS - 1 }, (_, i) => ({ ops: [{ add: `/stack/f${i}`, content: String(i) }, { add: '/stack/top', content: String(i) }] }));
  const r = await buildImage(store, { from: base.name, layers }, 'test/tallest');
  t.is(r.image.layers.length, MAX_RUN_LAYERS);
  t.true(imageLayerDirs(store, 'test/tallest').join(':').length > 4096, 'the lowerdir string is longer than a page');
  t.is(await probeCat(store, 'test/tallest', '/stack/top'), String(MAX_RUN_LAYERS - 2));
  t.is((await probeLs(store, 'test/tallest', '/stack')).length, MAX_RUN_LAYERS);
  await buildImage(store, { from: 'test/tallest', layers: [{ ops: [] }, { ops: [] }] }, 'test/500');
  t.is(store.getImage('test/500')!.layers.length, 500, 'a build may reach overlayfs\'s 500 (for export)');
  t.throws(() => imageLayerDirs(store, 'test/500'), { instanceOf: ImageError, message: /"test\/500": has 500 layers; a container stacks at most 498/ });
});
