// The "pids" controller files, identical on v1 and v2: the task limit, its current count and how often it refused a fork.

import { join } from 'node:path';
import { parseFlatKeyed, parseSingleValue, readOptionalFile, writeCgroupFile } from './cgroup-io.js';
import type { CgroupStats, LinuxPids } from './types.js';

/** The pids.max value for an OCI limit (same text on v1 and v2). */
export function pidsMaxValue(pids: LinuxPids): string {
  return pids.limit === -1 ? 'max' : String(pids.limit);
}

/** Write pids.max. */
export function applyPidsLimit(dir: string, pids: LinuxPids | undefined): void {
  if (!pids) return;
  writeCgroupFile(join(dir, 'pids.max'), pidsMaxValue(pids), { field: 'pids.limit' });
}

/** Read pids.current and pids.events "max" (forks refused at the limit). Same files on v1 and v2. */
export function readPidsStats(dir: string, stats: CgroupStats): void {
  const current = parseSingleValue(readOptionalFile(join(dir, 'pids.current')));
  if (current !== undefined) stats.pidsCurrent = current;
  const hits = parseFlatKeyed(readOptionalFile(join(dir, 'pids.events'))).get('max');
  if (hits !== undefined) stats.pidsLimitHits = hits;
}
