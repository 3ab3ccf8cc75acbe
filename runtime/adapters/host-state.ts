// Per-process state the external-runtime adapters share: the host's cgroup driver, one gc
// pass before the first container, and how many of their containers are alive (the shared
// "isolab" cgroup parents are pruned only by the last one).
import type { CgroupDriver } from '../cgroup/driver.js';
import { pruneCgroupParents } from '../cgroup/plan-path.js';
import { openCgroupDriver } from '../cgroup/select-driver.js';
import type { CgroupPlan } from '../cgroup/types.js';
import { collectGarbage } from '../container/gc.js';
import { releaseCgroup } from '../container/release.js';

let driver: CgroupDriver | undefined;
let gcDone: Promise<unknown> | undefined;
let live = 0;

/** The cgroup driver of this host (detected once per process). */
export function cgroupDriver(): CgroupDriver {
  return (driver ??= openCgroupDriver());
}

/** Removes what crashed isolab runs left behind; once per process, before the first container. */
export function collectGarbageOnce(): Promise<unknown> {
  return (gcDone ??= collectGarbage().catch(() => undefined));
}

/** Counts a container in; call leaveContainer() when it is gone. */
export function enterContainer(): void {
  live++;
}

/** Counts a container out. */
export function leaveContainer(): void {
  live--;
}

/**
 * Removes a container's cgroup in every hierarchy, killing what is left in it first, then
 * the shared parents when no other container of this process uses them.
 */
export async function removeCgroup(plan: CgroupPlan): Promise<void> {
  if (plan.dirs.length === 0) return;
  await releaseCgroup(cgroupDriver(), plan);
  if (live <= 1) pruneCgroupParents(plan);
}
