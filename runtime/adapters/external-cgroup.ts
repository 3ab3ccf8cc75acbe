// The cgroup of a container that an external runtime creates. runc and crun make the
// cgroup path in every hierarchy of the host (devices, blkio, name=systemd, the hybrid
// cgroup2 mount …), not only in those isolab's own driver uses, so the plan recorded in
// the intent (and removed at teardown and by gc) lists them all.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCgroupMounts } from '../cgroup/detect.js';
import { checkCgroupPath } from '../cgroup/plan-path.js';
import type { CgroupPlan } from '../cgroup/types.js';

let mounts: string[] | undefined;

/** Every cgroup mount point of this host: v1 controllers, named v1 hierarchies, cgroup2. */
export function allCgroupMounts(): string[] {
  if (!mounts) {
    const m = parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8'));
    mounts = [...new Set([...Object.values(m.v1), ...Object.values(m.v1Named), ...(m.v2 ? [m.v2] : [])])].sort();
  }
  return mounts;
}

/** The plan of cgroup `relPath` ("isolab/ab12…") over every hierarchy of the host. */
export function planExternalCgroup(relPath: string): CgroupPlan {
  checkCgroupPath(relPath);
  const dirs = allCgroupMounts().map((m) => path.join(m, relPath));
  return { path: relPath, dirs, procs: dirs.map((d) => path.join(d, 'cgroup.procs')) };
}

/** A plan that owns no cgroup directory (docker makes and removes its own). */
export function emptyPlan(relPath: string): CgroupPlan {
  return { path: relPath, dirs: [], procs: [] };
}
