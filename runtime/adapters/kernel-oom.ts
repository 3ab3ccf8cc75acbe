// OOM kills as the kernel reports them, for runtimes that remove a container's cgroup (and
// with it memory.oom_control / memory.events) before isolab can read it: crun deletes the
// container as soon as its `run` returns. The global /proc/vmstat oom_kill counter says
// whether any OOM kill happened during the run; the kernel log (/dev/kmsg) says whom it hit.
import fs from 'node:fs';

/** OOM kills since boot (/proc/vmstat oom_kill), or undefined when the kernel does not count them. */
export function oomKillCount(): number | undefined {
  try {
    const m = /^oom_kill (\d+)$/m.exec(fs.readFileSync('/proc/vmstat', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Microseconds of the monotonic clock: the time base of /dev/kmsg record stamps. */
export function kmsgClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** What identifies the OOM kill of one container. */
export interface OomQuery {
  /** The container's cgroup path as the kernel prints it ("/isolab/ab12…"). */
  cgroupPath?: string;
  /** Or a string the cgroup path contains (docker's full container id, whatever its cgroup parent). */
  cgroupIncludes?: string;
  /** Host pid of the container's first process, when known. */
  pid?: number;
  /** Only records stamped at or after this (kmsgClockUs()) count. */
  sinceUs: number;
}

/** Records stamped up to this much before `sinceUs` still count: the kernel's clock and CLOCK_MONOTONIC may drift apart. */
const CLOCK_SLACK_US = 2_000_000;

/** One record of /dev/kmsg: "prio,seq,usec,flags;text". */
function parseRecord(line: string): { usec: number; text: string } | undefined {
  const semi = line.indexOf(';');
  if (semi < 0) return undefined;
  const usec = Number(line.slice(0, semi).split(',')[2]);
  return Number.isFinite(usec) ? { usec, text: line.slice(semi + 1).split('\n')[0] ?? '' } : undefined;
}

/**
 * Whether the kernel log has an OOM kill in q's cgroup (or of q's pid) since q.sinceUs.
 * Reads the whole ring buffer without consuming it (every reader of /dev/kmsg has its own
 * position). False when the log cannot be read.
 */
export function kernelLogHasOomKill(q: OomQuery): boolean {
  const cgroup = q.cgroupPath !== undefined ? `${escape(q.cgroupPath)}(?:,|$)` : q.cgroupIncludes !== undefined ? `[^,]*${escape(q.cgroupIncludes)}` : undefined;
  const memcg = cgroup !== undefined ? new RegExp(`(?:oom_memcg|task_memcg)=${cgroup}`) : undefined;
  const killed = q.pid !== undefined ? `Killed process ${q.pid} (` : undefined;
  let fd: number;
  try {
    fd = fs.openSync('/dev/kmsg', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return false;
  }
  const buf = Buffer.alloc(16384);
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue; // records were overwritten while reading: go on with the next
        return false; // EAGAIN: the end of the log
      }
      if (n <= 0) return false;
      const r = parseRecord(buf.toString('utf8', 0, n));
      if (!r || r.usec + CLOCK_SLACK_US < q.sinceUs) continue;
      if (memcg?.test(r.text) || (killed !== undefined && r.text.includes(killed))) return true;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
