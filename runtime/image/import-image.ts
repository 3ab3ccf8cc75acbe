// importImage: an OCI image layout (directory or archive), a `docker save` archive (or its
// extracted directory), or a plain rootfs tar, into the store. The steps, in order:
//   open (index an archive: one read, every file hashed) → resolve (documents validated,
//   blobs located, digests checked) → check (plain layers against their diffIDs) → layers
//   (each copied in, checked again, unpacked once) → config blob → image record.
// All input is untrusted. Anything refused leaves the store as it was: layers this import
// added are removed again, and nothing is ever written outside the store.
import fs from 'node:fs';
import { removeTree } from '../sys/remove-tree.js';
import { ImageError } from './errors.js';
import { compressionOfFile } from './layer-source.js';
import { openImageSource, type BlobLocation, type ImageSource } from './image-source.js';
import { resolveDockerImage } from './resolve-docker.js';
import { resolveOciImage } from './resolve-oci.js';
import type { ResolvedImage } from './resolved-image.js';
import { checkName, type ImageStore, type ImportedLayer } from './store.js';
import type { ImageRecord } from './store-records.js';

/** Options of importImage. */
export interface ImportOptions {
  /** The name to store the image under; also picks the image when the source holds several. Default: the name the source gives. */
  name?: string;
}

/** What an import did. */
export interface ImportResult {
  format: 'oci' | 'docker' | 'rootfs';
  image: ImageRecord;
  /** Each layer, lowest first; `reused` when the store had it already. */
  layers: ImportedLayer[];
}

/** Imports an image directory or archive (format detected from its contents); see the file comment. */
export async function importImage(store: ImageStore, src: string, opts: ImportOptions = {}): Promise<ImportResult> {
  if (opts.name !== undefined) checkName(opts.name);
  const work = store.makeTempDir('import');
  let source: ImageSource | undefined;
  try {
    source = await openImageSource(src, work);
    if (!source.has('index.json') && !source.has('manifest.json')) {
      if (source.kind === 'directory') throw new ImageError({ step: 'import', entry: src, reason: 'has neither index.json (an OCI image layout) nor manifest.json (a docker save)' });
      if (opts.name === undefined) throw new ImageError({ step: 'import', entry: src, reason: 'is a plain rootfs tar (no index.json or manifest.json), which carries no image name', hint: 'give one with --name' });
      const { image, layer } = await store.importRootfsTar(src, opts.name);
      return { format: 'rootfs', image, layers: [layer] };
    }
    const resolved = source.has('index.json') ? resolveOciImage(source, opts.name) : resolveDockerImage(source, opts.name);
    const name = opts.name ?? resolved.name;
    if (name === undefined) throw new ImageError({ step: 'import', entry: src, reason: 'the image has no name in its index or manifest', hint: 'give one with --name' });
    checkName(name);
    checkPlainLayers(resolved);
    const layers = await importLayers(store, resolved);
    const configDigest = store.putBlob(resolved.configBytes);
    const image = store.putImage(name, layers.map((l) => l.diffId), resolved.config, { configDigest, blobs: layers.map((l) => l.digest) });
    return { format: resolved.format, image, layers };
  } finally {
    source?.close();
    removeTree(work);
  }
}

/** Refuses, before anything is unpacked, a plain (uncompressed) layer whose known hash is not its diffID. */
function checkPlainLayers(r: ResolvedImage): void {
  r.layers.forEach((l, i) => {
    if (l.loc.sha256 === undefined || `sha256:${l.loc.sha256}` === l.diffId) return;
    if (compressionOfFile(l.loc.file, l.loc.what, l.loc.start, l.loc.size) !== 'none') return; // checked once decompressed
    throw new ImageError({ step: 'import', entry: l.loc.what, reason: `layer diffID mismatch: the config's rootfs.diff_ids[${i}] is ${l.diffId}, the layer hashes to sha256:${l.loc.sha256}`, hint: 'the image is corrupt or was tampered with' });
  });
}

/** Imports the layers lowest first; on any failure removes those this import added. */
async function importLayers(store: ImageStore, r: ResolvedImage): Promise<ImportedLayer[]> {
  const done: ImportedLayer[] = [];
  try {
    for (const l of r.layers) {
      done.push(await store.importLayerTar(l.loc.file, { start: l.loc.start, size: l.loc.size, diffId: l.diffId, what: l.loc.what, ...(l.digest ? { digest: l.digest } : {}) }));
    }
    return done;
  } catch (err) {
    store.discardLayers(done.filter((l) => !l.reused).map((l) => l.diffId));
    throw err;
  }
}
