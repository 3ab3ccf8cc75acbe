// The cgroup v1 backend: one directory per hierarchy (cpu, cpuacct, memory, pids,
// freezer, and cpuset when pinning is asked for), limits written per controller.
// Used on legacy hosts and on hybrid hosts, where the v1 hierarchies carry the controllers.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeCgroupDir, readTreeProcs, removeCgroupTree, undoMade, type CgroupTreeHooks } from './cgroup-dirs.js';
import { checkResources, wantsCpu, wantsCpuset, wantsMemory } from './check-resources.js';
import { DEFAULT_KILL_TIMEOUT_MS, type CgroupDriver } from './driver.js';
import { CgroupError } from './errors.js';
import { killUntilEmpty } from './kill-loop.js';
import { checkCgroupPath } from './plan-path.js';
import type { CgroupMode, CgroupPlan, CgroupStats, LinuxResources } from './types.js';
import { applyV1Cpu, readV1CpuacctStats, readV1CpuStats } from './v1-cpu.js';
import { applyV1Cpuset } from './v1-cpuset.js';
import { freezeV1, thawV1 } from './v1-freezer.js';
import { applyV1Memory, readV1MemoryStats } from './v1-memory.js';
import { applyPidsLimit, readPidsStats } from './pids-files.js';

/** The v1 hierarchies this driver uses. */
export type V1Controller = 'cpu' | 'cpuacct' | 'cpuset' | 'memory' | 'pids' | 'freezer';

/** How to reach the v1 hierarchies. */
export interface V1DriverOptions {
  /** Mount point per controller (comounted controllers share one, e.g. cpu and cpuacct). Others are ignored. */
  mounts: Partial<Record<string, string>>;
  /** Reported mode; 'legacy' unless the caller detected 'hybrid'. */
  mode?: CgroupMode;
  /** Test seam for a fake cgroupfs tree; the real kernel needs none. */
  hooks?: CgroupTreeHooks;
}

interface ControllerOps {
  name: V1Controller;
  /** Whether the cgroup gets a directory in this hierarchy (when it is mounted). */
  wanted(resources: LinuxResources): boolean;
  /** Whether the resources cannot be honoured without this hierarchy. */
  required(resources: LinuxResources): boolean;
  apply?(mount: string, dir: string, path: string, resources: LinuxResources): void;
  stats?(dir: string, stats: CgroupStats): void;
}

const always = (): boolean => true;
const never = (): boolean => false;

// Order is creation and apply order; cpuset first so a task may join as soon as possible.
const CONTROLLERS: readonly ControllerOps[] = [
  { name: 'cpuset', wanted: wantsCpuset, required: wantsCpuset, apply: (mount, _dir, path, r) => applyV1Cpuset(mount, path, r.cpu) },
  { name: 'cpu', wanted: always, required: wantsCpu, apply: (_m, dir, _p, r) => applyV1Cpu(dir, r.cpu), stats: readV1CpuStats },
  { name: 'cpuacct', wanted: always, required: never, stats: readV1CpuacctStats },
  { name: 'memory', wanted: always, required: wantsMemory, apply: (_m, dir, _p, r) => applyV1Memory(dir, r.memory), stats: readV1MemoryStats },
  { name: 'pids', wanted: always, required: (r) => r.pids !== undefined, apply: (_m, dir, _p, r) => applyPidsLimit(dir, r.pids), stats: readPidsStats },
  // killAll() freezes through it; without it, killAll() falls back to repeated kill rounds.
  { name: 'freezer', wanted: always, required: never },
];

interface UsedHierarchy {
  ops: ControllerOps;
  mount: string;
  dir: string;
}

/** CgroupDriver over cgroup v1 hierarchies. */
export class V1CgroupDriver implements CgroupDriver {
  readonly version = 'v1' as const;
  readonly mode: CgroupMode;
  private readonly mounts: Partial<Record<string, string>>;
  private readonly hooks: CgroupTreeHooks;

  constructor(options: V1DriverOptions) {
    this.mounts = options.mounts;
    this.mode = options.mode ?? 'legacy';
    this.hooks = options.hooks ?? {};
  }

