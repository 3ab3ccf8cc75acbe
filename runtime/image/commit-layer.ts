// commitLayer: an overlay upper directory (the container's writable layer, unmounted) into
// an OCI layer tar. overlayfs's deletions become OCI whiteouts: a char device 0/0 NAME
// becomes an empty file `.wh.NAME`, a directory with trusted.overlay.opaque=y becomes the
// directory followed by `DIR/.wh..wh..opq`. The init layer's files (excluded paths) never
// appear, neither as files nor as whiteouts.
//
// Reproducible: the same upper gives the same bytes, hence the same digest. Entries are
// written depth first, each directory before its children, siblings in byte order of
// their names (a whiteout at the place of the name it deletes, the opaque marker straight
// after its directory); headers are a function of the entry only (tar-writer.ts).
//
// Renamed directories (redirect_dir=on): the upper holds the new name with the xattr
// trusted.overlay.redirect, and the contents stay in the lower layers under the old name.
// A tar cannot express a rename, so such a directory is written as an opaque directory
// with its whole merged contents, resolved from `lowerDirs` (the lower layers the upper
// was mounted over, top first). Without lowerDirs, a redirected directory is an error.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { entryFailure, ImageError } from './errors.js';
import { OverlayLayers } from './overlay-merge.js';
import { normalizeEntryPath } from './safe-path.js';
import { UpperWalker } from './upper-walker.js';

/** Options of commitLayer. */
export interface CommitOptions {
  /** Paths relative to / that never appear in the layer (the init layer's: etc/hostname, …); a directory excludes its subtree. */
  exclude?: readonly string[];
  /** The lower layer directories the upper was mounted over, top first; needed only for renamed directories. */
  lowerDirs?: readonly string[];
  /** Compression of the written blob; default "none". */
  compression?: 'none' | 'gzip';
  /** Write mtimes later than this (seconds since the epoch) as this, like SOURCE_DATE_EPOCH: the same changes made at another time then give the same layer. */
  sourceDateEpoch?: number;
}

/** The layer written. */
export interface CommittedLayer {
  /** sha256 of the blob as written (equals diffId when uncompressed). */
  digest: `sha256:${string}`;
  /** sha256 of the uncompressed tar. */
  diffId: `sha256:${string}`;
  /** Bytes written. */
  size: number;
  /** Tar entries written (whiteouts and opaque markers included). */
  entries: number;
}

/**
 * Writes upperDir as a layer tar to out (a file path, created or truncated, or a stream,
 * which is ended). Resolves with the digests once everything is written.
 */
export async function commitLayer(upperDir: string, out: Writable | string, opts: CommitOptions = {}): Promise<CommittedLayer> {
  if (!fs.statSync(upperDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ImageError({ step: 'commit', reason: `the upper directory ${upperDir} does not exist` });
  }
  const exclude = new Set((opts.exclude ?? []).map((p) => normalizeEntryPath(p, p, 'excluded path')));
  const walker = new UpperWalker(new OverlayLayers([upperDir, ...(opts.lowerDirs ?? [])]), opts.lowerDirs !== undefined, exclude, opts.sourceDateEpoch);
  const diffHash = createHash('sha256');
  const blobHash = createHash('sha256');
  let size = 0;
  const tap = (h: Hash, count: boolean): Transform =>
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        h.update(chunk);
        if (count) size += chunk.length;
        cb(null, chunk);
      },
    });
  const gzip = opts.compression === 'gzip';
  const source = Readable.from(walker.chunks());
  const sink = typeof out === 'string' ? fs.createWriteStream(out) : out;
  try {
    if (gzip) await pipeline(source, tap(diffHash, false), zlib.createGzip(), tap(blobHash, true), sink);
    else await pipeline(source, tap(diffHash, true), sink);
  } catch (err) {
    if (typeof out === 'string') fs.rmSync(out, { force: true });
    throw err instanceof ImageError ? err : entryFailure('commit', undefined, `writing the layer to ${typeof out === 'string' ? out : 'the stream'}`, err);
  }
  const diffId = `sha256:${diffHash.digest('hex')}` as const;
  return { diffId, digest: gzip ? `sha256:${blobHash.digest('hex')}` : diffId, size, entries: walker.entries };
}
