// Overlay whiteouts and opaque directories, as an unpacker writes them: a whiteout is a
// char device 0/0, an opaque directory has trusted.overlay.opaque="y". koffi, because Node
// has neither mknod(2) nor setxattr(2).
import koffi from 'koffi';
import { SyscallError } from '../../runtime/sys/libc.js';

const S_IFCHR = 0o020000;

let fns: { mknod: (p: string, mode: number, dev: number) => number; setxattr: (p: string, n: string, v: Buffer, s: number, f: number) => number; lgetxattr: (p: string, n: string, v: Buffer, s: number) => number } | undefined;

function lib() {
  if (!fns) {
    const c = koffi.load('libc.so.6');
    fns = {
      mknod: c.func('int mknod(const char *path, uint32_t mode, uint64_t dev)'),
      setxattr: c.func('int setxattr(const char *path, const char *name, const void *value, size_t size, int flags)'),
      lgetxattr: c.func('long lgetxattr(const char *path, const char *name, _Out_ void *value, size_t size)'),
    };
  }
  return fns;
}

/** Makes an overlay whiteout (char device 0/0) at path. */
export function makeWhiteout(path: string): void {
  if (lib().mknod(path, S_IFCHR | 0o000, 0) < 0) throw new SyscallError('mknod', path, koffi.errno());
}

/** Marks a directory opaque: overlay hides the lower layers' contents of it. */
export function makeOpaque(dir: string): void {
  const v = Buffer.from('y');
  if (lib().setxattr(dir, 'trusted.overlay.opaque', v, v.length, 0) < 0) throw new SyscallError('setxattr(trusted.overlay.opaque)', dir, koffi.errno());
}

/** The value of an extended attribute of path (not following a last symlink), or undefined. */
export function readXattr(path: string, name: string): string | undefined {
  const buf = Buffer.alloc(256);
  const n = lib().lgetxattr(path, name, buf, buf.length);
  return n < 0 ? undefined : buf.subarray(0, Number(n)).toString();
}
