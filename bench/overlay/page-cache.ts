// Making one file's data cold: posix_fadvise(POSIX_FADV_DONTNEED) drops its clean pages
// from the page cache. Targeted on purpose: a system-wide `echo 3 > drop_caches` would
// also drop the dentries and inodes the other (warm) figures of the same round rely on.
import fs from 'node:fs';
import koffi from 'koffi';

const POSIX_FADV_DONTNEED = 4;

let fadvise: ((fd: number, offset: number, len: number, advice: number) => number) | undefined;

/** Writes back and drops the file's cached pages, so that the next read comes from the disk. */
export function evictFromPageCache(file: string): void {
  fadvise ??= koffi.load('libc.so.6').func('int posix_fadvise(int fd, int64_t offset, int64_t len, int advice)');
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd); // dirty pages are not dropped: write them first
    const err = fadvise(fd, 0, 0, POSIX_FADV_DONTNEED); // returns the error number itself, not -1
    if (err !== 0) throw new Error(`posix_fadvise(${file}, DONTNEED) failed: errno ${err}`);
  } finally {
    fs.closeSync(fd);
  }
}
