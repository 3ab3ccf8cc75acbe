// A cgroup's creation handed to someone else: the built-in runtime records what a driver's
// create() would do, as kernel file operations, and its launcher performs them while the
// container sets up its mounts (two cores, two jobs); after the exit the launcher reads the
// files stats() needs and removes the cgroup, and the driver turns those contents into stats.
import { existsSync, mkdirSync } from 'node:fs';
import type { CgroupTreeHooks } from './cgroup-dirs.js';
import { dirname } from 'node:path';
import { listCgroupReads, recordCgroupOps, withCgroupFileContents, type CgroupOp } from './cgroup-io.js';
import type { CgroupDriver } from './driver.js';
import type { CgroupPlan, CgroupStats, LinuxResources } from './types.js';

/** What a launcher needs to make, read back and remove one cgroup. */
export interface DeferredCgroup {
  /** The driver's kernel interface (v1 has per-thread `tasks` files). */
  version: 'v1' | 'v2';
  /** mkdir and write operations, in order. */
  ops: CgroupOp[];
  /** Files to read after the exit (before removal), for statsFromContents. */
  statFiles: string[];
}

const ensured = new Set<string>();

/** Makes the shared parents of plan's leaves (e.g. /sys/fs/cgroup/memory/isolab), once per process. */
export function ensureCgroupParents(plan: CgroupPlan, hooks: CgroupTreeHooks = {}): void {
  for (const leaf of plan.dirs) {
    const parent = dirname(leaf);
    if (ensured.has(parent)) continue;
    if (!existsSync(parent)) {
      mkdirSync(parent, { recursive: true });
      hooks.afterMkdir?.(parent);
    }
    ensured.add(parent);
  }
}

/** Forgets which parents exist (another isolab process may have removed them). */
export function forgetCgroupParents(): void {
  ensured.clear();
}

/** Records create(plan, resources) as operations, and lists the files stats(plan) reads. */
export function deferCreate(driver: CgroupDriver, plan: CgroupPlan, resources: LinuxResources, hooks?: CgroupTreeHooks): DeferredCgroup {
  ensureCgroupParents(plan, hooks);
  const ops = recordCgroupOps(() => driver.create(plan, resources));
  const statFiles = listCgroupReads(() => driver.stats(plan));
  return { version: driver.version, ops, statFiles };
}

/** The stats of plan from file contents someone else read. */
export function statsFromContents(driver: CgroupDriver, plan: CgroupPlan, contents: Record<string, string>): CgroupStats {
  return withCgroupFileContents(new Map(Object.entries(contents)), () => driver.stats(plan));
}

/** The linux.resources field behind a failed write, for an error message. */
export function fieldOfOp(ops: CgroupOp[], path: string): string | undefined {
  const op = ops.find((o) => o.path === path);
  return op?.op === 'write' ? op.field : undefined;
}
