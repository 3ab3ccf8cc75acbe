// The one interface every cgroup backend implements (v1, v2, the recording fake).
// Methods that are plain file writes are synchronous on purpose: a sync fs call
// costs ~10 µs in Node, an async hop costs more, and container start latency is
// what isolab measures.

import type { CgroupMode, CgroupPlan, CgroupStats, CgroupVersion, LinuxResources } from './types.js';

/** Default time killAll() waits for the cgroup to empty before it gives up. */
export const DEFAULT_KILL_TIMEOUT_MS = 5000;

/** A cgroup backend: plans, creates, inspects, empties and removes one cgroup at a time. */
export interface CgroupDriver {
  readonly version: CgroupVersion;
  readonly mode: CgroupMode;

  /** Pure: what create() would make for `path` (relative, e.g. "isolab/abc123"). Throws on a bad path or resources. */
  plan(path: string, resources: LinuxResources): CgroupPlan;

  /**
   * mkdir the plan's directories (parents too) and write the limits. On any failure
   * it removes what it made and throws a CgroupError naming the file and value.
   */
  create(plan: CgroupPlan, resources: LinuxResources): void;

  /** Counters of the cgroup; fields the host does not expose are absent. */
  stats(plan: CgroupPlan): CgroupStats;

  /** Every process in the cgroup or its descendants (union over hierarchies), sorted. */
  pids(plan: CgroupPlan): number[];

  /**
   * SIGKILL everything in the cgroup, including processes that fork meanwhile.
   * Resolves with how many processes it killed once the cgroup is empty; rejects
   * with a CgroupError after `timeoutMs` (default DEFAULT_KILL_TIMEOUT_MS).
   */
  killAll(plan: CgroupPlan, timeoutMs?: number): Promise<number>;

  /**
   * rmdir the leaf directories (and any sub-cgroups made inside them), never the
   * shared parents. Missing directories are fine; a populated cgroup throws a
   * CgroupError telling the caller to call killAll() first.
   */
  destroy(plan: CgroupPlan): void;

  /** Whether any process is still in the cgroup or its descendants. */
  isPopulated(plan: CgroupPlan): boolean;
}
