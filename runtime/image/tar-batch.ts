// TarBatch: commit's output buffer. Headers and small files' data are written straight
// into 1 MiB batches (no buffer per entry: a layer is mostly tiny files), and full batches
// wait in a queue to be yielded downstream. A batch, once queued, is never written again.
// Batches start zeroed (one calloc'd MiB costs less than clearing each header and copying
// each padding), so headers skip their clearing and paddings are skipped over.
import { END_OF_ARCHIVE, prepareHeader, writeHeader, type TarWriteEntry } from './tar-writer.js';

const BATCH = 1 << 20;

/** Accumulates a tar archive in batches; see the file comment. */
export class TarBatch {
  /** Entries written so far. */
  entries = 0;
  private buf = Buffer.alloc(BATCH);
  private off = 0;
  private readonly ready: Buffer[] = [];

  /** Appends an entry's header(s); its data (for files) follows through room()/advance() or queue(), then padding. */
  header(e: TarWriteEntry): void {
    this.entries++;
    const h = prepareHeader(e);
    this.reserve(h.length);
    writeHeader(this.buf, this.off, e, h, true);
    this.off += h.length;
  }

  /** n contiguous bytes at the end of the batch to write into; advance(n) once written. */
  room(n: number): { buf: Buffer; off: number } {
    this.reserve(n);
    return { buf: this.buf, off: this.off };
  }

  advance(n: number): void {
    this.off += n;
  }

  /** Queues a buffer of data as is (large files' chunks), after what is batched so far. */
  queue(b: Buffer): void {
    this.cut();
    this.ready.push(b);
  }

  /** Copies bytes in (padding, the end-of-archive blocks). */
  push(b: Buffer): void {
    if (b.length === 0) return;
    this.reserve(b.length);
    b.copy(this.buf, this.off);
    this.off += b.length;
  }

  /** Pads `size` bytes of data to a whole block (zeros already: skipped over). */
  pad(size: number): void {
    this.zeros((512 - (size % 512)) % 512);
  }

  /** Ends the archive and queues the last batch. */
  finish(): void {
    this.zeros(END_OF_ARCHIVE.length);
    this.cut();
  }

  private zeros(n: number): void {
    if (n === 0) return;
    this.reserve(n);
    this.off += n;
  }

  get hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** Yields the queued batches. */
  *drain(): Generator<Buffer> {
    while (this.ready.length > 0) yield this.ready.shift()!;
  }

  private reserve(n: number): void {
    if (this.off + n <= this.buf.length) return;
    this.cut();
    if (n > this.buf.length) this.buf = Buffer.alloc(n);
  }

  private cut(): void {
    if (this.off === 0) return;
    this.ready.push(this.buf.subarray(0, this.off));
    this.buf = Buffer.alloc(BATCH);
    this.off = 0;
  }
}
