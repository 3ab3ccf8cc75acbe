// The calling process's privilege: uid and effective capability set (CapEff in
// /proc/self/status), decoded to names so a results file says which ones were missing.
import { findStatusField, readTextOrNull } from './read-host-file.js';

/** Capability names by bit number, from linux/capability.h (0 … 40, Linux 5.9). */
export const CAPABILITY_NAMES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID',
  'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK',
  'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG',
  'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;

/** Who isolab runs as. */
export interface Privileges {
  /** Effective uid of the isolab process. */
  uid: number;
  /** uid is 0. Root in a user namespace or a container may still lack capabilities: see capabilities. */
  isRoot: boolean;
  /** CapEff from /proc/self/status as the kernel prints it (16 hex digits); null when unreadable. */
  capEffHex: string | null;
  /** Names of the effective capabilities ("CAP_42" for bits newer than this table). */
  capabilities: string[];
  /** Known capabilities (CAPABILITY_NAMES) that are not effective; empty for a fully privileged root. */
  missingCapabilities: string[];
}

/** Decodes a CapEff-style hex mask into capability names, lowest bit first. */
export function decodeCapabilityMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim() || '0'}`);
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((mask >> BigInt(bit)) & 1n) names.push(CAPABILITY_NAMES[bit] ?? `CAP_${bit}`);
  }
  return names;
}

/** Builds the privilege record from a uid and the text of /proc/self/status (null if unreadable). */
export function describePrivileges(uid: number, statusText: string | null): Privileges {
  const capEffHex = statusText === null ? null : findStatusField(statusText, 'CapEff');
  const capabilities = capEffHex !== null && /^[0-9a-fA-F]+$/.test(capEffHex) ? decodeCapabilityMask(capEffHex) : [];
  return {
    uid,
    isRoot: uid === 0,
    capEffHex,
    capabilities,
    missingCapabilities: CAPABILITY_NAMES.filter((name) => !capabilities.includes(name)),
  };
}

/** Reads the calling process's uid and effective capabilities. */
export async function readPrivileges(): Promise<Privileges> {
  const uid = process.geteuid?.() ?? -1;
  return describePrivileges(uid, await readTextOrNull('/proc/self/status'));
}
