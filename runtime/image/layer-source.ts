// The bytes of a layer tar, from a file or a stream, decompressed when the blob is gzip
// (detected by its magic number, not by a file name or media type).
import fs from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { ImageError } from './errors.js';

/** How a layer blob is compressed. */
export type Compression = 'none' | 'gzip';

/** A layer's uncompressed tar bytes. */
export interface LayerSource {
  compression: Compression;
  chunks: AsyncIterable<Buffer>;
}

const MAGIC: Array<{ bytes: number[]; name: string }> = [
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], name: 'zstd' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], name: 'xz' },
  { bytes: [0x42, 0x5a, 0x68], name: 'bzip2' },
];

/** The compression a blob starts with; throws for compressions Node 20 cannot read. */
export function detectCompression(head: Buffer, what: string): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  for (const m of MAGIC) {
    if (m.bytes.every((b, i) => head[i] === b)) {
      throw new ImageError({ step: 'read-layer', reason: `${what} is ${m.name}-compressed, which isolab cannot read`, hint: 'decompress it first (a layer may be a plain or a gzip tar)' });
    }
  }
  return 'none';
}

/** The compression of the blob in file (from its first bytes at offset start, at most size of them). */
export function compressionOfFile(file: string, what: string, start = 0, size = 8): Compression {
  const head = Buffer.alloc(8);
  const fd = fs.openSync(file, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, Math.min(8, size), start);
  } finally {
    fs.closeSync(fd);
  }
  return detectCompression(head.subarray(0, n), what);
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk);
  throw new ImageError({ step: 'read-layer', reason: 'the layer stream yields neither bytes nor strings' });
}

/** Opens a layer from a file path or a byte stream; the stream is consumed. */
export async function openLayer(src: Readable | string): Promise<LayerSource> {
  const what = typeof src === 'string' ? src : 'the layer stream';
  const input = typeof src === 'string' ? fs.createReadStream(src, { highWaterMark: 1 << 20 }) : src;
  const it = input[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const head: Buffer[] = [];
  let headLength = 0;
  try {
    while (headLength < 8) {
      const r = await it.next();
      if (r.done) break;
      const b = asBuffer(r.value);
      head.push(b);
      headLength += b.length;
    }
  } catch (err) {
    await it.return?.();
    const code = (err as { code?: unknown }).code;
    throw new ImageError({ step: 'read-layer', reason: `cannot read ${what}`, errno: typeof code === 'string' ? code : undefined, cause: err });
  }
  let compression: Compression;
  try {
    compression = detectCompression(Buffer.concat(head), what);
  } catch (err) {
    await it.return?.();
    throw err;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield asBuffer(r.value);
      }
    } finally {
      await it.return?.(); // stops and closes the input when the consumer gives up early
    }
  }
  const raw = Readable.from(rest(), { objectMode: false });
  if (compression === 'none') return { compression, chunks: raw };
  const gunzip = zlib.createGunzip({ chunkSize: 1 << 18 });
  pipeline(raw, gunzip, () => {}); // an error surfaces where gunzip is read
  return { compression, chunks: gunzip };
}
