// ImageError: every failure of the image code, naming the step, the layer entry (or
// store object) it failed on, why, and what the user can do.

/** The image operation that failed. */
export type ImageStep = 'read-layer' | 'unpack' | 'commit' | 'store' | 'import' | 'export' | 'build';

/** What an ImageError is built from. */
export interface ImageErrorInit {
  step: ImageStep;
  /** The tar entry name (as written in the archive) or the path inside the layer; undefined when the error is about the whole layer. */
  entry?: string;
  /** Why it failed, e.g. `hardlink target "etc/passwd" is not in this layer`. */
  reason: string;
  /** Host path the failing call acted on, when there was one. */
  path?: string;
  /** The syscall that failed, when one did. */
  syscall?: string;
  /** errno code such as "ENOENT", when a syscall failed. */
  errno?: string;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/** Thrown by unpack, commit and the store. */
export class ImageError extends Error {
  readonly step: ImageStep;
  readonly entry: string | undefined;
  readonly reason: string;
  readonly path: string | undefined;
  readonly syscall: string | undefined;
  readonly errno: string | undefined;
  readonly hint: string | undefined;

  constructor(init: ImageErrorInit) {
    const on = init.entry !== undefined ? ` entry ${JSON.stringify(init.entry)}:` : '';
    const call = init.syscall ? ` (${init.syscall}${init.path ? ` on ${init.path}` : ''}${init.errno ? `: ${init.errno}` : ''})` : init.errno ? ` (${init.errno})` : '';
    super(`image ${init.step}:${on} ${init.reason}${call}${init.hint ? `; ${init.hint}` : ''}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ImageError';
    this.step = init.step;
    this.entry = init.entry;
    this.reason = init.reason;
    this.path = init.path;
    this.syscall = init.syscall;
    this.errno = init.errno;
    this.hint = init.hint;
  }
}

/** Wraps a failed fs/libc call on an entry into an ImageError (an ImageError passes through). */
export function entryFailure(step: ImageStep, entry: string | undefined, what: string, err: unknown): ImageError {
  if (err instanceof ImageError) return err;
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const syscall = typeof e.syscall === 'string' ? e.syscall : undefined;
  return new ImageError({
    step,
    entry,
    // A system error's message repeats syscall, path and errno, which the suffix already says.
    reason: syscall ? `${what} failed` : `${what} failed: ${typeof e.message === 'string' ? e.message : String(err)}`,
    syscall,
    path: typeof e.path === 'string' ? e.path : undefined,
    errno: code,
    hint: code === 'EPERM' || code === 'EACCES' ? 'unpacking and committing layers needs root (CAP_SYS_ADMIN for trusted.* xattrs, CAP_MKNOD for whiteouts)' : code === 'ENOSPC' ? 'the disk is full' : undefined,
    cause: err,
  });
}
