// v1 "memory" hierarchy: limit and memory+swap limit; usage, peak and OOM counters.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseFlatKeyed, parseSingleValue, readOptionalFile, writeCgroupFile } from './cgroup-io.js';
import { CgroupError } from './errors.js';
import type { CgroupStats, LinuxMemory } from './types.js';

/**
 * Write memory.limit_in_bytes, then memory.memsw.limit_in_bytes (OCI swap is
 * memory+swap, exactly v1's memsw). Order matters: the kernel requires
 * memsw >= limit at every step, and a fresh cgroup starts with both unlimited.
 */
export function applyV1Memory(dir: string, memory: LinuxMemory | undefined): void {
  if (!memory) return;
  if (memory.limit !== undefined) {
    writeCgroupFile(join(dir, 'memory.limit_in_bytes'), String(memory.limit), { field: 'memory.limit' });
  }
  if (memory.swap === undefined) return;
  const memsw = join(dir, 'memory.memsw.limit_in_bytes');
  // Asked of the parent: the leaf may not exist yet (its creation can be deferred, see
  // deferred-create.ts), and swap accounting is the same across a hierarchy.
  if (!existsSync(join(dirname(dir), 'memory.memsw.limit_in_bytes'))) {
    if (memory.swap === -1) return; // unlimited is what the kernel does without swap accounting
    throw new CgroupError({
      step: 'write-limit',
      syscall: 'open',
      path: memsw,
      errno: 'ENOENT',
      what: `write ${JSON.stringify(String(memory.swap))} (linux.resources.memory.swap)`,
      hint: 'this kernel has no swap accounting (CONFIG_MEMCG_SWAP, boot with swapaccount=1), so memory+swap cannot be limited; omit linux.resources.memory.swap',
    });
  }
  writeCgroupFile(memsw, String(memory.swap), { field: 'memory.swap' });
}

/** Read usage, peak, limit and OOM counters. v1 has no "OOM path ran" counter, so oomEvents = oom_kill. */
export function readV1MemoryStats(dir: string, stats: CgroupStats): void {
  const current = parseSingleValue(readOptionalFile(join(dir, 'memory.usage_in_bytes')));
  const peak = parseSingleValue(readOptionalFile(join(dir, 'memory.max_usage_in_bytes')));
  const limit = parseSingleValue(readOptionalFile(join(dir, 'memory.limit_in_bytes')));
  if (current !== undefined) stats.memoryCurrent = current;
  if (peak !== undefined) stats.memoryPeak = peak;
  if (limit !== undefined) stats.memoryLimit = limit;
  // memory.oom_control: "oom_kill_disable 0\nunder_oom 0\noom_kill N" (oom_kill since Linux 4.13).
  const oomKills = parseFlatKeyed(readOptionalFile(join(dir, 'memory.oom_control'))).get('oom_kill');
  if (oomKills !== undefined) {
    stats.oomKills = oomKills;
    stats.oomEvents = oomKills;
  }
}
