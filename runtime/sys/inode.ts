// Inode-level calls Node lacks, through koffi: mknod (overlay whiteouts are char devices
// 0/0, image layers may carry device nodes and FIFOs) and the l*xattr family (overlay's
// trusted.overlay.* attributes, file capabilities). All of them act on the link itself,
// never on what a symlink points to.
import koffi from 'koffi';
import { SyscallError } from './libc.js';

interface InodeLib {
  mknod: (path: string, mode: number, dev: number | bigint) => number;
  lsetxattr: (path: string, name: string, value: Buffer, size: number, flags: number) => number;
  lgetxattr: (path: string, name: string, value: Buffer | null, size: number) => number | bigint;
  llistxattr: (path: string, list: Buffer | null, size: number) => number | bigint;
  flistxattr: (fd: number, list: Buffer | null, size: number) => number | bigint;
  fgetxattr: (fd: number, name: string, value: Buffer | null, size: number) => number | bigint;
}

let lib: InodeLib | undefined;

function libc(): InodeLib {
  if (!lib) {
    const c = koffi.load('libc.so.6');
    // ssize_t is int64_t on the 64-bit Linux targets isolab supports.
    lib = {
      mknod: c.func('int mknod(const char *path, uint32_t mode, uint64_t dev)'),
      lsetxattr: c.func('int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)'),
      lgetxattr: c.func('int64_t lgetxattr(const char *path, const char *name, void *value, size_t size)'),
      llistxattr: c.func('int64_t llistxattr(const char *path, void *list, size_t size)'),
      flistxattr: c.func('int64_t flistxattr(int fd, void *list, size_t size)'),
      fgetxattr: c.func('int64_t fgetxattr(int fd, const char *name, void *value, size_t size)'),
    };
  }
  return lib;
}

export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;
export const S_IFIFO = 0o010000;

const ENODATA = 61;
const ERANGE = 34;

/** makedev(3): the dev_t of a major/minor pair (glibc's encoding). */
export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return ((ma & 0xfffn) << 8n) | ((ma & ~0xfffn) << 32n) | (mi & 0xffn) | ((mi & ~0xffn) << 12n);
}

/** The major/minor pair of a dev_t (as fs.Stats.rdev gives it). */
export function splitDev(rdev: number | bigint): { major: number; minor: number } {
  const d = BigInt(rdev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return { major, minor };
}

/** mknod(2); mode carries the file type (S_IFCHR, S_IFBLK, S_IFIFO) and is subject to the umask. */
export function mknod(path: string, mode: number, dev: bigint = 0n): void {
  if (libc().mknod(path, mode, dev) < 0) throw new SyscallError('mknod', path, koffi.errno());
}

/** lsetxattr(2) with flags 0 (create or replace). */
export function lsetxattr(path: string, name: string, value: Buffer): void {
  if (libc().lsetxattr(path, name, value, value.length, 0) < 0) throw new SyscallError('lsetxattr', path, koffi.errno());
}

/** lgetxattr(2): the value, or undefined when the attribute is not set. */
export function lgetxattr(path: string, name: string): Buffer | undefined {
  for (let size = 256; ; size *= 4) {
    const buf = Buffer.alloc(size);
    const n = Number(libc().lgetxattr(path, name, buf, size));
    if (n >= 0) return buf.subarray(0, n);
    const errno = koffi.errno();
    if (errno === ENODATA) return undefined;
    if (errno !== ERANGE || size > 1 << 20) throw new SyscallError('lgetxattr', path, errno);
  }
}

// One buffer reused by llistxattr: most files have no xattrs, and this is called per file on commit.
let listBuf = Buffer.alloc(4096);

/** llistxattr(2): the attribute names of path (those this process may see). */
export function llistxattr(path: string): string[] {
  for (;;) {
    const n = Number(libc().llistxattr(path, listBuf, listBuf.length));
    if (n === 0) return [];
    if (n > 0) return listBuf.toString('utf8', 0, n - 1).split('\0');
    const errno = koffi.errno();
    if (errno !== ERANGE || listBuf.length > 1 << 20) throw new SyscallError('llistxattr', path, errno);
    listBuf = Buffer.alloc(listBuf.length * 4);
  }
}

/** flistxattr(2): the attribute names of an open file; `what` names it in errors. */
export function flistxattr(fd: number, what: string): string[] {
  for (;;) {
    const n = Number(libc().flistxattr(fd, listBuf, listBuf.length));
    if (n === 0) return [];
    if (n > 0) return listBuf.toString('utf8', 0, n - 1).split('\0');
    const errno = koffi.errno();
    if (errno !== ERANGE || listBuf.length > 1 << 20) throw new SyscallError('flistxattr', what, errno);
    listBuf = Buffer.alloc(listBuf.length * 4);
  }
}

/** fgetxattr(2): the value, or undefined when the attribute is not set; `what` names the file in errors. */
export function fgetxattr(fd: number, name: string, what: string): Buffer | undefined {
  for (let size = 256; ; size *= 4) {
    const buf = Buffer.alloc(size);
    const n = Number(libc().fgetxattr(fd, name, buf, size));
    if (n >= 0) return buf.subarray(0, n);
    const errno = koffi.errno();
    if (errno === ENODATA) return undefined;
    if (errno !== ERANGE || size > 1 << 20) throw new SyscallError('fgetxattr', what, errno);
  }
}
