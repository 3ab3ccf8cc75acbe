// Process identity that survives pid reuse: a pid plus its start time (/proc/PID/stat field 22).
import fs from 'node:fs';

/** A process as recorded in on-disk state. */
export interface ProcessIdentity {
  pid: number;
  startTime: number;
}

/** The start time (clock ticks since boot) of pid, or undefined when it does not exist. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]); // field 22 overall; 20th after "pid (comm)"
  } catch {
    return undefined;
  }
}

/** This process's identity. */
export function selfIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid) ?? 0 };
}

/** Whether the recorded process is still the one running under that pid. */
export function isAlive(p: ProcessIdentity): boolean {
  return processStartTime(p.pid) === p.startTime;
}
