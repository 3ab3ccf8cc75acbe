// Releasing everything a container created on the host, from its intent: processes,
// host-side mounts, cgroups, directories. Used by normal teardown and by `isolab gc`.
import fs from 'node:fs';
import path from 'node:path';
import type { CgroupDriver } from '../cgroup/driver.js';
import { CgroupError } from '../cgroup/errors.js';
import { pruneCgroupParents } from '../cgroup/plan-path.js';
import type { CgroupPlan } from '../cgroup/types.js';
import { MNT_DETACH, SyscallError, umount2 } from '../sys/libc.js';
import { removeTree } from '../sys/remove-tree.js';
import type { Intent } from './intent.js';

/** What release() found and removed. */
export interface ReleaseReport {
  id: string;
  killed: number;
  unmounted: boolean;
  cgroupsRemoved: number;
  dirRemoved: boolean;
}

function isBusy(err: unknown): boolean {
  return err instanceof CgroupError && (err.errno === 'EBUSY' || /populated|busy/i.test(err.message));
}

/** Removes the cgroup, killing what is left in it first when it is still populated. */
export async function releaseCgroup(driver: CgroupDriver, plan: CgroupPlan): Promise<number> {
  try {
    driver.destroy(plan); // fast path: pid 1 exited and took its pid namespace with it
    return 0;
  } catch (err) {
    if (!isBusy(err)) throw err;
  }
  const killed = await driver.killAll(plan);
  driver.destroy(plan);
  return killed;
}

/** Detaches a host-side rootfs mount if one is there. */
export function detachHostMount(target: string | undefined): boolean {
  if (!target) return false;
  try {
    umount2(target, MNT_DETACH);
    return true;
  } catch (err) {
    if (err instanceof SyscallError && (err.code === 'EINVAL' || err.code === 'ENOENT')) return false; // not mounted
    throw err;
  }
}

/** Removes a container's directory, its intent log last so that a crash midway leaves a record. */
export function removeContainerDir(dir: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'intent.json') continue;
    if (e.isDirectory()) removeTree(path.join(dir, e.name));
    else fs.unlinkSync(path.join(dir, e.name));
  }
  fs.rmSync(path.join(dir, 'intent.json'), { force: true });
  fs.rmdirSync(dir);
}

/** Releases everything an intent records, in reverse order of creation. */
export async function release(intent: Intent, driver: CgroupDriver): Promise<ReleaseReport> {
  const killed = driver.isPopulated(intent.cgroup.plan) ? await driver.killAll(intent.cgroup.plan) : 0;
  const unmounted = detachHostMount(intent.hostMount);
  const before = intent.cgroup.plan.dirs.filter((d) => fs.existsSync(d)).length;
  driver.destroy(intent.cgroup.plan);
  pruneCgroupParents(intent.cgroup.plan);
  const dirRemoved = fs.existsSync(intent.dir);
  removeContainerDir(intent.dir);
  return { id: intent.id, killed, unmounted, cgroupsRemoved: before, dirRemoved };
}
