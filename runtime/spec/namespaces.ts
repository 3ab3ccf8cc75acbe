// Namespace names: the OCI Spec's ("network", "mount") and the kernel's /proc/self/ns names ("net", "mnt").

/** A namespace type as the OCI runtime-spec names it. */
export type NamespaceType = 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'user' | 'cgroup' | 'time';

/** A namespace type as /proc/self/ns and the CLI name it. */
export type NsName = 'pid' | 'net' | 'mnt' | 'ipc' | 'uts' | 'user' | 'cgroup' | 'time';

/** Every namespace type, in the order isolab reports them. */
export const NS_NAMES: readonly NsName[] = ['pid', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup', 'time'];

/** Every OCI namespace type. */
export const NAMESPACE_TYPES: readonly NamespaceType[] = ['pid', 'mount', 'uts', 'ipc', 'network', 'user', 'cgroup', 'time'];

const toOci: Record<NsName, NamespaceType> = {
  pid: 'pid', net: 'network', mnt: 'mount', ipc: 'ipc', uts: 'uts', user: 'user', cgroup: 'cgroup', time: 'time',
};

/** The OCI type of a /proc/self/ns name. */
export function ociNamespaceType(name: NsName): NamespaceType {
  return toOci[name];
}

/** The /proc/self/ns name of an OCI namespace type. */
export function nsName(type: NamespaceType): NsName {
  return (Object.keys(toOci) as NsName[]).find((k) => toOci[k] === type)!;
}

/** The default set of `isolab exec --ns`: everything but user and time. */
export const DEFAULT_NS: readonly NsName[] = ['pid', 'mnt', 'uts', 'ipc', 'net', 'cgroup'];

/**
 * Parses a namespace list as the CLI takes it: "pid,mnt", "all", "none"; OCI names
 * ("network", "mount") are accepted too. Throws naming the unknown entry.
 */
export function parseNsList(text: string): NsName[] {
  const t = text.trim();
  if (t === 'all') return [...NS_NAMES];
  if (t === 'none' || t === '') return [];
  const out = new Set<NsName>();
  for (const raw of t.split(',')) {
    const name = raw.trim();
    const found = (NS_NAMES as readonly string[]).includes(name)
      ? (name as NsName)
      : (NAMESPACE_TYPES as readonly string[]).includes(name)
        ? nsName(name as NamespaceType)
        : undefined;
    if (!found) {
      throw new Error(`unknown namespace "${name}" in "${text}": use a comma-separated list of ${NS_NAMES.join(', ')}, or all, or none`);
    }
    out.add(found);
  }
  return NS_NAMES.filter((n) => out.has(n));
}
