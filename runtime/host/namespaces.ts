// Which namespace types the kernel offers and the per-user limits on creating them.
import { join } from 'node:path';
import { listDirOrNull, readIntegerOrNull } from './read-host-file.js';

/** Namespace types by their /proc/<pid>/ns names. */
export const NAMESPACE_TYPES = ['pid', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup', 'time'] as const;

/** One namespace type, named as in /proc/<pid>/ns. */
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

/** The first Linux release that has each namespace type, for "needs Linux ≥ x" messages. */
export const NAMESPACE_MIN_KERNEL: Record<NamespaceType, readonly [number, number]> = {
  mnt: [2, 4],
  uts: [2, 6],
  ipc: [2, 6],
  pid: [2, 6],
  net: [2, 6],
  user: [3, 8],
  cgroup: [4, 6],
  time: [5, 6],
};

/** Namespace support on the host. */
export interface NamespaceSupport {
  /** Types present in /proc/self/ns, in NAMESPACE_TYPES order. */
  available: NamespaceType[];
  /** /proc/sys/user/max_<type>_namespaces per type (0 disables creating it); null when absent. */
  maxPerUser: Record<NamespaceType, number | null>;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian/Ubuntu patch; 0 forbids unprivileged user namespaces); null when absent. */
  unprivilegedUsernsClone: number | null;
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu ≥ 23.10; 1 restricts them); null when absent. */
  apparmorRestrictUnprivilegedUserns: number | null;
}

/** Namespace names as OCI runtime-spec writes them, mapped to /proc names. */
const OCI_NAMESPACE_NAMES: Record<string, NamespaceType> = { mount: 'mnt', network: 'net' };

/** Accepts a /proc name ("mnt") or an OCI name ("mount") and returns the /proc name, or null. */
export function toNamespaceType(name: string): NamespaceType | null {
  const mapped = OCI_NAMESPACE_NAMES[name] ?? name;
  return (NAMESPACE_TYPES as readonly string[]).includes(mapped) ? (mapped as NamespaceType) : null;
}

/** Keeps the known namespace types among /proc/<pid>/ns entry names (drops *_for_children). */
export function namespaceTypesFromEntries(entries: readonly string[]): NamespaceType[] {
  return NAMESPACE_TYPES.filter((type) => entries.includes(type));
}

/** Collects namespace support as seen by the calling process. */
export async function readNamespaceSupport(): Promise<NamespaceSupport> {
  const [entries, limits, unprivilegedUsernsClone, apparmorRestrictUnprivilegedUserns] = await Promise.all([
    listDirOrNull('/proc/self/ns'),
    Promise.all(NAMESPACE_TYPES.map((type) => readIntegerOrNull(join('/proc/sys/user', `max_${type}_namespaces`)))),
    readIntegerOrNull('/proc/sys/kernel/unprivileged_userns_clone'),
    readIntegerOrNull('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
  ]);
  const maxPerUser = Object.fromEntries(NAMESPACE_TYPES.map((type, index) => [type, limits[index] ?? null])) as Record<
    NamespaceType,
    number | null
  >;
  return {
    available: namespaceTypesFromEntries(entries ?? []),
    maxPerUser,
    unprivilegedUsernsClone,
    apparmorRestrictUnprivilegedUserns,
  };
}
