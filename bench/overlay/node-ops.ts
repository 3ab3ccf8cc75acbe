// Operations isolab times from Node, in batches (one clock read pair around many calls, so
// the timer costs well under a nanosecond per call): open/close and readdir, where the
// probe has no workload; the first write into a file (copy-up on an overlay); and random
// 4 KiB reads when fio is not installed. Each call also pays Node's fs binding (about a
// microsecond, the same on both sides): ratios of these figures understate the overlay's
// relative cost, while the difference overlay − plain is exact.
import fs from 'node:fs';
import path from 'node:path';

const now = () => process.hrtime.bigint();

/** ns per open(O_RDONLY) + close of each name in dir. */
export function timeOpenClose(dir: string, names: readonly string[]): number {
  const paths = names.map((n) => path.join(dir, n));
  const t0 = now();
  for (const p of paths) fs.closeSync(fs.openSync(p, 'r'));
  return Number(now() - t0) / paths.length;
}

/** ns per directory entry of reading dir whole, `repeats` times. Throws when it has no entries. */
export function timeReaddir(dir: string, repeats: number): number {
  let entries = 0;
  const t0 = now();
  for (let i = 0; i < repeats; i++) entries += fs.readdirSync(dir).length;
  const ns = Number(now() - t0);
  if (entries === 0) throw new Error(`readdir ${dir}: no entries to time`);
  return ns / entries;
}

/**
 * ns of the first write into an existing file: open for writing, write one byte at
 * offset 0, close. On an overlay, opening a lower-layer file for writing copies it up
 * whole (data and fsync) before the open returns.
 */
export function timeFirstWrite(file: string): number {
  const one = Buffer.from('x');
  const t0 = now();
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, one, 0, 1, 0);
  } finally {
    fs.closeSync(fd);
  }
  return Number(now() - t0);
}

/** ns per buffered 4 KiB pread at `count` random 4 KiB-aligned offsets of file (fio's fallback). */
export function timeRandomReads(file: string, count: number): number {
  const size = fs.statSync(file).size;
  const blocks = Math.floor(size / 4096);
  if (blocks < 1) throw new Error(`random reads: ${file} is smaller than 4 KiB`);
  const offsets = Array.from({ length: count }, () => Math.floor(Math.random() * blocks) * 4096);
  const buf = Buffer.allocUnsafe(4096);
  const fd = fs.openSync(file, 'r');
  try {
    const t0 = now();
    for (const off of offsets) fs.readSync(fd, buf, 0, 4096, off);
    return Number(now() - t0) / count;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads file whole (untimed): brings it into the page cache. */
export function readWhole(file: string): void {
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    while (fs.readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file of `bytes` of non-zero data (zeros could be stored as holes and skipped by copy-up). */
export function writeDataFile(file: string, bytes: number): void {
  const chunk = Buffer.alloc(Math.min(bytes, 8 << 20), 0x5a);
  const fd = fs.openSync(file, 'w');
  try {
    for (let done = 0; done < bytes; ) done += fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - done));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
