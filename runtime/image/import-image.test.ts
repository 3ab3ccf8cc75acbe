// importImage on OCI layouts and docker save archives assembled by hand: layers unpacked
// once with their whiteouts, configs kept byte for byte, documents validated with errors
// that name the file and field, and malicious images refused with the store and the host
// left exactly as they were.
import test, { type ExecutionContext } from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { ImageError } from './errors.js';
import { archiveOf, assertStoreEmpty, dockerSaveEntries, newStore, ociLayoutFiles, sha256, testConfig, testLayer, writeTree, type TestLayer } from './image-test-support.js';
import { importImage } from './import-image.js';
import type { Digest } from './store-records.js';
import { buildTar, listTree, mountOverlay, type TestEntry } from './test-support.js';

const rootTest = process.getuid?.() === 0 ? test : test.skip;

const BASE: TestEntry[] = [
  { name: 'etc/', type: 'directory' }, { name: 'etc/os-release', content: 'ID=hand\n' },
  { name: 'data/', type: 'directory' }, { name: 'data/a', content: 'a' }, { name: 'data/b', content: 'b' },
  { name: 'data/sub/', type: 'directory' }, { name: 'data/sub/x', content: 'x' },
];
const TOP: TestEntry[] = [
  { name: 'data/', type: 'directory' }, { name: 'data/.wh.a', content: '' }, { name: 'data/c', content: 'c' },
  { name: 'data/sub/', type: 'directory' }, { name: 'data/sub/.wh..wh..opq', content: '' }, { name: 'data/sub/y', content: 'y' },
];

async function twoLayers(): Promise<TestLayer[]> {
  return [await testLayer(BASE, true), await testLayer(TOP)];
}

/** The merged view of an image's layers, from a real overlay mount. */
async function mergedView(t: ExecutionContext, dirs: string[], work: string): Promise<string[]> {
  const target = fs.mkdtempSync(path.join(work, 'merged-'));
  const ov = await mountOverlay(t, { lowers: [...dirs].reverse(), target });
  try {
    return listTree(target, { mtimes: false });
  } finally {
    await ov.umount();
  }
}

const EXPECTED_VIEW = ['data d 755 0:0', 'data/b f 644 0:0 "b"', 'data/c f 644 0:0 "c"', 'data/sub d 755 0:0', 'data/sub/y f 644 0:0 "y"', 'etc d 755 0:0', 'etc/os-release f 644 0:0 "ID=hand\\n"'];

rootTest('an OCI layout directory made by hand imports: whiteouts applied, config kept byte for byte, name from the index', async (t) => {
  const { store, work } = newStore(t);
  const layers = await twoLayers();
  const config = testConfig(layers);
  writeTree(path.join(work, 'layout'), ociLayoutFiles(layers, { name: 'hand/oci:1', config }));
  const r = await importImage(store, path.join(work, 'layout'));
  t.is(r.format, 'oci');
  t.is(r.image.name, 'hand/oci:1');
  t.deepEqual(r.image.layers, layers.map((l) => l.diffId as Digest));
  t.is(r.image.configDigest, `sha256:${sha256(config)}`);
  t.true(store.readBlob(r.image.configDigest!)?.equals(config), 'the config blob is the original bytes');
  t.deepEqual(r.image.blobs, layers.map((l) => `sha256:${sha256(l.blob)}`), 'the gzip blob is kept as it came');
  t.deepEqual(await mergedView(t, r.image.layers.map((l) => store.layerDir(l)), work), EXPECTED_VIEW);
});

rootTest('the same layout as a plain or gzip archive, and a docker save archive, import to the same layers without unpacking them again', async (t) => {
  const { store, work } = newStore(t);
  const layers = await twoLayers();
  const files = ociLayoutFiles(layers, { name: 'hand/oci:1' });
  fs.writeFileSync(path.join(work, 'oci.tar'), await archiveOf(files));
  fs.writeFileSync(path.join(work, 'oci.tar.gz'), await archiveOf(files, true));
  const a = await importImage(store, path.join(work, 'oci.tar'));
  const b = await importImage(store, path.join(work, 'oci.tar.gz'), { name: 'again' });
  t.deepEqual(a.layers.map((l) => l.reused), [false, false]);
  t.deepEqual(b.layers.map((l) => l.reused), [true, true]);
  t.deepEqual(b.image.layers, a.image.layers);
  // docker save: plain layer.tar files; the same layer twice is a symlink to the first copy.
  const plain = [await testLayer(BASE), await testLayer(TOP), await testLayer(BASE)];
  fs.writeFileSync(path.join(work, 'docker.tar'), await buildTar(dockerSaveEntries(plain, { tags: ['hand/docker:2'] })));
  const d = await importImage(store, path.join(work, 'docker.tar'));
  t.like(d, { format: 'docker' });
  t.is(d.image.name, 'hand/docker:2');
  t.deepEqual(d.image.layers, plain.map((l) => l.diffId as Digest));
  t.is(d.image.layers[1], a.image.layers[1], 'the plain top layer is the gzip one decompressed');
  t.deepEqual(d.layers.map((l) => l.reused), [true, true, true], 'a layer is one diffID whether its blob is gzip or plain: none is unpacked again');
  t.is(store.layerInfo(d.image.layers[0]!).blobs.length, 2, 'the base layer keeps both of its blobs');
  t.deepEqual(store.listImages().map((i) => i.name), ['again', 'hand/docker:2', 'hand/oci:1']);
});

