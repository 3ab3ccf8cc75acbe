// ImageStore: a content-addressed store of layers and images under one root.
//
//   blobs/sha256/<hex>            layer blobs as imported (plain or gzip tar)
//   layers/sha256/<diffid-hex>/   one per layer, unpacked once and shared by every image:
//       root/                       the overlay-ready tree (a lowerdir)
//       layer.json                  its record (store-records.ts)
//   l/<short-hex>                 -> ../layers/sha256/<hex>/root: short lowerdir names, so
//                                   that ~250 layers fit mount(2)'s one-page option string
//                                   when mounted from the store root (relative paths)
//   blobs/sha256/<hex>            also image configs as imported (images/ names them)
//   images/<name>.json            name -> layers (diffIDs, lowest first) and config
//   tmp/                          work in progress, named after the owning process; removed
//                                 once that process is gone (a crashed import or removal)
//
// Every change is atomic: a layer is unpacked under tmp/ and renamed into layers/ whole,
// records are written to a temporary file and renamed, a layer is removed by renaming it
// out first. A crash leaves at most debris in tmp/, never half a layer under layers/.
// There is no lock: concurrent imports are safe (the first rename wins, the others reuse
// it), but removeImage/pruneLayers must not race with putImage of an image that uses the
// same layers, nor run while a container has them mounted.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stateRoot } from '../launcher/paths.js';
import { removeTree } from '../sys/remove-tree.js';
import { ImageError } from './errors.js';
import type { Compression } from './layer-source.js';
import { imageConfig } from './image-config.js';
import { copyBlob, isStale, tmpName, type BlobSpan } from './store-files.js';
import { cleanLinks, ensureLink, pickLink, removeLink } from './store-links.js';
import { digestHex, imageRecordSchema, layerRecordSchema, readRecord, writeFileAtomic, type Digest, type ImageRecord, type LayerRecord } from './store-records.js';
import { unpackLayer } from './unpack-layer.js';

export type { Digest, ImageRecord, LayerRecord } from './store-records.js';

/** The result of importing a layer blob. */
export interface ImportedLayer {
  diffId: Digest;
  /** sha256 of the blob as given. */
  digest: Digest;
  compression: Compression;
  /** The layer was already in the store: nothing was unpacked. */
  reused: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,254}$/;

/** `${ISOLAB_STATE_ROOT:-/var/lib/isolab}/store`. */
export function defaultStoreRoot(): string {
  return path.join(stateRoot(), 'store');
}

/** A content-addressed image store; see the file comment for its layout. */
export class ImageStore {
  constructor(readonly root: string = defaultStoreRoot()) {}

  /**
   * Imports a layer tar (plain or gzip) file, or a span of one (a blob inside an archive);
   * a layer already in the store is reused, not unpacked again. With span.digest or
   * span.diffId, a blob that does not hash to them is refused before anything is unpacked.
   */
  async importLayerTar(file: string, span: BlobSpan = {}): Promise<ImportedLayer> {
    this.prepare();
    // The blob stays under tmp/ (owned by this process) until its layer is in place, so a
    // crash at any point leaves no blob without a layer.
    const blob = await copyBlob(file, path.join(this.dir('tmp'), tmpName('blob')), span);
    try {
      const { digest, diffId } = blob;
      let reused = this.hasLayer(diffId);
      if (!reused) reused = await this.unpackInto(blob.tmp, diffId, digest, span.what ?? file);
      const record = this.layerRecord(diffId);
      if (!record.blobs.includes(digest)) writeFileAtomic(path.join(this.layerPath(diffId), 'layer.json'), JSON.stringify({ ...record, blobs: [...record.blobs, digest] }, null, 2));
      fs.renameSync(blob.tmp, this.blobPath(digest)); // the same content under the same name: replacing is harmless
      ensureLink(this.root, record);
      return { diffId, digest, compression: blob.compression, reused };
    } finally {
      fs.rmSync(blob.tmp, { force: true });
    }
  }

  /** Whether the store has the layer. */
  hasLayer(diffId: Digest): boolean {
    return fs.existsSync(path.join(this.layerPath(diffId), 'layer.json'));
  }

  /** The unpacked root of a layer (an overlay lowerdir); throws when the store lacks it. */
  layerDir(diffId: Digest): string {
    this.layerRecord(diffId);
    return path.join(this.layerPath(diffId), 'root');
  }

  /** The layer root's short path relative to the store root ("l/0123abcd4567"), for lowerdir strings built from the store root. */
  layerLink(diffId: Digest): string {
    return this.layerRecord(diffId).link;
  }

  /** Every layer in the store. */
  listLayers(): Digest[] {
    return this.names('layers/sha256').map((hex) => `sha256:${hex}` as Digest).filter((d) => this.hasLayer(d));
  }

