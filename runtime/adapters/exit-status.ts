// Turning the status a runtime CLI reports into isolab's exitCode/signal pair.
// runc, crun and docker report a workload killed by signal N as status 128+N (the shell
// convention): a workload that calls exit(137) itself is indistinguishable from SIGKILL.
import os from 'node:os';

/** How a workload ended, as AdapterResult reports it. */
export interface ExitStatus {
  exitCode: number | null;
  signal: string | null;
}

const SIGNAL_BASE = 128;
const byNumber = new Map(Object.entries(os.constants.signals).map(([name, n]) => [n, name]));

/** The name of signal n (SIGKILL …), or SIG<n> for one Node does not name. */
export function signalName(n: number): string {
  return byNumber.get(n) ?? `SIG${n}`;
}

/** Decodes a 128+N status into a signal; other statuses are exit codes. */
export function decodeExitStatus(status: number): ExitStatus {
  const n = status - SIGNAL_BASE;
  if (n >= 1 && n <= 64) return { exitCode: null, signal: signalName(n) };
  return { exitCode: status, signal: null };
}
