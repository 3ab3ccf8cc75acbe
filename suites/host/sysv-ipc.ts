// The host's IPC sentinels: SysV shared memory, message queue and semaphore set with a
// known key, and a POSIX message queue with a known name. koffi, because Node has no
// binding for these calls and ipcmk cannot choose the key.
import koffi from 'koffi';
import { SyscallError } from '../../runtime/sys/libc.js';

const IPC_CREAT = 0o1000;
const IPC_EXCL = 0o2000;
const IPC_RMID = 0;
const O_RDONLY = 0;
const O_CREAT = 0o100;
const O_EXCL = 0o200;

interface Ipc {
  shmget: (key: number, size: number, flags: number) => number;
  shmctl: (id: number, cmd: number, buf: null) => number;
  msgget: (key: number, flags: number) => number;
  msgctl: (id: number, cmd: number, buf: null) => number;
  semget: (key: number, n: number, flags: number) => number;
  semctl: (id: number, num: number, cmd: number) => number;
  mq_open: (...args: unknown[]) => number;
  mq_close: (fd: number) => number;
  mq_unlink: (name: string) => number;
}

let ipc: Ipc | undefined;

function lib(): Ipc {
  if (!ipc) {
    const c = koffi.load('libc.so.6');
    ipc = {
      shmget: c.func('int shmget(int key, size_t size, int flags)'),
      shmctl: c.func('int shmctl(int id, int cmd, void *buf)'),
      msgget: c.func('int msgget(int key, int flags)'),
      msgctl: c.func('int msgctl(int id, int cmd, void *buf)'),
      semget: c.func('int semget(int key, int nsems, int flags)'),
      semctl: c.func('int semctl(int id, int semnum, int cmd, ...)'),
      mq_open: c.func('int mq_open(const char *name, int oflag, ...)'),
      mq_close: c.func('int mq_close(int mqd)'),
      mq_unlink: c.func('int mq_unlink(const char *name)'),
    };
  }
  return ipc;
}

/** The kinds of SysV IPC object. */
export type SysvKind = 'shm' | 'msg' | 'sem';

/** A SysV object the host created; remove() deletes it (idempotent). */
export interface SysvObject {
  kind: SysvKind;
  key: number;
  id: number;
}

const signedKey = (key: number) => key | 0; // key_t is a signed int

/** Creates a SysV object with key (mode 0600, root's): fails if the key is taken. */
export function createSysv(kind: SysvKind, key: number): SysvObject {
  const flags = IPC_CREAT | IPC_EXCL | 0o600;
  const l = lib();
  const id = kind === 'shm' ? l.shmget(signedKey(key), 4096, flags) : kind === 'msg' ? l.msgget(signedKey(key), flags) : l.semget(signedKey(key), 1, flags);
  if (id < 0) throw new SyscallError(`${kind}get`, `key 0x${key.toString(16)}`, koffi.errno());
  return { kind, key, id };
}

/** Removes a SysV object by id; a missing one is not an error. */
export function removeSysv(kind: SysvKind, id: number): void {
  const l = lib();
  const r = kind === 'shm' ? l.shmctl(id, IPC_RMID, null) : kind === 'msg' ? l.msgctl(id, IPC_RMID, null) : l.semctl(id, 0, IPC_RMID);
  const errno = r < 0 ? koffi.errno() : 0;
  if (r < 0 && errno !== 22 && errno !== 43) throw new SyscallError(`${kind}ctl(IPC_RMID)`, `id ${id}`, errno); // EINVAL, EIDRM: gone
}

/** Creates a POSIX message queue ("/name"), owned by root, mode 0600. */
export function createMqueue(name: string): void {
  const l = lib();
  const fd = l.mq_open(name, O_CREAT | O_EXCL | O_RDONLY, 'uint32_t', 0o600, 'void *', null);
  if (fd < 0) throw new SyscallError('mq_open', name, koffi.errno());
  l.mq_close(fd);
}

/** Removes a POSIX message queue; a missing one is not an error. */
export function removeMqueue(name: string): void {
  if (lib().mq_unlink(name) < 0) {
    const errno = koffi.errno();
    if (errno !== 2) throw new SyscallError('mq_unlink', name, errno);
  }
}

/** The SysV objects of the host (from /proc/sysvipc), as {kind, key, id}. */
export function listSysv(readFile: (p: string) => string): SysvObject[] {
  const out: SysvObject[] = [];
  for (const kind of ['shm', 'msg', 'sem'] as const) {
    let text = '';
    try {
      text = readFile(`/proc/sysvipc/${kind}`);
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 2) continue;
      out.push({ kind, key: Number(f[0]) >>> 0, id: Number(f[1]) });
    }
  }
  return out;
}
