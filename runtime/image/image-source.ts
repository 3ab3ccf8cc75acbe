// Where an image to import comes from: a directory (an OCI image layout, or an extracted
// `docker save`) or an archive of one (plain or gzip tar). Both answer the same questions:
// the bytes of a small document, and where a blob's bytes are. Names come from manifests,
// which are untrusted: a name that climbs out ("../../etc/shadow"), is absolute, or leads
// out through a symlink is refused, naming the document field it came from.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { indexArchive, resolveArchiveName, type ArchiveIndex } from './archive-index.js';
import { ImageError } from './errors.js';
import { compressionOfFile } from './layer-source.js';

/** Where a blob's bytes are: a span of a file, with its sha256 when already known. */
export interface BlobLocation {
  file: string;
  start: number;
  size: number;
  sha256?: string;
  /** How errors name it: "image.tar:blobs/sha256/ab12…". */
  what: string;
}

/** An image directory or archive, opened. */
export interface ImageSource {
  /** The path given, for messages. */
  what: string;
  kind: 'directory' | 'archive';
  /** Whether the source has a file of this (trusted, literal) name. */
  has(name: string): boolean;
  /** A document's bytes (at most 16 MiB); `field` says where the name came from, for errors. */
  read(name: string, field: string): Buffer;
  /** A blob's location; `field` says where the name came from. */
  locate(name: string, field: string): BlobLocation;
  /** Removes what opening made (a decompressed copy of a gzip archive). */
  close(): void;
}

const MAX_DOCUMENT = 16 << 20;

/** The name as a path inside the source; refuses absolute names and any ".." (manifests never need one). */
function checkName(name: string, field: string, what: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (name.startsWith('/') || name.includes('\0') || parts.includes('..') || parts.length === 0) {
    throw new ImageError({ step: 'import', entry: what, reason: `${field} ${JSON.stringify(name)} is not a path inside the image (absolute, empty or with "..")`, hint: 'the image is malformed or malicious' });
  }
  return parts.join('/');
}

function missing(what: string, name: string, field: string): ImageError {
  return new ImageError({ step: 'import', entry: what, reason: `${field} names ${JSON.stringify(name)}, which is not in the image`, hint: 'the image is incomplete' });
}

/** Opens a directory or an archive file. `tmpDir` receives a decompressed copy of a gzip archive. */
export async function openImageSource(src: string, tmpDir: string): Promise<ImageSource> {
  const st = fs.statSync(src, { throwIfNoEntry: false });
  if (!st) throw new ImageError({ step: 'import', entry: src, reason: 'no such file or directory' });
  if (st.isDirectory()) return directorySource(src);
  if (!st.isFile()) throw new ImageError({ step: 'import', entry: src, reason: 'neither a directory nor a regular file' });
  if (compressionOfFile(src, src) === 'none') return archiveSource(src, src, await indexArchive(src, src), () => {});
  const plain = path.join(tmpDir, 'archive.tar');
  try {
    await pipeline(fs.createReadStream(src), zlib.createGunzip(), fs.createWriteStream(plain, { flags: 'wx', mode: 0o600 }));
    return archiveSource(src, plain, await indexArchive(plain, src), () => fs.rmSync(plain, { force: true }));
  } catch (err) {
    fs.rmSync(plain, { force: true });
    if (err instanceof ImageError) throw err;
    throw new ImageError({ step: 'import', entry: src, reason: 'cannot decompress the gzip archive', cause: err });
  }
}

function directorySource(dir: string): ImageSource {
  const root = fs.realpathSync(dir);
  const resolve = (name: string, field: string): string => {
    const rel = checkName(name, field, dir);
    let real: string;
    try {
      real = fs.realpathSync(path.join(root, rel));
    } catch {
      throw missing(dir, name, field);
    }
    if (!real.startsWith(`${root}/`)) {
      throw new ImageError({ step: 'import', entry: dir, reason: `${field} ${JSON.stringify(name)} leads out of the image directory (through a symlink)`, hint: 'the image is malformed or malicious' });
    }
    if (!fs.statSync(real).isFile()) throw new ImageError({ step: 'import', entry: dir, reason: `${field} ${JSON.stringify(name)} is not a regular file` });
    return real;
  };
  return {
    what: dir,
    kind: 'directory',
    has: (name) => fs.existsSync(path.join(root, name)),
    read(name, field) {
      const p = resolve(name, field);
      if (fs.statSync(p).size > MAX_DOCUMENT) throw new ImageError({ step: 'import', entry: `${dir}/${name}`, reason: `larger than ${MAX_DOCUMENT} bytes: not an image document` });
      return fs.readFileSync(p);
    },
    locate(name, field) {
      const p = resolve(name, field);
      return { file: p, start: 0, size: fs.statSync(p).size, what: `${dir}/${checkName(name, field, dir)}` };
    },
    close() {},
  };
}

function archiveSource(what: string, file: string, index: ArchiveIndex, close: () => void): ImageSource {
  const find = (name: string, field: string) => {
    const rel = checkName(name, field, what);
    let f;
    try {
      f = resolveArchiveName(index, rel, what);
    } catch (err) {
      throw err instanceof ImageError ? new ImageError({ step: 'import', entry: what, reason: `${field} ${JSON.stringify(name)}: ${err.reason}`, hint: 'the archive is malformed or malicious' }) : err;
    }
    if (!f) throw missing(what, name, field);
    return { rel, f };
  };
  return {
    what,
    kind: 'archive',
    has: (name) => index.files.has(name) || index.links.has(name),
    read(name, field) {
      const { f } = find(name, field);
      if (f.size > MAX_DOCUMENT) throw new ImageError({ step: 'import', entry: `${what}:${name}`, reason: `larger than ${MAX_DOCUMENT} bytes: not an image document` });
      const b = Buffer.alloc(f.size);
      const fd = fs.openSync(file, 'r');
      try {
        for (let got = 0; got < f.size; ) {
          const n = fs.readSync(fd, b, got, f.size - got, f.start + got);
          if (n === 0) throw new ImageError({ step: 'import', entry: `${what}:${name}`, reason: 'the archive is truncated' });
          got += n;
        }
      } finally {
        fs.closeSync(fd);
      }
      return b;
    },
    locate(name, field) {
      const { rel, f } = find(name, field);
      return { file, start: f.start, size: f.size, sha256: f.sha256, what: `${what}:${rel}` };
    },
    close,
  };
}
