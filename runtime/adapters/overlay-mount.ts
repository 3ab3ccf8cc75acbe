// Mounting a container's rootfs overlay on the host, for runtimes that take a ready rootfs
// (runc, crun). mount(2) takes the whole option string in one page, which a few hundred
// lower layers overflow; then the new mount API (fsopen/fsconfig "lowerdir+", Linux 6.8)
// takes the layers one by one.
import fs from 'node:fs';
import koffi from 'koffi';
import { MS_RDONLY, mount, SyscallError } from '../sys/libc.js';

/** What makes up one overlay rootfs. */
export interface OverlayLayers {
  /** Lower directories, topmost first (the order of overlayfs' lowerdir). */
  lower: string[];
  /** Writable layer and overlay's work directory; absent for a read-only rootfs. */
  upper?: string;
  work?: string;
}

/** The overlay option string of layers ("lowerdir=a:b,upperdir=u,workdir=w"). */
export function overlayOptions(l: OverlayLayers): string {
  const rw = l.upper && l.work ? `,upperdir=${l.upper},workdir=${l.work}` : '';
  return `lowerdir=${l.lower.join(':')}${rw}`;
}

/** mount(2) refuses option strings longer than one page, NUL included. */
const PAGE = 4096;

/** Mounts the overlay at target; read-only when it has no upper layer. Throws SyscallError. */
export function mountOverlay(target: string, l: OverlayLayers): void {
  const data = overlayOptions(l);
  const readonly = !(l.upper && l.work);
  if (Buffer.byteLength(data) < PAGE) return mount('overlay', target, 'overlay', readonly ? MS_RDONLY : 0, data);
  mountOverlayByLayer(target, l, readonly);
}

interface NewMountApi {
  fsopen: (name: string, flags: number) => number;
  fsconfig: (fd: number, cmd: number, key: string | null, value: string | null, aux: number) => number;
  fsmount: (fd: number, flags: number, attrs: number) => number;
  move_mount: (fromFd: number, fromPath: string, toFd: number, toPath: string, flags: number) => number;
}

let api: NewMountApi | undefined;

function newMountApi(): NewMountApi {
  if (!api) {
    const c = koffi.load('libc.so.6');
    api = {
      fsopen: c.func('int fsopen(const char *fs_name, unsigned int flags)'),
      fsconfig: c.func('int fsconfig(int fd, unsigned int cmd, const char *key, const char *value, int aux)'),
      fsmount: c.func('int fsmount(int fd, unsigned int flags, unsigned int attr_flags)'),
      move_mount: c.func('int move_mount(int from_dirfd, const char *from_path, int to_dirfd, const char *to_path, unsigned int flags)'),
    };
  }
  return api;
}

const FSOPEN_CLOEXEC = 1;
const FSCONFIG_SET_STRING = 1;
const FSCONFIG_CMD_CREATE = 6;
const FSMOUNT_CLOEXEC = 1;
const MOUNT_ATTR_RDONLY = 1;
const MOVE_MOUNT_F_EMPTY_PATH = 4;
const AT_FDCWD = -100;

function mountOverlayByLayer(target: string, l: OverlayLayers, readonly: boolean): void {
  const m = newMountApi();
  const check = (ret: number, syscall: string, what: string): number => {
    if (ret < 0) throw new SyscallError(syscall, what, koffi.errno());
    return ret;
  };
  const fsfd = check(m.fsopen('overlay', FSOPEN_CLOEXEC), 'fsopen', 'overlay');
  let mfd = -1;
  try {
    // lowerdir+ appends one layer per call, topmost first, like the lowerdir list.
    for (const dir of l.lower) check(m.fsconfig(fsfd, FSCONFIG_SET_STRING, 'lowerdir+', dir, 0), 'fsconfig(lowerdir+)', dir);
    if (!readonly) {
      check(m.fsconfig(fsfd, FSCONFIG_SET_STRING, 'upperdir', l.upper!, 0), 'fsconfig(upperdir)', l.upper!);
      check(m.fsconfig(fsfd, FSCONFIG_SET_STRING, 'workdir', l.work!, 0), 'fsconfig(workdir)', l.work!);
    }
    check(m.fsconfig(fsfd, FSCONFIG_CMD_CREATE, null, null, 0), 'fsconfig(create)', target);
    mfd = check(m.fsmount(fsfd, FSMOUNT_CLOEXEC, readonly ? MOUNT_ATTR_RDONLY : 0), 'fsmount', target);
    check(m.move_mount(mfd, '', AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH), 'move_mount', target);
  } finally {
    if (mfd >= 0) fs.closeSync(mfd);
    fs.closeSync(fsfd);
  }
}
