// unpackLayer: one OCI layer tar (plain or gzip, file or stream) into an overlay-ready
// directory: read (layer-source.ts), parsed (tar-reader.ts), written with OCI whiteouts
// turned into overlayfs's (layer-writer.ts). The tar is untrusted: on any refusal or failure
// the destination is removed, so nothing half-done is left, and nothing outside it was
// ever touched.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { removeTree } from '../sys/remove-tree.js';
import { entryFailure, ImageError } from './errors.js';
import { openLayer, type Compression } from './layer-source.js';
import { LayerWriter, type LayerCounts } from './layer-writer.js';
import { TarFormatError, TarParser } from './tar-reader.js';

/** What one unpack did. */
export interface LayerStats extends LayerCounts {
  /** sha256 of the uncompressed tar: the layer's OCI diffID. */
  diffId: `sha256:${string}`;
  compression: Compression;
}

/** Options of unpackLayer. */
export interface UnpackOptions {
  /** Create char/block device entries; default: only when running as root. Never 0/0, which is a whiteout. */
  allowDevices?: boolean;
}

/**
 * Unpacks a layer (a tar or gzip-tar file path, or a stream of one) into destDir, which
 * must not exist yet (its parent must). Resolves with what was unpacked and the diffID.
 */
export async function unpackLayer(source: Readable | string, destDir: string, opts: UnpackOptions = {}): Promise<LayerStats> {
  try {
    fs.mkdirSync(destDir, { mode: 0o700 });
  } catch (err) {
    if (typeof source !== 'string') source.destroy();
    throw entryFailure('unpack', undefined, `creating the destination ${destDir} (it must not exist yet)`, err);
  }
  const writer = new LayerWriter(destDir, opts.allowDevices ?? process.getuid?.() === 0);
  const parser = new TarParser(writer);
  const hash = createHash('sha256');
  let chunks: AsyncIterator<Buffer> | undefined;
  try {
    const layer = await openLayer(source);
    chunks = layer.chunks[Symbol.asyncIterator]();
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = await chunks.next();
      } catch (err) {
        throw new ImageError({ step: 'read-layer', reason: `cannot read the layer${layer.compression === 'gzip' ? ' (gzip data is corrupt?)' : ''}`, errno: (err as { code?: string }).code, cause: err });
      }
      if (r.done) break;
      hash.update(r.value);
      parser.push(r.value);
    }
    parser.finish();
    writer.finish();
    return { diffId: `sha256:${hash.digest('hex')}`, compression: layer.compression, ...writer.counts };
  } catch (err) {
    writer.abort();
    await chunks?.return?.();
    try {
      removeTree(destDir);
    } catch {
      // The error that stopped the unpack is the one to report.
    }
    if (err instanceof TarFormatError) throw new ImageError({ step: 'read-layer', entry: err.entry, reason: err.message, cause: err });
    throw err;
  }
}

