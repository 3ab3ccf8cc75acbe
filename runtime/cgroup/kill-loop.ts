// Emptying a cgroup: freeze (so nothing forks between listing and killing),
// SIGKILL every listed pid, thaw (the pending SIGKILLs are delivered), and repeat
// until the cgroup is empty. Shared by v1 (freezer hierarchy) and v2 (cgroup.freeze
// on kernels before cgroup.kill).

import { setTimeout as sleep } from 'node:timers/promises';
import { CgroupError, errnoOf } from './errors.js';

/** How the kill loop reaches one cgroup. */
export interface KillTarget {
  /** Directory named in errors. */
  path: string;
  /** Freeze every task; resolves once frozen. Absent when no freezer is available. */
  freeze?(deadline: number): Promise<void>;
  thaw?(): void;
  /** All pids in the cgroup and its sub-cgroups. */
  list(): number[];
  /** True when no process is left. */
  isEmpty(): boolean;
}

/** Poll `done` with short sleeps until it holds or `until` (ms since epoch) passes. */
export async function pollUntil(done: () => boolean, until: number): Promise<boolean> {
  let delayMs = 1;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= until) return false;
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, 20);
  }
}

/** SIGKILL `pid`; false if it was already gone. */
export function sigkill(pid: number, path: string): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ESRCH') return false;
    throw new CgroupError({ step: 'kill', syscall: 'kill', path, errno, what: `kill -9 ${pid}`, cause: error });
  }
}

// After a round, how long to wait for the victims to exit before the next round.
const ROUND_WAIT_MS = 100;

/** Kill everything in `target` until it is empty; resolves with how many processes were signalled. */
export async function killUntilEmpty(target: KillTarget, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const killed = new Set<number>();
  for (;;) {
    if (target.freeze) await target.freeze(deadline);
    try {
      for (const pid of target.list()) {
        if (sigkill(pid, target.path)) killed.add(pid);
      }
    } finally {
      target.thaw?.();
    }
    if (await pollUntil(() => target.isEmpty(), Math.min(deadline, Date.now() + ROUND_WAIT_MS))) {
      return killed.size;
    }
    if (Date.now() >= deadline) throw killTimeout(target, timeoutMs);
  }
}

/** The error for a cgroup that did not empty in time. */
export function killTimeout(target: Pick<KillTarget, 'path' | 'list'>, timeoutMs: number): CgroupError {
  let left = '';
  try {
    left = target.list().join(' ');
  } catch {
    left = '?';
  }
  return new CgroupError({
    step: 'kill',
    syscall: 'kill',
    path: target.path,
    errno: 'ETIMEDOUT',
    what: `empty the cgroup within ${timeoutMs} ms (pids left: ${left})`,
    hint: 'processes in uninterruptible sleep (D state, e.g. stuck NFS or FUSE IO) cannot die; check /proc/PID/stack, then retry killAll()',
  });
}
