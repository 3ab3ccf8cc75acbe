// Kernel security modules and seccomp: what the kernel offers, and whether isolab
// itself already runs under a seccomp filter (as it would inside a container).
import { findStatusField, readTextOrNull, readTrimmedOrNull } from './read-host-file.js';

/** Seccomp mode of a process as /proc/<pid>/status reports it. */
export type SeccompMode = 'disabled' | 'strict' | 'filter';

/** LSM and seccomp facts. */
export interface SecurityFeatures {
  /** Active LSMs in stacking order from /sys/kernel/security/lsm; null when securityfs is not mounted. */
  lsms: string[] | null;
  /** The kernel has seccomp (a "Seccomp:" line in /proc/self/status). */
  seccomp: boolean;
  /** Filter return actions from /proc/sys/kernel/seccomp/actions_avail; null without seccomp filters. */
  seccompActions: string[] | null;
  /** Seccomp mode of the isolab process itself; null when unknown. */
  selfSeccompMode: SeccompMode | null;
}

const SECCOMP_MODES: Record<string, SeccompMode> = { '0': 'disabled', '1': 'strict', '2': 'filter' };

/** Interprets /proc/sys/kernel/seccomp/actions_avail and /proc/self/status text. */
export function describeSecurity(lsmText: string | null, actionsText: string | null, statusText: string | null): SecurityFeatures {
  const seccompField = statusText === null ? null : findStatusField(statusText, 'Seccomp');
  return {
    lsms: lsmText === null ? null : lsmText.split(',').map((name) => name.trim()).filter(Boolean),
    seccomp: seccompField !== null,
    seccompActions: actionsText === null ? null : actionsText.split(/\s+/).filter(Boolean),
    selfSeccompMode: seccompField === null ? null : (SECCOMP_MODES[seccompField] ?? null),
  };
}

/** Reads LSM and seccomp facts for the calling process. */
export async function readSecurityFeatures(): Promise<SecurityFeatures> {
  const [lsm, actions, status] = await Promise.all([
    readTrimmedOrNull('/sys/kernel/security/lsm'),
    readTrimmedOrNull('/proc/sys/kernel/seccomp/actions_avail'),
    readTextOrNull('/proc/self/status'),
  ]);
  return describeSecurity(lsm, actions, status);
}