  plan(path: string, resources: LinuxResources): CgroupPlan {
    checkCgroupPath(path);
    checkResources(resources);
    const dirs: string[] = [];
    for (const ops of CONTROLLERS) {
      if (!ops.wanted(resources)) continue;
      const mount = this.mounts[ops.name];
      if (mount === undefined) {
        if (ops.required(resources)) throw missingHierarchy(ops.name);
        continue;
      }
      const dir = join(mount, path);
      if (!dirs.includes(dir)) dirs.push(dir);
    }
    return { path, dirs, procs: dirs.map((dir) => join(dir, 'cgroup.procs')) };
  }

  create(plan: CgroupPlan, resources: LinuxResources): void {
    checkResources(resources);
    const used = this.used(plan);
    for (const ops of CONTROLLERS) {
      if (ops.required(resources) && !used.some((u) => u.ops === ops)) throw planMismatch(plan, ops.name);
    }
    const made: string[] = [];
    try {
      const madeLeaves = new Set<string>();
      for (const { mount, dir } of used) {
        if (madeLeaves.has(dir)) continue; // comounted hierarchies share one directory
        makeCgroupDir(mount, plan.path, made, this.hooks);
        madeLeaves.add(dir);
      }
      for (const { ops, mount, dir } of used) ops.apply?.(mount, dir, plan.path, resources);
    } catch (error) {
      undoMade(made, this.hooks);
      throw error;
    }
  }

  stats(plan: CgroupPlan): CgroupStats {
    const stats: CgroupStats = {};
    for (const { ops, dir } of this.used(plan)) ops.stats?.(dir, stats);
    return stats;
  }

  pids(plan: CgroupPlan): number[] {
    const all = new Set<number>();
    for (const dir of plan.dirs) for (const pid of readTreeProcs(dir)) all.add(pid);
    return [...all].sort((a, b) => a - b);
  }

  isPopulated(plan: CgroupPlan): boolean {
    return plan.dirs.some((dir) => readTreeProcs(dir).length > 0);
  }

  async killAll(plan: CgroupPlan, timeoutMs = DEFAULT_KILL_TIMEOUT_MS): Promise<number> {
    if (!this.isPopulated(plan)) return 0;
    const found = this.used(plan).find((u) => u.ops.name === 'freezer')?.dir;
    const freezerDir = found !== undefined && existsSync(found) ? found : undefined;
    return killUntilEmpty(
      {
        path: freezerDir ?? plan.dirs[0] ?? plan.path,
        freeze: freezerDir === undefined ? undefined : (deadline) => freezeV1(freezerDir, deadline),
        thaw: freezerDir === undefined ? undefined : () => thawV1(freezerDir),
        list: () => this.pids(plan),
        isEmpty: () => !this.isPopulated(plan),
      },
      timeoutMs,
    );
  }

  destroy(plan: CgroupPlan): void {
    // Try every hierarchy, so one busy directory does not leave the others behind.
    let first: unknown;
    for (const dir of plan.dirs) {
      try {
        removeCgroupTree(dir, this.hooks);
      } catch (error) {
        first ??= error;
      }
    }
    if (first !== undefined) throw first;
  }

  /** The hierarchies this plan uses, with their mount points; comounted ones appear once per controller. */
  private used(plan: CgroupPlan): UsedHierarchy[] {
    const used: UsedHierarchy[] = [];
    for (const ops of CONTROLLERS) {
      const mount = this.mounts[ops.name];
      if (mount === undefined) continue;
      const dir = join(mount, plan.path);
      if (plan.dirs.includes(dir)) used.push({ ops, mount, dir });
    }
    return used;
  }
}

function missingHierarchy(controller: V1Controller): CgroupError {
  return new CgroupError({
    step: 'plan',
    syscall: '',
    path: `/sys/fs/cgroup/${controller}`,
    what: `find the v1 "${controller}" hierarchy`,
    hint: `no cgroup v1 hierarchy with the "${controller}" controller is mounted (see /proc/self/mountinfo); mount it or drop the linux.resources fields that need it`,
  });
}

function planMismatch(plan: CgroupPlan, controller: V1Controller): CgroupError {
  return new CgroupError({
    step: 'plan',
    syscall: '',
    path: plan.path,
    what: `create with resources that need the "${controller}" hierarchy`,
    hint: 'the plan was made for other resources; call plan() with the same resources as create()',
  });
}
