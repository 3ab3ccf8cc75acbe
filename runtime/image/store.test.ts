// ImageStore: layers unpacked once and shared, images recorded atomically, unreferenced
// layers removed with their image, a crashed import leaving nothing under layers/, and a
// stack of 128 store layers mounted as one overlay.
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { ImageError } from './errors.js';
import { ImageStore, type Digest } from './store.js';
import { buildTar, mountOverlay, namesIn, tempDir } from './test-support.js';

const rootTest = process.getuid?.() === 0 ? test : test.skip;

async function tarFile(t: ExecutionContext, dir: string, name: string, files: Record<string, string>, gzip = false): Promise<string> {
  const p = path.join(dir, name);
  fs.writeFileSync(p, await buildTar(Object.entries(files).map(([n, content]) => ({ name: n, content })), { gzip }));
  t.teardown(() => fs.rmSync(p, { force: true }));
  return p;
}

function newStore(t: ExecutionContext): { store: ImageStore; work: string } {
  const work = tempDir(t);
  return { store: new ImageStore(path.join(work, 'store')), work };
}

rootTest('a layer is unpacked once: a second import of the same tar, plain or gzip, reuses it', async (t) => {
  const { store, work } = newStore(t);
  const plain = await tarFile(t, work, 'l.tar', { 'etc/motd': 'hello' });
  const gz = await tarFile(t, work, 'l.tgz', { 'etc/motd': 'hello' }, true);
  const a = await store.importLayerTar(plain);
  t.false(a.reused);
  t.is(a.digest, a.diffId);
  const dir = store.layerDir(a.diffId);
  t.is(fs.readFileSync(path.join(dir, 'etc/motd'), 'utf8'), 'hello');
  const ino = fs.statSync(dir).ino;
  const b = await store.importLayerTar(plain);
  const c = await store.importLayerTar(gz);
  t.like(b, { reused: true, diffId: a.diffId });
  t.like(c, { reused: true, diffId: a.diffId, compression: 'gzip' });
  t.not(c.digest, a.digest);
  t.is(fs.statSync(store.layerDir(a.diffId)).ino, ino, 'the same directory, not a new unpack');
  t.true(fs.existsSync(store.blobPath(a.digest)) && fs.existsSync(store.blobPath(c.digest)), 'both blobs are kept');
  t.is(fs.realpathSync(path.join(store.root, store.layerLink(a.diffId))), dir, 'the short link leads to the layer root');
  t.deepEqual(store.listLayers(), [a.diffId]);
  t.deepEqual(namesIn(path.join(store.root, 'tmp')), []);
});

rootTest('images are recorded, listed and removed with the layers no other image uses', async (t) => {
  const { store, work } = newStore(t);
  const base = await store.importLayerTar(await tarFile(t, work, 'base.tar', { 'bin/sh': 'sh' }));
  const app = await store.importLayerTar(await tarFile(t, work, 'app.tar', { 'app/run': 'run' }));
  const other = await store.importLayerTar(await tarFile(t, work, 'other.tar', { 'srv/x': 'x' }));
  store.putImage('library/app:1.0', [base.diffId, app.diffId], { Env: ['A=1'] });
  store.putImage('other', [base.diffId, other.diffId], {});
  t.deepEqual(store.getImage('library/app:1.0'), { schemaVersion: 1, name: 'library/app:1.0', layers: [base.diffId, app.diffId], config: { Env: ['A=1'] } });
  t.deepEqual(store.listImages().map((i) => i.name), ['library/app:1.0', 'other']);
  t.is(store.getImage('missing'), undefined);
  t.deepEqual(store.removeImage('library/app:1.0'), [app.diffId], 'the shared base layer stays');
  t.false(store.hasLayer(app.diffId));
  t.false(fs.existsSync(store.blobPath(app.digest)));
  t.true(store.hasLayer(base.diffId));
  t.deepEqual(store.listImages().map((i) => i.name), ['other']);
  t.deepEqual(store.removeImage('other').sort(), [base.diffId, other.diffId].sort());
  t.deepEqual(store.listLayers(), []);
  t.deepEqual(namesIn(path.join(store.root, 'l')), [], 'no link is left');
  t.deepEqual(namesIn(path.join(store.root, 'blobs/sha256')), []);
});

