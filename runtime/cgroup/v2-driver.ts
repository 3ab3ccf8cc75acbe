// The cgroup v2 backend: one directory under the cgroup2 mount, controllers
// delegated down from the root, limits in the unified interface files.

import { join } from 'node:path';
import { makeCgroupDir, readTreeProcs, removeCgroupTree, undoMade, type CgroupTreeHooks } from './cgroup-dirs.js';
import { checkResources } from './check-resources.js';
import { DEFAULT_KILL_TIMEOUT_MS, type CgroupDriver } from './driver.js';
import { checkCgroupPath } from './plan-path.js';
import type { CgroupMode, CgroupPlan, CgroupStats, LinuxResources } from './types.js';
import { chooseV2Controllers, prepareV2Ancestors } from './v2-controllers.js';
import { isPopulatedV2, killAllV2 } from './v2-kill.js';
import { applyV2Limits } from './v2-limits.js';
import { readV2Stats } from './v2-stats.js';

/** Where the cgroup2 tree is. */
export interface V2DriverOptions {
  /** The cgroup2 mount point (e.g. /sys/fs/cgroup), or a fake tree in a temp dir. */
  root: string;
  /** Reported mode; 'unified' unless the caller detected otherwise. */
  mode?: CgroupMode;
  /** Test seam for a fake cgroupfs tree; the real kernel needs none. */
  hooks?: CgroupTreeHooks;
}

/** CgroupDriver over the cgroup v2 unified hierarchy. */
export class V2CgroupDriver implements CgroupDriver {
  readonly version = 'v2' as const;
  readonly mode: CgroupMode;
  readonly root: string;
  private readonly hooks: CgroupTreeHooks;

  constructor(options: V2DriverOptions) {
    this.root = options.root;
    this.mode = options.mode ?? 'unified';
    this.hooks = options.hooks ?? {};
  }

  plan(path: string, resources: LinuxResources): CgroupPlan {
    checkCgroupPath(path);
    checkResources(resources);
    const dir = join(this.root, path);
    return { path, dirs: [dir], procs: [join(dir, 'cgroup.procs')] };
  }

  create(plan: CgroupPlan, resources: LinuxResources): void {
    checkResources(resources);
    // Read-only: a controller the host lacks fails here, before anything is made.
    const controllers = chooseV2Controllers(this.root, resources);
    const made: string[] = [];
    try {
      prepareV2Ancestors(this.root, plan.path, controllers, made, this.hooks);
      const dir = makeCgroupDir(this.root, plan.path, made, this.hooks);
      applyV2Limits(dir, resources);
    } catch (error) {
      // Controllers enabled in pre-existing ancestors stay enabled: shared and harmless.
      undoMade(made, this.hooks);
      throw error;
    }
  }

  stats(plan: CgroupPlan): CgroupStats {
    return readV2Stats(this.leaf(plan));
  }

  pids(plan: CgroupPlan): number[] {
    return [...new Set(readTreeProcs(this.leaf(plan)))].sort((a, b) => a - b);
  }

  isPopulated(plan: CgroupPlan): boolean {
    return isPopulatedV2(this.leaf(plan));
  }

  killAll(plan: CgroupPlan, timeoutMs = DEFAULT_KILL_TIMEOUT_MS): Promise<number> {
    return killAllV2(this.leaf(plan), timeoutMs);
  }

  destroy(plan: CgroupPlan): void {
    removeCgroupTree(this.leaf(plan), this.hooks);
  }

  private leaf(plan: CgroupPlan): string {
    return join(this.root, plan.path);
  }
}
