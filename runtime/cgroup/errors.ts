// CgroupError: every failure in this module, naming what failed on what and
// what the user can do about it.

/** The driver step that failed. */
export type CgroupStep =
  | 'detect'
  | 'plan'
  | 'validate'
  | 'mkdir'
  | 'enable-controllers'
  | 'write-limit'
  | 'read-stats'
  | 'list-procs'
  | 'freeze'
  | 'kill'
  | 'thaw'
  | 'rmdir';

/** What a CgroupError is built from; `what` and `hint` make up the message. */
export interface CgroupErrorInit {
  step: CgroupStep;
  /** The syscall (or pseudo-syscall such as "parse") that failed; "" for pure validation. */
  syscall: string;
  /** The file or directory it failed on; for validation errors, the resources field. */
  path: string;
  /** errno code such as "EINVAL", when a syscall failed. */
  errno?: string;
  /** Short description of the operation, e.g. `write "max 100000"`. */
  what: string;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/** Thrown by every cgroup driver operation. */
export class CgroupError extends Error {
  readonly step: CgroupStep;
  readonly syscall: string;
  readonly path: string;
  readonly errno: string | undefined;
  readonly hint: string | undefined;

  constructor(init: CgroupErrorInit) {
    const errnoPart = init.errno ? ` (${init.errno})` : '';
    const hintPart = init.hint ? `: ${init.hint}` : '';
    super(`cgroup ${init.step}: ${init.what} on ${init.path} failed${errnoPart}${hintPart}`, {
      cause: init.cause,
    });
    this.name = 'CgroupError';
    this.step = init.step;
    this.syscall = init.syscall;
    this.path = init.path;
    this.errno = init.errno;
    this.hint = init.hint;
  }
}

/** The errno code of a Node system error, or undefined. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Advice for an errno seen on cgroupfs, used when the caller has nothing more specific. */
export function hintForErrno(errno: string | undefined): string | undefined {
  switch (errno) {
    case 'EACCES':
    case 'EPERM':
      return 'run as root, or delegate this cgroup subtree to the current user';
    case 'EROFS':
      return 'cgroupfs is mounted read-only here (inside a container?); mount it rw or run on the host';
    case 'ENOENT':
      return 'the file or directory does not exist: the controller may not be mounted or enabled for this cgroup';
    case 'EINVAL':
      return 'the kernel rejected the value; check the matching linux.resources field';
    case 'ERANGE':
      return 'the value is out of range on this host (a CPU or memory node it does not have?); check the matching linux.resources field';
    case 'ENOSPC':
      return 'cpuset.cpus or cpuset.mems is empty for this cgroup; set both before a process joins';
    case 'EBUSY':
      return 'the cgroup still has processes or sub-cgroups; call killAll() first';
    case 'EOPNOTSUPP':
      return 'this kernel does not support the operation on this cgroup';
    default:
      return undefined;
  }
}
