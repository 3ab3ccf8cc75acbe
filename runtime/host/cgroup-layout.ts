// Which cgroup hierarchies the host has mounted, decided from mountinfo alone:
//   unified - only cgroup2 (most current distros);
//   legacy  - only cgroup v1 hierarchies;
//   hybrid  - v1 hierarchies for the controllers plus a cgroup2 mount (systemd's
//             "hybrid": /sys/fs/cgroup/unified), as on the machines here;
//   none    - no cgroup filesystem mounted at all (some minimal containers).
import { join } from 'node:path';
import { readMountinfo, type MountinfoEntry } from './mountinfo.js';
import { readTrimmedOrNull } from './read-host-file.js';

/** How cgroups are mounted on the host. */
export type CgroupMode = 'unified' | 'legacy' | 'hybrid' | 'none';

/** The host's cgroup mounts, as the cgroup drivers will find them. */
export interface CgroupLayout {
  /** unified / legacy / hybrid / none, see the top of this file. */
  mode: CgroupMode;
  /** cgroup v1 controller → mount point, e.g. { memory: "/sys/fs/cgroup/memory" } (first mount wins). */
  v1Controllers: Record<string, string>;
  /** cgroup v1 named hierarchies without controllers → mount point, e.g. { systemd: "/sys/fs/cgroup/systemd" }. */
  v1Named: Record<string, string>;
  /** The cgroup2 mount and the controllers its root offers (cgroup.controllers); null when not mounted. */
  v2: { mountPoint: string; controllers: string[] } | null;
  /** Controllers the kernel has (/proc/cgroups) → enabled (false: cgroup_disable= at boot); null when absent. */
  kernelControllers: Record<string, boolean> | null;
}

/** Super options of a v1 cgroup mount that are flags, not controller names. */
const V1_FLAG_OPTIONS = new Set(['rw', 'ro', 'noprefix', 'clone_children', 'xattr', 'cpuset_v2_mode', 'favordynmods', 'none', 'all']);

/** Decides the cgroup mode from which cgroup filesystems are mounted. */
export function decideCgroupMode(entries: readonly MountinfoEntry[]): CgroupMode {
  const hasV1 = entries.some((entry) => entry.fsType === 'cgroup');
  const hasV2 = entries.some((entry) => entry.fsType === 'cgroup2');
  if (hasV1 && hasV2) return 'hybrid';
  if (hasV2) return 'unified';
  if (hasV1) return 'legacy';
  return 'none';
}

/** Maps each v1 controller and named hierarchy to the first mount point where it appears. */
export function findV1Hierarchies(entries: readonly MountinfoEntry[]): Pick<CgroupLayout, 'v1Controllers' | 'v1Named'> {
  const v1Controllers: Record<string, string> = {};
  const v1Named: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.fsType !== 'cgroup') continue;
    for (const option of entry.superOptions) {
      if (option.startsWith('name=')) {
        v1Named[option.slice('name='.length)] ??= entry.mountPoint;
      } else if (!option.includes('=') && !V1_FLAG_OPTIONS.has(option)) {
        v1Controllers[option] ??= entry.mountPoint;
      }
    }
  }
  return { v1Controllers, v1Named };
}

/**
 * Picks the cgroup2 mount the drivers should use: the first one that mounts the
 * hierarchy's root ("/"), else the first one at all; null when there is none.
 */
export function findV2Mount(entries: readonly MountinfoEntry[]): MountinfoEntry | null {
  const mounts = entries.filter((entry) => entry.fsType === 'cgroup2');
  return mounts.find((entry) => entry.root === '/') ?? mounts[0] ?? null;
}

/** Parses /proc/cgroups ("#subsys_name hierarchy num_cgroups enabled") into name → enabled. */
export function parseProcCgroups(text: string): Record<string, boolean> {
  const controllers: Record<string, boolean> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, , , enabled] = line.trim().split(/\s+/);
    if (name && enabled !== undefined) controllers[name] = enabled === '1';
  }
  return controllers;
}

/**
 * Builds the layout from mountinfo; `readFile` reads /proc/cgroups and the v2
 * cgroup.controllers file (tests pass fixtures; null means "absent").
 */
export async function describeCgroupLayout(
  entries: readonly MountinfoEntry[],
  readFile: (path: string) => Promise<string | null> = readTrimmedOrNull,
): Promise<CgroupLayout> {
  const v2Mount = findV2Mount(entries);
  const [controllersText, procCgroups] = await Promise.all([
    v2Mount === null ? null : readFile(join(v2Mount.mountPoint, 'cgroup.controllers')),
    readFile('/proc/cgroups'),
  ]);
  const v2 =
    v2Mount === null
      ? null
      : { mountPoint: v2Mount.mountPoint, controllers: controllersText ? controllersText.split(/\s+/).filter(Boolean) : [] };
  return {
    mode: decideCgroupMode(entries),
    ...findV1Hierarchies(entries),
    v2,
    kernelControllers: procCgroups === null ? null : parseProcCgroups(procCgroups),
  };
}

/**
 * Reads the calling process's mountinfo and describes the cgroup layout it sees.
 * An unreadable or malformed mountinfo shows no cgroup mounts (mode "none") rather
 * than throwing: this feeds the fingerprint, which must always be collected.
 */
export async function readCgroupLayout(): Promise<CgroupLayout> {
  let entries: MountinfoEntry[] = [];
  try {
    entries = await readMountinfo();
  } catch {
    // No /proc, or a mountinfo we cannot parse: no cgroup mount can be seen.
  }
  return describeCgroupLayout(entries);
}

/** Every controller available somewhere: v1 hierarchies plus the v2 root's controllers. */
export function listAvailableControllers(layout: CgroupLayout): string[] {
  const names = new Set([...Object.keys(layout.v1Controllers), ...(layout.v2?.controllers ?? [])]);
  return [...names].sort();
}
