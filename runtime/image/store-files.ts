// File work of the image store that is not about records: copying a blob in while hashing
// it, and naming work in progress after the process that owns it, so that what a crashed
// process left behind can be told from what a live one is still writing.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { isAlive, selfIdentity } from '../sys/proc.js';
import { entryFailure, ImageError } from './errors.js';
import { compressionOfFile, type Compression } from './layer-source.js';
import type { Digest } from './store-records.js';

const STALE_MS = 3_600_000;

/** A blob copied in: where, its digest, and its diffID (the digest of the uncompressed tar). */
export interface CopiedBlob {
  tmp: string;
  digest: Digest;
  diffId: Digest;
  compression: Compression;
}

/** Which bytes of a file a blob is, and what they must hash to. */
export interface BlobSpan {
  /** First byte of the blob in the file; default 0. */
  start?: number;
  /** Bytes of the blob; default: to the end of the file. */
  size?: number;
  /** The digest the blob must have (as a manifest names it). */
  digest?: Digest;
  /** The diffID its uncompressed tar must have (as an image config lists it). */
  diffId?: Digest;
  /** How to name the blob in errors (default: the file). */
  what?: string;
}

/**
 * Copies a blob (all of file, or a span of it) to tmp while hashing it; a gzip blob is also
 * hashed decompressed. Refuses a blob whose digest or diffID is not the expected one. On
 * failure tmp is removed.
 */
export async function copyBlob(file: string, tmp: string, span: BlobSpan = {}): Promise<CopiedBlob> {
  const what = span.what ?? file;
  const start = span.start ?? 0;
  try {
    const compression = compressionOfFile(file, what, start, span.size ?? 8);
    const blobHash = createHash('sha256');
    const range = span.size === undefined ? { start } : { start, end: start + span.size - 1 };
    let copied = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        copied += chunk.length;
        cb(null, chunk);
      },
    });
    const input = span.size === 0 ? Readable.from([]) : fs.createReadStream(file, { highWaterMark: 1 << 20, ...range });
    await pipeline(input, count, hashTap(blobHash), fs.createWriteStream(tmp, { flags: 'wx', mode: 0o644 }));
    if (span.size !== undefined && copied !== span.size) {
      throw new ImageError({ step: 'store', entry: what, reason: `blob is ${copied} bytes where ${span.size} were expected (truncated file?)` });
    }
    const digest = `sha256:${blobHash.digest('hex')}` as Digest;
    if (span.digest !== undefined && digest !== span.digest) {
      throw new ImageError({ step: 'store', entry: what, reason: `blob digest mismatch: expected ${span.digest}, the content hashes to ${digest}`, hint: 'the image is corrupt or was tampered with' });
    }
    let diffId = digest;
    if (compression === 'gzip') {
      const diffHash = createHash('sha256');
      try {
        await pipeline(fs.createReadStream(tmp, { highWaterMark: 1 << 20 }), zlib.createGunzip(), hashTap(diffHash), new Writable({ write: (_c, _e, cb) => cb() }));
      } catch (err) {
        throw new ImageError({ step: 'store', entry: what, reason: 'the gzip data of the blob is corrupt', cause: err });
      }
      diffId = `sha256:${diffHash.digest('hex')}`;
    }
    if (span.diffId !== undefined && diffId !== span.diffId) {
      throw new ImageError({ step: 'store', entry: what, reason: `layer diffID mismatch: the image config says ${span.diffId}, the uncompressed layer hashes to ${diffId}`, hint: 'the image is corrupt or was tampered with' });
    }
    return { tmp, digest, diffId, compression };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err instanceof ImageError ? err : entryFailure('store', what, 'reading the layer blob', err);
  }
}

/** A name for work in progress that says which process owns it: `KIND-PID.STARTTIME-RANDOM`. */
export function tmpName(kind: string): string {
  const self = selfIdentity();
  return `${kind}-${self.pid}.${self.startTime}-${randomBytes(4).toString('hex')}`;
}

/** Whether a tmpName'd entry belongs to a process that no longer runs (other names: older than an hour). */
export function isStale(p: string, name: string): boolean {
  const m = /^[a-z]+-(\d+)\.(\d+)-/.exec(name);
  if (m) return !isAlive({ pid: Number(m[1]), startTime: Number(m[2]) });
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  return st !== undefined && Date.now() - st.mtimeMs > STALE_MS;
}

function hashTap(h: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      cb(null, chunk);
    },
  });
}
