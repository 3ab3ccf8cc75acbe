// Overlay whiteouts and opaque directories, as an unpacker writes them: a whiteout is a
// char device 0/0, an opaque directory has trusted.overlay.opaque="y".
import { S_IFCHR, lgetxattr, lsetxattr, mknod } from '../../runtime/sys/inode.js';

/** Makes an overlay whiteout (char device 0/0) at path. */
export function makeWhiteout(path: string): void {
  mknod(path, S_IFCHR | 0o000, 0n);
}

/** Marks a directory opaque: overlay hides the lower layers' contents of it. */
export function makeOpaque(dir: string): void {
  lsetxattr(dir, 'trusted.overlay.opaque', Buffer.from('y'));
}

/** The value of an extended attribute of path (not following a last symlink), or undefined. */
export function readXattr(path: string, name: string): string | undefined {
  return lgetxattr(path, name)?.toString();
}
