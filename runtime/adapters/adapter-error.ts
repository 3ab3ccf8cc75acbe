// AdapterError: a runtime adapter step failed. Names the runtime, the step and the command,
// keeps the runtime's own words (its stderr or log) and the cause.

/** The adapter step that failed. */
export type AdapterStep = 'bundle' | 'mount' | 'image' | 'create' | 'start' | 'wait' | 'kill' | 'inspect' | 'delete';

/** What an AdapterError is built from. */
export interface AdapterErrorInit {
  runtime: string;
  step: AdapterStep;
  /** What was attempted, e.g. `runc run --bundle /run/isolab/containers/ab12 ab12`. */
  what: string;
  /** The runtime's own message (stderr, log line), trimmed. */
  detail?: string;
  /** What the user can do about it. */
  hint?: string;
  /** The file or directory it failed on, when there is one. */
  path?: string;
  /** The syscall that failed, for host-side steps (mount). */
  syscall?: string;
  errno?: string;
  cause?: unknown;
}

/** Thrown when a runtime adapter cannot create, run or remove a container. */
export class AdapterError extends Error {
  readonly runtime: string;
  readonly step: AdapterStep;
  readonly detail: string | undefined;
  readonly path: string | undefined;
  readonly syscall: string | undefined;
  readonly errno: string | undefined;

  constructor(init: AdapterErrorInit) {
    const detail = init.detail ? `: ${init.detail.trim().split('\n').slice(-5).join(' | ')}` : '';
    const hint = init.hint ? ` (${init.hint})` : '';
    super(`${init.runtime} ${init.step}: ${init.what} failed${detail}${hint}`, { cause: init.cause });
    this.name = 'AdapterError';
    this.runtime = init.runtime;
    this.step = init.step;
    this.detail = init.detail;
    this.path = init.path;
    this.syscall = init.syscall;
    this.errno = init.errno;
  }
}
