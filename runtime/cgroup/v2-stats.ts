// cgroup v2 counters: cpu.stat (µs → ns), memory.current/peak/max/events, pids.current/events.

import { join } from 'node:path';
import { parseFlatKeyed, parseSingleValue, readOptionalFile } from './cgroup-io.js';
import { readPidsStats } from './pids-files.js';
import type { CgroupStats } from './types.js';

const NS_PER_US = 1000;

/** Read every counter the v2 cgroup `dir` exposes; absent files leave fields absent. */
export function readV2Stats(dir: string): CgroupStats {
  const stats: CgroupStats = {};
  // cpu.stat exists without the cpu controller (usage only); nr_* need it enabled.
  const cpu = parseFlatKeyed(readOptionalFile(join(dir, 'cpu.stat')));
  const usageUs = cpu.get('usage_usec');
  const throttledUs = cpu.get('throttled_usec');
  const nrPeriods = cpu.get('nr_periods');
  const nrThrottled = cpu.get('nr_throttled');
  if (usageUs !== undefined) stats.cpuUsageNs = usageUs * NS_PER_US;
  if (nrPeriods !== undefined) stats.nrPeriods = nrPeriods;
  if (nrThrottled !== undefined) stats.nrThrottled = nrThrottled;
  if (throttledUs !== undefined) stats.throttledNs = throttledUs * NS_PER_US;

  const current = parseSingleValue(readOptionalFile(join(dir, 'memory.current')));
  const peak = parseSingleValue(readOptionalFile(join(dir, 'memory.peak'))); // Linux ≥ 5.19
  const limit = parseSingleValue(readOptionalFile(join(dir, 'memory.max')));
  if (current !== undefined) stats.memoryCurrent = current;
  if (peak !== undefined) stats.memoryPeak = peak;
  if (limit !== undefined) stats.memoryLimit = limit;
  const events = parseFlatKeyed(readOptionalFile(join(dir, 'memory.events')));
  const oom = events.get('oom');
  const oomKill = events.get('oom_kill');
  if (oom !== undefined) stats.oomEvents = oom;
  if (oomKill !== undefined) stats.oomKills = oomKill;

  readPidsStats(dir, stats);
  return stats;
}