rootTest('an index with several images needs a name to pick one', async (t) => {
  const { store, work } = newStore(t);
  const one = ociLayoutFiles([await testLayer(BASE)], { name: 'first' });
  const two = ociLayoutFiles([await testLayer(TOP)], { name: 'second' });
  const index = { schemaVersion: 2, manifests: [one, two].flatMap((f) => (JSON.parse(f.get('index.json')!.toString()) as { manifests: unknown[] }).manifests) };
  const files = new Map([...one, ...two, ['index.json', Buffer.from(JSON.stringify(index))]]);
  writeTree(path.join(work, 'layout'), files);
  await t.throwsAsync(importImage(store, path.join(work, 'layout')), { instanceOf: ImageError, message: /lists 2 images \(first, second\).*--name/ });
  const r = await importImage(store, path.join(work, 'layout'), { name: 'second' });
  t.deepEqual(r.image.layers, [(await testLayer(TOP)).diffId as Digest]);
});

rootTest('invalid documents are refused with the file and the field named', async (t) => {
  const { store, work } = newStore(t);
  const layers = [await testLayer(BASE)];
  const cases: Array<[string, Map<string, Buffer>, RegExp]> = [
    ['bad index digest', ociLayoutFiles(layers, { tamper: { index: (i) => ((i.manifests as Array<Record<string, unknown>>)[0]!.digest = 'sha256:xyz') } }), /index\.json.*field manifests\[0\]\.digest: must be sha256/],
    ['no manifests field', new Map([['index.json', Buffer.from('{"schemaVersion":2}')]]), /index\.json.*field manifests: Required/],
    ['zstd layer', ociLayoutFiles(layers, { tamper: { manifest: (m) => ((m.layers as Array<Record<string, unknown>>)[0]!.mediaType = 'application/vnd.oci.image.layer.v1.tar+zstd') } }), /field layers\[0\]\.mediaType: .*zstd.* is not a layer type/],
    ['diff_ids count', ociLayoutFiles(layers, { config: testConfig([...layers, ...layers]) }), /field rootfs\.diff_ids lists 2 layers, the manifest 1/],
    ['not JSON', new Map([['index.json', Buffer.from('{')]]), /index\.json.*not valid JSON/],
  ];
  for (const [what, files, message] of cases) {
    const dir = path.join(work, what.replace(/ /g, '-'));
    writeTree(dir, files);
    await t.throwsAsync(importImage(store, dir, { name: 'x' }), { instanceOf: ImageError, message }, what);
  }
  fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify([{ Config: 'c.json', Layers: 'l.tar' }]));
  fs.writeFileSync(path.join(work, 'docker.tar'), await buildTar([{ name: 'manifest.json', content: fs.readFileSync(path.join(work, 'manifest.json')) }]));
  await t.throwsAsync(importImage(store, path.join(work, 'docker.tar'), { name: 'x' }), { instanceOf: ImageError, message: /docker\.tar:manifest\.json.*field \[0\]\.Layers: Expected array/ });
  assertStoreEmpty(t, store);
});

