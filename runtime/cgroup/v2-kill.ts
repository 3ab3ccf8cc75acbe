// Emptying a cgroup v2: cgroup.kill (Linux ≥ 5.14) kills the whole subtree
// atomically, forks included; older kernels freeze (cgroup.freeze, Linux ≥ 5.2),
// kill and thaw in rounds.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readTreeProcs } from './cgroup-dirs.js';
import { parseFlatKeyed, readOptionalFile, writeCgroupFile } from './cgroup-io.js';
import { CgroupError } from './errors.js';
import { killTimeout, killUntilEmpty, pollUntil } from './kill-loop.js';

/** Read cgroup.events as flat keys (populated, frozen); empty when absent. */
function readEvents(dir: string): Map<string, number> {
  return parseFlatKeyed(readOptionalFile(join(dir, 'cgroup.events'), 'list-procs'));
}

/** Whether `dir` or a sub-cgroup has a live process (cgroup.events "populated", else the procs files). */
export function isPopulatedV2(dir: string): boolean {
  const populated = readEvents(dir).get('populated');
  if (populated !== undefined) return populated !== 0;
  return readTreeProcs(dir).length > 0;
}

/** SIGKILL everything in `dir` and its sub-cgroups; resolves with how many processes were killed. */
export async function killAllV2(dir: string, timeoutMs: number): Promise<number> {
  if (!isPopulatedV2(dir)) return 0;
  const list = (): number[] => [...new Set(readTreeProcs(dir))];
  const killFile = join(dir, 'cgroup.kill');
  if (existsSync(killFile)) {
    // cgroup.kill reports no count: count what was there when it was written.
    const victims = list();
    writeCgroupFile(killFile, '1', { step: 'kill' });
    if (await pollUntil(() => !isPopulatedV2(dir), Date.now() + timeoutMs)) return victims.length;
    throw killTimeout({ path: dir, list }, timeoutMs);
  }
  const canFreeze = existsSync(join(dir, 'cgroup.freeze'));
  return killUntilEmpty(
    {
      path: dir,
      freeze: canFreeze ? (deadline) => freezeV2(dir, deadline) : undefined,
      thaw: canFreeze ? () => writeCgroupFile(join(dir, 'cgroup.freeze'), '0', { step: 'thaw' }) : undefined,
      list,
      isEmpty: () => !isPopulatedV2(dir),
    },
    timeoutMs,
  );
}

/** Write 1 to cgroup.freeze and wait for cgroup.events "frozen 1". */
async function freezeV2(dir: string, deadline: number): Promise<void> {
  const freeze = join(dir, 'cgroup.freeze');
  writeCgroupFile(freeze, '1', { step: 'freeze' });
  if (await pollUntil(() => readEvents(dir).get('frozen') === 1, deadline)) return;
  writeCgroupFile(freeze, '0', { step: 'thaw' });
  throw new CgroupError({
    step: 'freeze',
    syscall: 'write',
    path: freeze,
    errno: 'ETIMEDOUT',
    what: 'wait for cgroup.events "frozen 1"',
    hint: 'a task could not be frozen (uninterruptible sleep?); check /proc/PID/stack of the cgroup tasks, then retry killAll()',
  });
}