rootTest('bad store input is an ImageError that changes nothing', async (t) => {
  const { store, work } = newStore(t);
  const l = await store.importLayerTar(await tarFile(t, work, 'l.tar', { f: 'x' }));
  const missing = `sha256:${'0'.repeat(64)}` as Digest;
  t.throws(() => store.putImage('img', [l.diffId, missing], {}), { instanceOf: ImageError, message: /not in the store/ });
  t.throws(() => store.putImage('../escape', [l.diffId], {}), { instanceOf: ImageError, message: /invalid image name/ });
  t.throws(() => store.layerDir('sha256:nothex' as Digest), { instanceOf: ImageError, message: /not a sha256 digest/ });
  t.throws(() => store.removeImage('img'), { instanceOf: ImageError, message: /no such image/ });
  t.deepEqual(store.listImages(), []);
  const evil = path.join(work, 'evil.tar');
  fs.writeFileSync(evil, await buildTar([{ name: '../../escape', content: 'x' }]));
  await t.throwsAsync(store.importLayerTar(evil), { instanceOf: ImageError, message: /climbs out/ });
  t.deepEqual(store.listLayers(), [l.diffId], 'a refused layer is not added');
  t.deepEqual(namesIn(path.join(store.root, 'blobs/sha256')), [l.digest.slice(7)], 'nor its blob');
  t.deepEqual(namesIn(path.join(store.root, 'tmp')), []);
});

rootTest('an import killed mid-unpack leaves nothing under layers/, and the next run cleans up', async (t) => {
  const { store, work } = newStore(t);
  const files: Record<string, string> = {};
  for (let i = 0; i < 20_000; i++) files[`d${i % 50}/f${i}`] = `${i}`;
  const big = await tarFile(t, work, 'big.tar', files);
  const script = `import { ImageStore } from ${JSON.stringify(path.resolve('runtime/image/store.ts'))}; await new ImageStore(process.argv[1]).importLayerTar(process.argv[2]);`;
  const child = execa('node', ['--import=tsx', '--input-type=module', '-e', script, store.root, big], { reject: false });
  t.teardown(async () => {
    child.kill('SIGKILL'); // before the temp dir goes, even when the test failed early
    await child;
  });
  const tmp = path.join(store.root, 'tmp');
  const unpacking = (): boolean => fs.existsSync(tmp) && namesIn(tmp).some((n) => n.startsWith('layer-') && fs.existsSync(path.join(tmp, n, 'root/d0')));
  for (let i = 0; i < 600 && !unpacking(); i++) await new Promise((r) => setTimeout(r, 20));
  t.true(unpacking(), 'the child got to unpacking');
  child.kill('SIGKILL');
  await child;
  t.deepEqual(namesIn(path.join(store.root, 'layers/sha256')), [], 'no half layer');
  t.deepEqual(namesIn(path.join(store.root, 'blobs/sha256')), [], 'no blob without its layer');
  t.true(namesIn(tmp).length > 0, 'the crashed run left work in tmp/');
  const r = await store.importLayerTar(big);
  t.false(r.reused);
  t.deepEqual(namesIn(tmp), [], 'the dead process\'s work was removed');
  t.is(fs.readFileSync(path.join(store.layerDir(r.diffId), 'd7/f19957'), 'utf8'), '19957');
});

rootTest('a stack of 128 store layers mounts as one overlay through the short links', async (t) => {
  const { store, work } = newStore(t);
  const layers: Digest[] = [];
  for (let i = 0; i < 128; i++) {
    const r = await store.importLayerTar(await tarFile(t, work, `l${i}.tar`, { [`layer${i}`]: `${i}`, shared: `${i}` }));
    layers.push(r.diffId);
  }
  store.putImage('tall', layers, {});
  const lowers = [...store.getImage('tall')!.layers].reverse().map((d) => store.layerLink(d)); // overlay wants the top first
  const target = path.join(work, 'merged');
  fs.mkdirSync(target);
  const ov = await mountOverlay(t, { lowers, target, cwd: store.root });
  try {
    t.true(ov.options.length < 4096, `option string of ${ov.options.length} bytes fits a page`);
    t.is(namesIn(target).length, 129);
    t.is(fs.readFileSync(path.join(target, 'shared'), 'utf8'), '127', 'the top layer wins');
    t.is(fs.readFileSync(path.join(target, 'layer0'), 'utf8'), '0');
  } finally {
    await ov.umount();
  }
});
