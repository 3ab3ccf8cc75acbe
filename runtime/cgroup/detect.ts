// Which cgroup layout the host has, discovered from /proc/self/mountinfo (never
// assumed): unified (pure v2), legacy (pure v1) or hybrid (v1 controllers plus a
// cgroup2 mount, usually /sys/fs/cgroup/unified, that carries few or none).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findV1Hierarchies } from '../host/cgroup-layout.js';
import { parseMountinfo } from '../host/mountinfo.js';
import { readOptionalFile } from './cgroup-io.js';
import { CgroupError } from './errors.js';
import type { CgroupMode, CgroupVersion } from './types.js';

/** Controllers a v1 hierarchy can carry; other mount options (rw, nsdelegate, name=…) are not controllers. */
export const V1_CONTROLLERS = [
  'cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'net_cls', 'net_prio',
  'blkio', 'perf_event', 'hugetlb', 'pids', 'rdma', 'misc',
] as const;

/** cgroup mounts found in a mountinfo text. */
export interface CgroupMounts {
  /** Controller → mount point; comounted controllers ("cpu,cpuacct") map to the same one. First mount wins. */
  v1: Record<string, string>;
  /** Named v1 hierarchies without controllers, e.g. "name=systemd" → mount point. */
  v1Named: Record<string, string>;
  /** The first cgroup2 mount point, if any. */
  v2: string | undefined;
}

/** What the host offers, for choosing a driver and for the host fingerprint in results. */
export interface CgroupHost {
  mode: CgroupMode;
  /** The driver version isolab uses on this host. */
  version: CgroupVersion;
  /** v1 controller → mount point. */
  v1: Record<string, string>;
  /** The cgroup2 mount and the controllers its root offers (cgroup.controllers). */
  v2: { mount: string; controllers: string[] } | null;
}

/** Parse the cgroup and cgroup2 mounts out of /proc/self/mountinfo text (one parser: runtime/host/mountinfo.ts). */
export function parseCgroupMounts(mountinfo: string): CgroupMounts {
  const entries = parseMountinfo(mountinfo);
  const { v1Controllers, v1Named } = findV1Hierarchies(entries);
  const v1: Record<string, string> = {};
  for (const [controller, mount] of Object.entries(v1Controllers)) {
    if ((V1_CONTROLLERS as readonly string[]).includes(controller)) v1[controller] = mount;
  }
  const named = Object.fromEntries(Object.entries(v1Named).map(([name, mount]) => [`name=${name}`, mount]));
  const v2 = entries.find((e) => e.fsType === 'cgroup2')?.mountPoint;
  return { v1, v1Named: named, v2 };
}

/** Decide the mode from parsed mounts; throws CgroupError when no cgroup controller is mounted at all. */
export function modeOf(mounts: CgroupMounts): CgroupMode {
  const hasV1 = Object.keys(mounts.v1).length > 0;
  if (hasV1) return mounts.v2 === undefined ? 'legacy' : 'hybrid';
  if (mounts.v2 !== undefined) return 'unified';
  throw new CgroupError({
    step: 'detect',
    syscall: 'read',
    path: '/proc/self/mountinfo',
    what: 'find a cgroup or cgroup2 mount',
    hint: 'no cgroup filesystem is mounted here; mount cgroup2 at /sys/fs/cgroup (mount -t cgroup2 none /sys/fs/cgroup)',
  });
}

/** Where detectCgroupHost() reads from; tests pass a fake mountinfo text. */
export interface DetectOptions {
  /** mountinfo text; default: /proc/self/mountinfo. */
  mountinfo?: string;
}

/** Detect the host's cgroup layout: mode, driver version, v1 mounts, v2 mount and its controllers. */
export function detectCgroupHost(options: DetectOptions = {}): CgroupHost {
  const text = options.mountinfo ?? readMountinfo();
  const mounts = parseCgroupMounts(text);
  const mode = modeOf(mounts);
  let v2: CgroupHost['v2'] = null;
  if (mounts.v2 !== undefined) {
    const listing = readOptionalFile(join(mounts.v2, 'cgroup.controllers'), 'detect') ?? '';
    v2 = { mount: mounts.v2, controllers: listing.split(/\s+/).filter((c) => c !== '') };
  }
  return { mode, version: mode === 'unified' ? 'v2' : 'v1', v1: mounts.v1, v2 };
}

/** The host's cgroup layout as plain data, for the host fingerprint in results.json. */
export function describeCgroupHost(): CgroupHost {
  return detectCgroupHost();
}

function readMountinfo(): string {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8');
  } catch (error) {
    throw new CgroupError({
      step: 'detect',
      syscall: 'read',
      path: '/proc/self/mountinfo',
      what: 'read',
      hint: 'is /proc mounted?',
      cause: error,
    });
  }
}
