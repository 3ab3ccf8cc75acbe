// Errors of the container lifecycle: each names the step, the syscall and the path.

/** A container could not be started or torn down. */
export class ContainerError extends Error {
  readonly step: string;
  readonly syscall: string | undefined;
  readonly path: string | undefined;
  readonly errno: string | undefined;
  constructor(o: { step: string; message: string; syscall?: string; path?: string; errno?: string; cause?: unknown }) {
    super(o.message, o.cause === undefined ? undefined : { cause: o.cause });
    this.name = 'ContainerError';
    this.step = o.step;
    this.syscall = o.syscall;
    this.path = o.path;
    this.errno = o.errno;
  }
}

const advice: Record<string, string> = {
  EPERM: 'isolab must run as root with CAP_SYS_ADMIN; inside another container, it needs to be privileged',
  ENOENT: 'check that the path exists',
  EINVAL: 'the kernel rejected the arguments; check that it supports this feature (isolab env)',
  ENOSPC: 'a kernel limit was reached (user.max_*_namespaces, pid_max) or a disk is full',
};

/** Builds the error for a launcher "failed" event. */
export function launchFailure(e: { step: string; syscall: string; path: string; errno: number; code: string; message: string }): ContainerError {
  const what = e.syscall ? `${e.syscall}${e.path ? ` on ${e.path}` : ''}` : e.path;
  const code = e.code || (e.errno ? `errno ${e.errno}` : '');
  const hint = advice[e.code] ? ` (${advice[e.code]})` : '';
  return new ContainerError({
    step: e.step,
    syscall: e.syscall || undefined,
    path: e.path || undefined,
    errno: e.code || undefined,
    message: `container start failed at step "${e.step}": ${what}: ${e.message}${code ? ` [${code}]` : ''}${hint}`,
  });
}
