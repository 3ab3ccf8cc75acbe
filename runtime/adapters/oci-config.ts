// From an isolab Spec to the config.json of an OCI bundle for runc and crun: the Spec
// minus its isolab section, with the mounted rootfs, the standard kernel filesystem mounts
// and a cgroup path below "isolab/". Pure: the bundle code writes what this returns.
import type { IdMapping, Spec } from '../spec/types.js';

/** One OCI `mounts[]` entry. */
export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

/** The config.json isolab hands to an OCI runtime. */
export type OciConfig = Omit<Spec, 'isolab'> & { mounts: OciMount[] };

/** Where the rootfs is and which cgroup the container gets. */
export interface OciConfigOptions {
  /** Absolute path of the mounted rootfs. */
  rootfs: string;
  /** Relative cgroup path, e.g. "isolab/ab12cd34ef56"; written as "/isolab/…" (from the hierarchy root). */
  cgroupsPath: string;
  /** Mount /sys/fs/cgroup read-only inside (default true, as docker does). */
  cgroupMount?: boolean;
}

const NOSUID_NOEXEC_NODEV = ['nosuid', 'noexec', 'nodev'];

const maps = (m: IdMapping[] | undefined, id: number) => m?.some((l) => id >= l.containerID && id < l.containerID + l.size) ?? false;

/**
 * The standard mounts of a container. Where a kernel filesystem cannot be mounted fresh
 * (a user namespace that does not own the pid / net / ipc namespace), the host's is
 * bind-mounted, as runc's rootless spec does: the container sees what it shares anyway.
 */
export function ociMounts(spec: Spec, cgroupMount = true): OciMount[] {
  const ns = new Set(spec.linux.namespaces.map((n) => n.type));
  const userns = ns.has('user');
  const mounts: OciMount[] = [];
  mounts.push(userns && !ns.has('pid')
    ? { destination: '/proc', type: 'bind', source: '/proc', options: ['rbind', ...NOSUID_NOEXEC_NODEV] }
    : { destination: '/proc', type: 'proc', source: 'proc', options: NOSUID_NOEXEC_NODEV });
  mounts.push({ destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] });
  // gid=5 (tty) only where that gid exists inside: an unmapped gid makes the mount fail.
  const ttyGid = !userns || maps(spec.linux.gidMappings, 5) ? ['gid=5'] : [];
  mounts.push({ destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', ...ttyGid] });
  mounts.push({ destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: [...NOSUID_NOEXEC_NODEV, 'mode=1777', 'size=65536k'] });
  // An mqueue mount belongs to the ipc namespace of the mounter: without owning one, none.
  if (!userns || ns.has('ipc')) mounts.push({ destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: NOSUID_NOEXEC_NODEV });
  mounts.push(userns && !ns.has('network')
    ? { destination: '/sys', type: 'bind', source: '/sys', options: ['rbind', ...NOSUID_NOEXEC_NODEV, 'ro'] }
    : { destination: '/sys', type: 'sysfs', source: 'sysfs', options: [...NOSUID_NOEXEC_NODEV, 'ro'] });
  if (cgroupMount) mounts.push({ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: [...NOSUID_NOEXEC_NODEV, 'relatime', 'ro'] });
  return mounts;
}

/** The config.json of spec, its rootfs mounted at o.rootfs. */
export function toOciConfig(spec: Spec, o: OciConfigOptions): OciConfig {
  const { isolab, ...oci } = spec;
  const writable = isolab.rootfs.writable ?? true;
  return {
    ...oci,
    process: { ...spec.process, terminal: false },
    root: { path: o.rootfs, readonly: (spec.root.readonly ?? false) || !writable },
    mounts: ociMounts(spec, o.cgroupMount ?? true),
    linux: { ...spec.linux, cgroupsPath: `/${o.cgroupsPath.replace(/^\/+/, '')}` },
  };
}
