// exportImage: an image of the store as an OCI image layout (a directory, or an archive of
// one) or as a `docker load` archive (manifest.json, <config>.json, <layer>/layer.tar).
// Reproducible: the blobs are the ones the image was imported with (the store keeps them),
// the config is the one it came with (or, for an image isolab made, a canonical one), and
// every document and archive header is a function of those: exporting twice, or exporting
// an image imported from an export, gives the same digests and the same bytes.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { removeTree } from '../sys/remove-tree.js';
import { writeArchive, type ArchiveEntry } from './archive-writer.js';
import { ImageError } from './errors.js';
import { configForLayers } from './image-config.js';
import { compressionOfFile } from './layer-source.js';
import { MEDIA_OCI_CONFIG, MEDIA_OCI_INDEX, MEDIA_OCI_LAYER, MEDIA_OCI_LAYER_GZIP, MEDIA_OCI_MANIFEST } from './oci-schemas.js';
import type { ImageStore } from './store.js';
import { digestHex, type Digest, type ImageRecord } from './store-records.js';

/** oci: an OCI image layout directory; oci-archive: the same as a tar; docker: a `docker load` archive. */
export type ExportFormat = 'oci' | 'oci-archive' | 'docker';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['oci', 'oci-archive', 'docker'];

/** One exported layer. */
export interface ExportedLayer {
  digest: Digest;
  diffId: Digest;
  size: number;
  mediaType: string;
}

/** What an export wrote. */
export interface ExportResult {
  format: ExportFormat;
  out: string;
  /** The OCI manifest's digest (for docker archives: the manifest an OCI export would have). */
  manifestDigest: Digest;
  configDigest: Digest;
  layers: ExportedLayer[];
}

const sha = (b: Buffer): Digest => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** The docker reference of an isolab name: a tag is added when it has none. */
export function dockerRef(name: string): string {
  return name.includes('@') || /:[^/]*$/.test(name) ? name : `${name}:latest`;
}

/** Exports image `name` to `out`; a directory must not exist yet, an archive file is replaced. */
export async function exportImage(store: ImageStore, name: string, o: { format: ExportFormat; out: string }): Promise<ExportResult> {
  const image = store.getImage(name);
  if (!image) throw new ImageError({ step: 'export', entry: name, reason: 'no such image', hint: 'see isolab image ls' });
  if (o.format === 'oci' && fs.existsSync(o.out)) throw new ImageError({ step: 'export', entry: o.out, reason: 'already exists', hint: 'an OCI layout is written to a new directory' });
  const work = store.makeTempDir('export');
  try {
    const config = configBytes(store, image);
    const layers = image.layers.map((diffId, i) => pickBlob(store, image, i, diffId));
    if (o.format === 'docker') {
      for (const l of layers) if (l.digest !== l.diffId) Object.assign(l, await decompressed(l, work));
    }
    const exported: ExportedLayer[] = layers.map((l) => ({ digest: l.digest, diffId: l.diffId, size: fs.statSync(l.file).size, mediaType: l.gzip ? MEDIA_OCI_LAYER_GZIP : MEDIA_OCI_LAYER }));
    const configDigest = sha(config);
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_OCI_MANIFEST,
      config: { mediaType: MEDIA_OCI_CONFIG, digest: configDigest, size: config.length },
      layers: exported.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    }));
    const manifestDigest = sha(manifest);
    const result: ExportResult = { format: o.format, out: o.out, manifestDigest, configDigest, layers: exported };
    if (o.format === 'docker') {
      await writeArchive(o.out, dockerEntries(name, config, configDigest, layers));
      return result;
    }
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_OCI_INDEX,
      manifests: [{ mediaType: MEDIA_OCI_MANIFEST, digest: manifestDigest, size: manifest.length, annotations: { 'io.containerd.image.name': dockerRef(name), 'org.opencontainers.image.ref.name': name } }],
    }));
    const blobs = new Map<string, ArchiveEntry>();
    for (const [digest, bytes] of [[configDigest, config], [manifestDigest, manifest]] as const) blobs.set(digest, { name: `blobs/sha256/${digestHex(digest)}`, kind: 'bytes', bytes });
    for (const l of layers) blobs.set(l.digest, { name: `blobs/sha256/${digestHex(l.digest)}`, kind: 'file', file: l.file });
    const entries: ArchiveEntry[] = [
      { name: 'blobs', kind: 'dir' }, { name: 'blobs/sha256', kind: 'dir' },
      ...[...blobs.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
      { name: 'index.json', kind: 'bytes', bytes: index },
      { name: 'oci-layout', kind: 'bytes', bytes: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
    ];
    if (o.format === 'oci-archive') await writeArchive(o.out, entries);
    else writeDirectory(o.out, entries);
    return result;
  } finally {
    removeTree(work);
  }
}

