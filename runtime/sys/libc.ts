// The few syscalls Node lacks, through koffi: umount2 and mount for isolab's host-side work
// (never unshare/setns: from Node those would move one thread only).
import koffi from 'koffi';
import os from 'node:os';

/** A failed libc call: names the syscall and the path, keeps the errno. */
export class SyscallError extends Error {
  readonly syscall: string;
  readonly path: string;
  readonly errno: number;
  readonly code: string;
  constructor(syscall: string, path: string, errno: number) {
    const code = Object.entries(os.constants.errno).find(([, v]) => v === errno)?.[0] ?? `E${errno}`;
    super(`${syscall}(${path}) failed: ${code}`);
    this.name = 'SyscallError';
    this.syscall = syscall;
    this.path = path;
    this.errno = errno;
    this.code = code;
  }
}

let lib: { umount2: (p: string, f: number) => number; mount: (s: string | null, t: string, fs: string | null, f: number, d: string | null) => number } | undefined;

function libc() {
  if (!lib) {
    const c = koffi.load('libc.so.6');
    lib = {
      umount2: c.func('int umount2(const char *target, int flags)'),
      mount: c.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)'),
    };
  }
  return lib;
}

export const MNT_DETACH = 2;
export const MS_RDONLY = 1;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MS_PRIVATE = 1 << 18;

/** umount2(2); throws SyscallError. */
export function umount2(target: string, flags = 0): void {
  if (libc().umount2(target, flags) < 0) throw new SyscallError('umount2', target, koffi.errno());
}

/** mount(2); throws SyscallError. */
export function mount(source: string | null, target: string, fstype: string | null, flags: number, data: string | null): void {
  if (libc().mount(source, target, fstype, flags, data) < 0) throw new SyscallError('mount', target, koffi.errno());
}
