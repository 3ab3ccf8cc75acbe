// exportImage: OCI layouts and docker load archives that are reproducible (the same bytes
// twice), that import back to the same image with the same digests, and whose documents
// are what other tools expect (a docker archive's layer.tar hashes to its diffID).
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildImage } from './build-image.js';
import { ImageError } from './errors.js';
import { exportImage, type ExportFormat } from './export-image.js';
import { newStore, ociLayoutFiles, sha256, testLayer, writeTree } from './image-test-support.js';
import { importImage } from './import-image.js';
import { readTar } from './test-support.js';

const rootTest = process.getuid?.() === 0 ? test : test.skip;

const BUILT = {
  config: { env: ['A=1'], cmd: ['probe', 'ls', '/data'] },
  layers: [
    { ops: [{ mkdir: '/data' }, { add: '/data/a', content: 'a', mode: '0600' }, { add: '/data/b', content: 'b' }, { symlink: '/data/l', target: 'a' }] },
    { ops: [{ delete: '/data/a' }, { opaque: '/data/sub' }, { add: '/data/sub/x', content: 'x' }] },
  ],
};

const fileSha = (p: string): string => sha256(fs.readFileSync(p));

/** Every file below dir with its sha256, sorted: a directory's bytes. */
function treeDigest(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else out.push(`${r} ${fileSha(path.join(dir, r))}`);
    }
  };
  walk('');
  return out;
}

rootTest('exporting twice gives the same bytes, in every format', async (t) => {
  const { store, work } = newStore(t);
  await buildImage(store, BUILT, 'test/built');
  for (const format of ['oci-archive', 'docker'] as ExportFormat[]) {
    const a = await exportImage(store, 'test/built', { format, out: path.join(work, `${format}-1.tar`) });
    const b = await exportImage(store, 'test/built', { format, out: path.join(work, `${format}-2.tar`) });
    t.deepEqual(b, { ...a, out: b.out });
    t.is(fileSha(a.out), fileSha(b.out), `${format}: the same archive bytes`);
  }
  const a = await exportImage(store, 'test/built', { format: 'oci', out: path.join(work, 'oci-1') });
  await exportImage(store, 'test/built', { format: 'oci', out: path.join(work, 'oci-2') });
  t.deepEqual(treeDigest(path.join(work, 'oci-2')), treeDigest(path.join(work, 'oci-1')));
  t.deepEqual(Object.keys(JSON.parse(fs.readFileSync(path.join(work, 'oci-1/index.json'), 'utf8')) as object), ['schemaVersion', 'mediaType', 'manifests']);
  t.true(fs.existsSync(path.join(work, 'oci-1/blobs/sha256', a.manifestDigest.slice(7))));
  await t.throwsAsync(exportImage(store, 'test/built', { format: 'oci', out: path.join(work, 'oci-1') }), { instanceOf: ImageError, message: /already exists/ });
  await t.throwsAsync(exportImage(store, 'missing', { format: 'docker', out: path.join(work, 'x.tar') }), { instanceOf: ImageError, message: /no such image/ });
  t.false(fs.existsSync(path.join(work, 'x.tar')));
});

rootTest('export → import → export keeps every digest, for a built image and for an imported gzip one', async (t) => {
  const { store, work } = newStore(t);
  await buildImage(store, BUILT, 'test/built');
  const gz = await testLayer([{ name: 'g/', type: 'directory' }, { name: 'g/z', content: 'zipped' }], true);
  writeTree(path.join(work, 'hand'), ociLayoutFiles([gz], { name: 'test/gzip' }));
  await importImage(store, path.join(work, 'hand'));
  for (const name of ['test/built', 'test/gzip']) {
    for (const format of ['oci', 'oci-archive', 'docker'] as ExportFormat[]) {
      const first = await exportImage(store, name, { format, out: path.join(work, `${sha256(name + format)}-1`) });
      const again = await importImage(store, first.out, { name: `${name}-${format}` });
      t.deepEqual(again.image.layers, store.getImage(name)!.layers, `${name} ${format}: the same layers`);
      t.true(again.layers.every((l) => l.reused), 'nothing unpacked again');
      const second = await exportImage(store, `${name}-${format}`, { format, out: path.join(work, `${sha256(name + format)}-2`) });
      t.is(second.manifestDigest, first.manifestDigest, `${name} ${format}: the same manifest`);
      t.is(second.configDigest, first.configDigest);
      t.deepEqual(second.layers, first.layers);
    }
  }
  const oci = await exportImage(store, 'test/gzip', { format: 'oci', out: path.join(work, 'gzip-oci') });
  t.is(oci.layers[0]!.digest, `sha256:${sha256(gz.blob)}`, 'the gzip blob is shipped as it was imported');
  t.is(oci.configDigest, store.getImage('test/gzip')!.configDigest, 'so is the config');
});

rootTest('a docker archive holds manifest.json, the config and plain layer tars that hash to their diffIDs', async (t) => {
  const { store, work } = newStore(t);
  const gz = await testLayer([{ name: 'g/', type: 'directory' }, { name: 'g/z', content: 'zipped' }], true);
  writeTree(path.join(work, 'hand'), ociLayoutFiles([gz, gz], { name: 'test/twice' }));
  await importImage(store, path.join(work, 'hand'));
  const r = await exportImage(store, 'test/twice', { format: 'docker', out: path.join(work, 'd.tar') });
  const entries = await readTar(fs.readFileSync(r.out));
  const hex = gz.diffId.slice(7);
  t.deepEqual(entries.map((e) => e.name), [`${r.configDigest.slice(7)}.json`, `${hex}/`, `${hex}/layer.tar`, 'manifest.json'], 'a layer used twice is stored once');
  const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.content) as Array<{ Config: string; RepoTags: string[]; Layers: string[] }>;
  t.deepEqual(manifest, [{ Config: `${r.configDigest.slice(7)}.json`, RepoTags: ['test/twice:latest'], Layers: [`${hex}/layer.tar`, `${hex}/layer.tar`] }]);
  const layerTar = Buffer.from(entries.find((e) => e.name.endsWith('layer.tar'))!.content, 'latin1'); // an all-ASCII tar: no bytes lost to decoding
  t.is(`sha256:${sha256(layerTar)}`, gz.diffId, 'the layer is decompressed: its sha256 is its diffID');
  t.deepEqual(r.layers.map((l) => l.digest), [gz.diffId, gz.diffId]);
  t.true(entries.every((e) => e.mtime === 0 && e.uid === 0), 'headers do not depend on the clock or the user');
});