/** The config bytes: as imported when the store has them, else canonical JSON of the record's config. */
function configBytes(store: ImageStore, image: ImageRecord): Buffer {
  const raw = image.configDigest ? store.readBlob(image.configDigest) : undefined;
  return raw ?? Buffer.from(JSON.stringify(configForLayers(image.config, image.layers)));
}

interface LayerBlob {
  diffId: Digest;
  digest: Digest;
  file: string;
  gzip: boolean;
}

/** The blob to ship for layer i: the one the image came with, else the plain one, else any. */
function pickBlob(store: ImageStore, image: ImageRecord, i: number, diffId: Digest): LayerBlob {
  const have = store.layerInfo(diffId).blobs.filter((b) => fs.existsSync(store.blobPath(b)));
  const wanted = image.blobs?.[i];
  const digest = wanted !== undefined && have.includes(wanted) ? wanted : have.includes(diffId) ? diffId : have[0];
  if (digest === undefined) throw new ImageError({ step: 'export', entry: image.name, reason: `the store has no blob of layer ${diffId}`, hint: 'remove the image and import it again' });
  const file = store.blobPath(digest);
  return { diffId, digest, file, gzip: compressionOfFile(file, file) === 'gzip' };
}

/** A gzip blob decompressed into work (docker archives carry plain layer tars), checked against its diffID. */
async function decompressed(l: LayerBlob, work: string): Promise<Pick<LayerBlob, 'digest' | 'file' | 'gzip'>> {
  const file = path.join(work, `${digestHex(l.diffId)}.tar`);
  if (!fs.existsSync(file)) await pipeline(fs.createReadStream(l.file), zlib.createGunzip(), fs.createWriteStream(file, { mode: 0o600 }));
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  const digest = `sha256:${hash.digest('hex')}` as Digest;
  if (digest !== l.diffId) throw new ImageError({ step: 'export', entry: l.digest, reason: `decompresses to ${digest}, not its diffID ${l.diffId}`, hint: 'the store is damaged: remove the image and import it again' });
  return { digest, file, gzip: false };
}

/** The entries of a docker load archive: docker ≤ 24's layout, which every docker loads. */
function dockerEntries(name: string, config: Buffer, configDigest: Digest, layers: readonly LayerBlob[]): ArchiveEntry[] {
  const configName = `${digestHex(configDigest)}.json`;
  const layerName = (l: LayerBlob): string => `${digestHex(l.diffId)}/layer.tar`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: name.includes('@') ? [] : [dockerRef(name)], Layers: layers.map(layerName) }]));
  const seen = new Set<string>();
  const layerEntries = layers.flatMap((l): ArchiveEntry[] => {
    if (seen.has(l.diffId)) return []; // the same layer twice in a stack is stored once
    seen.add(l.diffId);
    return [{ name: digestHex(l.diffId), kind: 'dir' }, { name: layerName(l), kind: 'file', file: l.file }];
  });
  return [{ name: configName, kind: 'bytes', bytes: config }, ...layerEntries, { name: 'manifest.json', kind: 'bytes', bytes: manifest }];
}

/** Writes the entries as a directory tree: in a temporary sibling first, renamed into place whole. */
function writeDirectory(out: string, entries: readonly ArchiveEntry[]): void {
  const tmp = `${out.replace(/\/+$/, '')}.tmp-${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(tmp, { mode: 0o755 });
  try {
    for (const e of entries) {
      const p = path.join(tmp, e.name);
      if (e.kind === 'dir') fs.mkdirSync(p, { mode: 0o755 });
      else if (e.kind === 'bytes') fs.writeFileSync(p, e.bytes, { mode: 0o644 });
      else fs.copyFileSync(e.file, p, fs.constants.COPYFILE_FICLONE);
    }
    fs.renameSync(tmp, out);
  } catch (err) {
    removeTree(tmp);
    throw new ImageError({ step: 'export', entry: out, reason: `writing the OCI layout failed: ${(err as Error).message}`, cause: err });
  }
}