  /** Imports a plain rootfs tar (`docker export`, `tar -C dir -c .`) as a one-layer image. */
  async importRootfsTar(file: string, name: string): Promise<{ image: ImageRecord; layer: ImportedLayer }> {
    checkName(name);
    const layer = await this.importLayerTar(file);
    const image = this.putImage(name, [layer.diffId], imageConfig([layer.diffId], { history: [`isolab import of the rootfs tar ${path.basename(file)}`] }), { blobs: [layer.digest] });
    return { image, layer };
  }

  /**
   * Records (or replaces) an image: its layers, lowest first, must all be in the store.
   * `extra.configDigest` names the config blob (putBlob) the config was parsed from,
   * `extra.blobs` the blob of each layer the image came with.
   */
  putImage(name: string, layers: readonly Digest[], config: Record<string, unknown>, extra: { configDigest?: Digest; blobs?: readonly Digest[] } = {}): ImageRecord {
    checkName(name);
    for (const l of layers) if (!this.hasLayer(l)) throw new ImageError({ step: 'store', entry: name, reason: `layer ${l} is not in the store`, hint: 'import it first with importLayerTar' });
    if (extra.blobs && extra.blobs.length !== layers.length) throw new ImageError({ step: 'store', entry: name, reason: `${extra.blobs.length} blobs given for ${layers.length} layers` });
    if (extra.configDigest && !fs.existsSync(this.blobPath(extra.configDigest))) throw new ImageError({ step: 'store', entry: name, reason: `config blob ${extra.configDigest} is not in the store`, hint: 'store it first with putBlob' });
    this.prepare();
    const record: ImageRecord = { schemaVersion: 1, name, layers: [...layers], config, ...(extra.configDigest ? { configDigest: extra.configDigest } : {}), ...(extra.blobs ? { blobs: [...extra.blobs] } : {}) };
    writeFileAtomic(this.imagePath(name), JSON.stringify(record, null, 2));
    return record;
  }

