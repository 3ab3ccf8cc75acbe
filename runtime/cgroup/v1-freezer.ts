// v1 "freezer" hierarchy: how killAll() stops fork races on v1. Freezing a
// cgroup freezes its sub-cgroups too.

import { join } from 'node:path';
import { readCgroupFile, writeCgroupFile } from './cgroup-io.js';
import { pollUntil } from './kill-loop.js';
import { CgroupError } from './errors.js';

/** Write FROZEN to freezer.state and wait until the kernel reports FROZEN (it passes through FREEZING). */
export async function freezeV1(dir: string, deadline: number): Promise<void> {
  const state = join(dir, 'freezer.state');
  writeCgroupFile(state, 'FROZEN', { step: 'freeze' });
  const frozen = await pollUntil(() => readCgroupFile(state, 'freeze').trim() === 'FROZEN', deadline);
  if (frozen) return;
  thawV1(dir);
  throw new CgroupError({
    step: 'freeze',
    syscall: 'write',
    path: state,
    errno: 'ETIMEDOUT',
    what: 'wait for FROZEN',
    hint: 'a task could not be frozen (uninterruptible sleep?); check /proc/PID/stack of the cgroup tasks, then retry killAll()',
  });
}

/** Write THAWED to freezer.state; pending SIGKILLs are delivered as tasks wake. */
export function thawV1(dir: string): void {
  writeCgroupFile(join(dir, 'freezer.state'), 'THAWED', { step: 'thaw' });
}
