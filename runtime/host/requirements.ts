// What a run needs from the host, checked before anything is created, so that a
// missing facility is reported as one sentence saying what to do rather than as an
// EPERM or ENOENT from deep inside container setup.
import { readPrivileges } from './capabilities.js';
import { listAvailableControllers, readCgroupLayout } from './cgroup-layout.js';
import type { HostFingerprint } from './fingerprint.js';
import { formatKernelMajorMinor, isKernelAtLeast } from './kernel-version.js';
import { readKernelInfo } from './machine.js';
import { NAMESPACE_MIN_KERNEL, NAMESPACE_TYPES, readNamespaceSupport, toNamespaceType, type NamespaceType } from './namespaces.js';
import { readOverlayFeatures } from './overlay-features.js';

/** What a run needs; omitted fields are not checked. */
export interface HostNeeds {
  /** Must run as uid 0 with CAP_SYS_ADMIN. */
  root?: boolean;
  /** overlayfs must be registered. */
  overlay?: boolean;
  /** Namespace types to create, by /proc name ("mnt", "net") or OCI name ("mount", "network"). */
  namespaces?: readonly string[];
  /** cgroup controllers that must be mounted, e.g. ["memory", "pids"]. */
  cgroupControllers?: readonly string[];
}

/** The parts of the fingerprint that requirements are checked against. */
export type HostFacts = Pick<HostFingerprint, 'kernel' | 'privileges' | 'overlay' | 'namespaces' | 'cgroup'>;

/** Thrown by assertRequirements; `missing` holds one sentence per missing thing. */
export class HostRequirementError extends Error {
  readonly step = 'check host requirements';
  constructor(readonly missing: readonly string[]) {
    super(missing.join('\n'));
    this.name = 'HostRequirementError';
  }
}

/** Kernel options that provide each namespace type (mount namespaces are always built in). */
const NAMESPACE_CONFIG: Record<NamespaceType, string> = {
  pid: 'CONFIG_PID_NS',
  mnt: 'CONFIG_NAMESPACES',
  uts: 'CONFIG_UTS_NS',
  ipc: 'CONFIG_IPC_NS',
  net: 'CONFIG_NET_NS',
  user: 'CONFIG_USER_NS',
  cgroup: 'CONFIG_CGROUPS',
  time: 'CONFIG_TIME_NS',
};

/** Reads only the host facts that requirements need (no tool probes). */
export async function collectHostFacts(): Promise<HostFacts> {
  const kernel = await readKernelInfo();
  const [privileges, overlay, namespaces, cgroup] = await Promise.all([
    readPrivileges(),
    readOverlayFeatures(kernel.release),
    readNamespaceSupport(),
    readCgroupLayout(),
  ]);
  return { kernel, privileges, overlay, namespaces, cgroup };
}

/** Explains why one namespace type cannot be created, or returns null when it can. */
function explainMissingNamespace(name: string, facts: HostFacts): string | null {
  const type = toNamespaceType(name);
  if (type === null) return `"${name}" is not a namespace type isolab knows: use one of ${NAMESPACE_TYPES.join(', ')}`;
  const release = facts.kernel.release;
  if (!facts.namespaces.available.includes(type)) {
    const [major, minor] = NAMESPACE_MIN_KERNEL[type];
    if (!isKernelAtLeast(release, major, minor)) {
      return `the ${type} namespace needs Linux ≥ ${major}.${minor}; this kernel is ${formatKernelMajorMinor(release)}`;
    }
    return `the ${type} namespace is not offered by this kernel (no /proc/self/ns/${type}): use a kernel built with ${NAMESPACE_CONFIG[type]}=y`;
  }
  if (facts.namespaces.maxPerUser[type] === 0) {
    return `creating ${type} namespaces is disabled (user.max_${type}_namespaces is 0): enable it with sysctl -w user.max_${type}_namespaces=15000`;
  }
  return null;
}

/** Explains why one cgroup controller cannot be used, or returns null when it can. */
function explainMissingController(controller: string, facts: HostFacts): string | null {
  if (listAvailableControllers(facts.cgroup).includes(controller)) return null;
  const enabled = facts.cgroup.kernelControllers?.[controller];
  if (enabled === false) {
    return `cgroup controller ${controller} is disabled at boot: remove cgroup_disable=${controller} from the kernel command line`;
  }
  if (enabled === undefined && facts.cgroup.kernelControllers !== null) {
    return `cgroup controller ${controller} is not mounted and this kernel does not list it in /proc/cgroups: use a kernel built with it`;
  }
  const v2 = facts.cgroup.v2;
  if (facts.cgroup.mode === 'unified' && v2 !== null) {
    return `cgroup controller ${controller} is not mounted: cgroup v2 does not offer it here (not in ${v2.mountPoint}/cgroup.controllers), so it needs a host with cgroup v1 or hybrid hierarchies`;
  }
  return `cgroup controller ${controller} is not mounted: mount it with mount -t cgroup -o ${controller} cgroup /sys/fs/cgroup/${controller}`;
}

/** Lists what the host lacks for `needs`, one sentence each; empty when nothing is missing. */
export function findMissingRequirements(needs: HostNeeds, facts: HostFacts): string[] {
  const missing: string[] = [];
  if (needs.root) {
    if (!facts.privileges.isRoot) {
      missing.push('isolab must run as root: the built-in runtime creates namespaces, cgroups and overlay mounts (try: sudo isolab …)');
    } else if (facts.privileges.capEffHex !== null && !facts.privileges.capabilities.includes('CAP_SYS_ADMIN')) {
      missing.push('isolab runs as root but without CAP_SYS_ADMIN, which mounts and namespaces need: run it on the host or in a privileged container');
    }
  }
  if (needs.overlay && !facts.overlay.available) {
    missing.push('overlayfs is not available: load it with modprobe overlay');
  }
  for (const name of needs.namespaces ?? []) {
    const reason = explainMissingNamespace(name, facts);
    if (reason !== null) missing.push(reason);
  }
  const controllers = needs.cgroupControllers ?? [];
  if (controllers.length > 0 && facts.cgroup.mode === 'none') {
    missing.push('no cgroup filesystem is mounted: mount cgroup2 with mount -t cgroup2 cgroup2 /sys/fs/cgroup');
  } else {
    for (const controller of controllers) {
      const reason = explainMissingController(controller, facts);
      if (reason !== null) missing.push(reason);
    }
  }
  return missing;
}

/** Checks `needs` against this host (or the given facts); resolves to the missing things. */
export async function checkRequirements(needs: HostNeeds, facts?: HostFacts): Promise<string[]> {
  return findMissingRequirements(needs, facts ?? (await collectHostFacts()));
}

/** Like checkRequirements, but throws a HostRequirementError when anything is missing. */
export async function assertRequirements(needs: HostNeeds, facts?: HostFacts): Promise<void> {
  const missing = await checkRequirements(needs, facts);
  if (missing.length > 0) throw new HostRequirementError(missing);
}
