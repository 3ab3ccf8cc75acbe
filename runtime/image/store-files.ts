// File work of the image store that is not about records: copying a blob in while hashing
// it, and naming work in progress after the process that owns it, so that what a crashed
// process left behind can be told from what a live one is still writing.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { isAlive, selfIdentity } from '../sys/proc.js';
import { entryFailure, ImageError } from './errors.js';
import { detectCompression, type Compression } from './layer-source.js';
import type { Digest } from './store-records.js';

const STALE_MS = 3_600_000;

/** A blob copied in: where, its digest, and its diffID (the digest of the uncompressed tar). */
export interface CopiedBlob {
  tmp: string;
  digest: Digest;
  diffId: Digest;
  compression: Compression;
}

/** Copies file to tmp while hashing it; a gzip blob is also hashed decompressed. On failure tmp is removed. */
export async function copyBlob(file: string, tmp: string): Promise<CopiedBlob> {
  try {
    const head = Buffer.alloc(8);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 8, 0);
    } finally {
      fs.closeSync(fd);
    }
    const compression = detectCompression(head, file);
    const blobHash = createHash('sha256');
    await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), hashTap(blobHash), fs.createWriteStream(tmp, { flags: 'wx', mode: 0o644 }));
    const digest = `sha256:${blobHash.digest('hex')}` as Digest;
    let diffId = digest;
    if (compression === 'gzip') {
      const diffHash = createHash('sha256');
      await pipeline(fs.createReadStream(tmp, { highWaterMark: 1 << 20 }), zlib.createGunzip(), hashTap(diffHash), new Writable({ write: (_c, _e, cb) => cb() }));
      diffId = `sha256:${diffHash.digest('hex')}`;
    }
    return { tmp, digest, diffId, compression };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err instanceof ImageError ? err : entryFailure('store', file, 'reading the layer blob', err);
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