  /** Stores a small blob (an image config) under its digest; returns the digest. */
  putBlob(bytes: Buffer): Digest {
    this.prepare();
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}` as Digest;
    if (!fs.existsSync(this.blobPath(digest))) writeFileAtomic(this.blobPath(digest), bytes);
    return digest;
  }

  /** A blob's bytes, checked against its digest; undefined when the store lacks it. */
  readBlob(digest: Digest): Buffer | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.blobPath(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (`sha256:${createHash('sha256').update(bytes).digest('hex')}` !== digest) throw new ImageError({ step: 'store', entry: digest, reason: 'blob content does not match its digest', hint: 'the store is damaged: remove the image and import it again' });
    return bytes;
  }

  /** What the store knows of a layer (its blobs, size); throws when the store lacks it. */
  layerInfo(diffId: Digest): LayerRecord {
    return this.layerRecord(diffId);
  }

  /** The image recorded under name, or undefined. */
  getImage(name: string): ImageRecord | undefined {
    checkName(name);
    return readRecord(this.imagePath(name), imageRecordSchema);
  }

  /** Every image, by name. */
  listImages(): ImageRecord[] {
    return this.names('images')
      .filter((f) => f.endsWith('.json') && !f.startsWith('.tmp-'))
      .map((f) => readRecord(path.join(this.dir('images'), f), imageRecordSchema))
      .filter((r): r is ImageRecord => r !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Removes an image and those of its layers no other image uses; returns the layers removed. */
  removeImage(name: string): Digest[] {
    const image = this.getImage(name);
    if (!image) throw new ImageError({ step: 'store', entry: name, reason: 'no such image' });
    fs.unlinkSync(this.imagePath(name));
    if (image.configDigest && !this.listImages().some((i) => i.configDigest === image.configDigest)) fs.rmSync(this.blobPath(image.configDigest), { force: true });
    return this.discardLayers(image.layers);
  }

  /** Removes those of the layers that no image uses (an import or build that failed half-way); returns them. */
  discardLayers(layers: readonly Digest[]): Digest[] {
    const used = this.usedLayers();
    const removed = [...new Set(layers)].filter((l) => !used.has(l) && this.hasLayer(l));
    for (const l of removed) this.removeLayer(l);
    return removed;
  }

  /** Removes every layer no image uses (for instance imports whose image was never recorded), and config blobs no image names. */
  pruneLayers(): Digest[] {
    const used = this.usedLayers();
    const removed = this.listLayers().filter((l) => !used.has(l));
    for (const l of removed) this.removeLayer(l);
    const kept = new Set<string>(this.listImages().flatMap((i) => (i.configDigest ? [digestHex(i.configDigest)] : [])));
    for (const l of this.listLayers()) for (const b of this.layerRecord(l).blobs) kept.add(digestHex(b));
    for (const hex of this.names('blobs/sha256')) if (!kept.has(hex) && !hex.startsWith('.tmp-')) fs.rmSync(path.join(this.dir('blobs/sha256'), hex), { force: true });
    this.cleanStale();
    return removed;
  }

  /** A new directory under tmp/ for work in progress, owned by this process (removed by the next store use once it is gone). The caller removes it. */
  makeTempDir(kind: string): string {
    this.prepare();
    const dir = path.join(this.dir('tmp'), tmpName(kind));
    fs.mkdirSync(dir, { mode: 0o700 });
    return dir;
  }

  /** The path of a blob. */
  blobPath(digest: Digest): string {
    return path.join(this.dir('blobs/sha256'), digestHex(digest));
  }

  private layerPath(diffId: Digest): string {
    return path.join(this.dir('layers/sha256'), digestHex(diffId));
  }

  private imagePath(name: string): string {
    return path.join(this.dir('images'), `${encodeURIComponent(name)}.json`);
  }

  private dir(sub: string): string {
    return path.join(this.root, sub);
  }

  private names(sub: string): string[] {
    try {
      return fs.readdirSync(this.dir(sub));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private layerRecord(diffId: Digest): LayerRecord {
    const r = readRecord(path.join(this.layerPath(diffId), 'layer.json'), layerRecordSchema);
    if (!r) throw new ImageError({ step: 'store', entry: diffId, reason: 'layer is not in the store', hint: 'import it first with importLayerTar' });
    return r;
  }

  private usedLayers(): Set<Digest> {
    return new Set(this.listImages().flatMap((i) => i.layers));
  }

  private prepare(): void {
    for (const d of ['blobs/sha256', 'layers/sha256', 'l', 'images', 'tmp']) fs.mkdirSync(this.dir(d), { recursive: true, mode: 0o755 });
    this.cleanStale();
  }

  /** Unpacks a blob under tmp/ and renames it into layers/ whole; true when a concurrent import got there first. */
  private async unpackInto(blob: string, diffId: Digest, digest: Digest, file: string): Promise<boolean> {
    const work = path.join(this.dir('tmp'), tmpName('layer'));
    fs.mkdirSync(work, { mode: 0o700 });
    try {
      const stats = await unpackLayer(blob, path.join(work, 'root'));
      if (stats.diffId !== diffId) throw new ImageError({ step: 'store', entry: file, reason: `blob ${digest} unpacked to ${stats.diffId}, not ${diffId}` });
      const record: LayerRecord = { schemaVersion: 1, diffId, blobs: [digest], link: pickLink(this.root, diffId), files: stats.files, bytes: stats.bytes };
      writeFileAtomic(path.join(work, 'layer.json'), JSON.stringify(record, null, 2));
      fs.chmodSync(work, 0o755); // overlay mounted from a user namespace must be able to search it
      fs.renameSync(work, this.layerPath(diffId));
      return false;
    } catch (err) {
      removeTree(work);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return true;
      // Say which layer: the entry alone does not tell, when an image has many.
      if (err instanceof ImageError && err.step === 'unpack') throw new ImageError({ step: err.step, entry: err.entry, reason: `${err.reason} (in the layer ${file})`, path: err.path, syscall: err.syscall, errno: err.errno, hint: err.hint, cause: err.cause });
      throw err;
    }
  }

  private removeLayer(diffId: Digest): void {
    const record = this.layerRecord(diffId);
    const trash = path.join(this.dir('tmp'), tmpName('rm'));
    fs.renameSync(this.layerPath(diffId), trash); // gone from layers/ in one step
    removeLink(this.root, record);
    for (const b of record.blobs) fs.rmSync(this.blobPath(b), { force: true });
    removeTree(trash);
  }

  /** Removes work left by processes that are gone (crashed imports and removals), and links to layers that are gone. */
  private cleanStale(): void {
    for (const name of this.names('tmp')) if (isStale(path.join(this.dir('tmp'), name), name)) removeTree(path.join(this.dir('tmp'), name));
    for (const name of this.names('images')) {
      const p = path.join(this.dir('images'), name);
      if (name.startsWith('.tmp-') && isStale(p, name)) fs.rmSync(p, { force: true }); // a record write cut short
    }
    for (const name of this.names('blobs/sha256')) {
      const p = path.join(this.dir('blobs/sha256'), name);
      if (name.startsWith('.tmp-') && isStale(p, name)) fs.rmSync(p, { force: true }); // a config write cut short
    }
    cleanLinks(this.root);
  }
}

/** Throws an ImageError unless name is a valid image name. */
export function checkName(name: string): void {
  // The record's file name is the encoded name (":" and "/" take 3 bytes each) plus ".json": it must fit NAME_MAX.
  if (!NAME.test(name) || name.split('/').some((s) => s === '' || s === '.' || s === '..') || encodeURIComponent(name).length > 250) {
    throw new ImageError({ step: 'store', entry: name, reason: 'invalid image name', hint: 'use letters, digits and . _ - : @ /, starting with a letter or digit, at most 250 bytes once ":" and "/" count 3' });
  }
}