rootTest('malicious images are refused, the store keeps nothing of them, and nothing outside it is touched', async (t) => {
  const { store, work } = newStore(t);
  const good = await testLayer(BASE);
  const outside = path.join(work, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'layer.tar'), good.blob); // a real layer, where a manifest must not reach
  const before = fs.readdirSync(work).sort();
  const evilLayer = await testLayer([{ name: 'data/', type: 'directory' }, { name: '../../escape', content: 'pwned' }]);
  const swapped = ociLayoutFiles([good]);
  const altered = Buffer.from(good.blob);
  altered[altered.indexOf('ID=hand')] = 0x58; // same size, still a valid tar: only the digest tells
  swapped.set(`blobs/sha256/${sha256(good.blob)}`, altered);
  const forged = ociLayoutFiles([good]);
  const manifestName = `blobs/sha256/${(JSON.parse(forged.get('index.json')!.toString()) as { manifests: Array<{ digest: string }> }).manifests[0]!.digest.slice(7)}`;
  const m = forged.get(manifestName)!.toString();
  const at = m.indexOf('"digest": "sha256:') + 18;
  forged.set(manifestName, Buffer.from(`${m.slice(0, at)}${m[at] === '0' ? '1' : '0'}${m.slice(at + 1)}`)); // another config digest, same size
  const cases: Array<[string, Buffer | Map<string, Buffer>, RegExp]> = [
    ['layer digest mismatch (archive)', await archiveOf(swapped), /digest mismatch: .*layers\[0\]\.digest is sha256:/],
    ['layer digest mismatch (directory)', swapped, /blob digest mismatch/],
    ['manifest digest mismatch', await archiveOf(forged), /blobs\/sha256\/[0-9a-f]{64}": digest mismatch: index\.json manifests\[0\]\.digest is sha256:/],
    ['layer path climbing out', await buildTar(dockerSaveEntries([good], { layerPaths: [`../${path.relative(work, outside)}/layer.tar`] })), /Layers\[0\] ".*\.\.\/outside\/layer\.tar" is not a path inside the image/],
    ['absolute layer path', await buildTar(dockerSaveEntries([good], { layerPaths: [path.join(outside, 'layer.tar')] })), /Layers\[0\] ".*" is not a path inside the image \(absolute/],
    ['absolute config path', await buildTar(dockerSaveEntries([good], { configPath: '/etc/passwd' })), /Config "\/etc\/passwd" is not a path inside the image/],
    ['tampered docker layer', await buildTar(dockerSaveEntries([good], { config: testConfig([{ ...good, diffId: `sha256:${sha256('x')}` }]) })), /layer diffID mismatch: the config's rootfs\.diff_ids\[0\]/],
    ['layer entry climbing out, after a good layer', await buildTar(dockerSaveEntries([good, evilLayer])), /entry "\.\.\/\.\.\/escape".*climbs out of the layer/],
  ];
  for (const [what, src, message] of cases) {
    const p = path.join(work, `case-${what.replace(/[^a-z]+/g, '-')}`);
    if (Buffer.isBuffer(src)) fs.writeFileSync(p, src);
    else writeTree(p, src);
    await t.throwsAsync(importImage(store, p, { name: 'evil' }), { instanceOf: ImageError, message }, what);
    fs.rmSync(p, { recursive: true, force: true });
    assertStoreEmpty(t, store);
  }
  // A symlink in a layout directory that leads out of it.
  const linked = path.join(work, 'linked');
  writeTree(linked, ociLayoutFiles([good]));
  const blob = path.join(linked, 'blobs/sha256', sha256(good.blob));
  fs.rmSync(blob);
  fs.symlinkSync(path.join(outside, 'layer.tar'), blob);
  await t.throwsAsync(importImage(store, linked, { name: 'evil' }), { instanceOf: ImageError, message: /leads out of the image directory/ });
  fs.rmSync(linked, { recursive: true });
  assertStoreEmpty(t, store);
  t.deepEqual(fs.readdirSync(work).filter((n) => n !== 'store').sort(), before, 'nothing new next to the store');
  const found: string[] = [];
  const walk = (d: string): void => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.name === 'escape' ? found.push(path.join(d, e.name)) : e.isDirectory() ? walk(path.join(d, e.name)) : undefined));
  walk(work); // the store and everything next to it (the temp dir's parent is shared with other processes: only its top level is checked)
  t.deepEqual(found, [], 'the escaping entry was written nowhere in or next to the store');
  t.false(fs.existsSync(path.join(path.dirname(work), 'escape')));
  t.true(fs.readFileSync(path.join(outside, 'layer.tar')).equals(good.blob), 'the file outside is unchanged');
});

rootTest('a plain rootfs tar imports as a one-layer image and needs a name', async (t) => {
  const { store, work } = newStore(t);
  fs.writeFileSync(path.join(work, 'rootfs.tar'), await buildTar(BASE));
  await t.throwsAsync(importImage(store, path.join(work, 'rootfs.tar')), { instanceOf: ImageError, message: /plain rootfs tar.*--name/ });
  const r = await importImage(store, path.join(work, 'rootfs.tar'), { name: 'plain' });
  t.is(r.format, 'rootfs');
  t.is(fs.readFileSync(path.join(store.layerDir(r.image.layers[0]!), 'data/a'), 'utf8'), 'a');
  t.deepEqual((r.image.config.rootfs as { diff_ids: string[] }).diff_ids, r.image.layers);
});
