// A recording, in-memory CgroupDriver for unit tests of the modules that use
// one (runtime lifecycle, recovery, bench). It checks inputs like the real drivers,
// keeps the same rules (no double create, no destroy while populated) and records
// every call, but touches no file.

import { join } from 'node:path';
import { checkResources, wantsCpuset } from './check-resources.js';
import type { CgroupDriver } from './driver.js';
import { CgroupError } from './errors.js';
import { checkCgroupPath } from './plan-path.js';
import type { CgroupMode, CgroupPlan, CgroupStats, CgroupVersion, LinuxResources } from './types.js';

/** The CgroupDriver methods, as recorded. */
export type FakeMethod = 'plan' | 'create' | 'stats' | 'pids' | 'killAll' | 'destroy' | 'isPopulated';

/** One recorded call. */
export interface FakeCall {
  method: FakeMethod;
  path: string;
  resources?: LinuxResources;
  timeoutMs?: number;
}

/** A cgroup the fake "created". */
export interface FakeCgroup {
  resources: LinuxResources;
  pids: Set<number>;
}

/** How the fake presents itself. */
export interface FakeCgroupDriverOptions {
  version?: CgroupVersion;
  mode?: CgroupMode;
  /** Prefix of the absolute dirs in plans; default "/fake/cgroup". */
  root?: string;
  /** Counters stats() returns (pidsCurrent is filled from the fake's processes). */
  stats?: CgroupStats;
}

/** Recording fake of CgroupDriver. */
export class FakeCgroupDriver implements CgroupDriver {
  readonly version: CgroupVersion;
  readonly mode: CgroupMode;
  /** Every call, in order. */
  readonly calls: FakeCall[] = [];
  /** Cgroups that exist now, by relative path. */
  readonly cgroups = new Map<string, FakeCgroup>();
  /** Counters stats() returns; tests may change them. */
  statsToReturn: CgroupStats;
  private readonly root: string;
  private readonly failures = new Map<FakeMethod, Error>();

  constructor(options: FakeCgroupDriverOptions = {}) {
    this.version = options.version ?? 'v2';
    this.mode = options.mode ?? (this.version === 'v2' ? 'unified' : 'hybrid');
    this.root = options.root ?? '/fake/cgroup';
    this.statsToReturn = options.stats ?? {};
  }

  /** Make the next call of `method` throw (or reject with) `error`. */
  failNext(method: FakeMethod, error: Error): void {
    this.failures.set(method, error);
  }

  /** Simulate a process joining the cgroup (as writing its pid to plan.procs would). */
  addProcess(plan: CgroupPlan, pid: number): void {
    this.existing(plan).pids.add(pid);
  }

  /** Names of the methods called, in order: handy for asserting call sequences. */
  methods(): FakeMethod[] {
    return this.calls.map((call) => call.method);
  }

  plan(path: string, resources: LinuxResources): CgroupPlan {
    this.record({ method: 'plan', path, resources });
    checkCgroupPath(path);
    checkResources(resources);
    const hierarchies = this.version === 'v2' ? [''] : ['cpu', 'cpuacct', 'memory', 'pids', 'freezer'];
    if (this.version === 'v1' && wantsCpuset(resources)) hierarchies.unshift('cpuset');
    const dirs = hierarchies.map((h) => join(this.root, h, path));
    return { path, dirs, procs: dirs.map((dir) => join(dir, 'cgroup.procs')) };
  }

  create(plan: CgroupPlan, resources: LinuxResources): void {
    this.record({ method: 'create', path: plan.path, resources });
    checkResources(resources);
    if (this.cgroups.has(plan.path)) {
      throw new CgroupError({ step: 'mkdir', syscall: 'mkdir', path: plan.dirs[0] ?? plan.path, errno: 'EEXIST', what: 'mkdir', hint: 'fake: created twice' });
    }
    this.cgroups.set(plan.path, { resources, pids: new Set() });
  }

  stats(plan: CgroupPlan): CgroupStats {
    this.record({ method: 'stats', path: plan.path });
    return { ...this.statsToReturn, pidsCurrent: this.existing(plan).pids.size };
  }

  pids(plan: CgroupPlan): number[] {
    this.record({ method: 'pids', path: plan.path });
    return [...(this.cgroups.get(plan.path)?.pids ?? [])].sort((a, b) => a - b);
  }

  async killAll(plan: CgroupPlan, timeoutMs?: number): Promise<number> {
    this.record({ method: 'killAll', path: plan.path, timeoutMs });
    const cgroup = this.cgroups.get(plan.path);
    const count = cgroup?.pids.size ?? 0;
    cgroup?.pids.clear();
    return count;
  }

  destroy(plan: CgroupPlan): void {
    this.record({ method: 'destroy', path: plan.path });
    if ((this.cgroups.get(plan.path)?.pids.size ?? 0) > 0) {
      throw new CgroupError({ step: 'rmdir', syscall: 'rmdir', path: plan.dirs[0] ?? plan.path, errno: 'EBUSY', what: 'rmdir', hint: 'the cgroup still has processes; call killAll() before destroy()' });
    }
    this.cgroups.delete(plan.path);
  }

  isPopulated(plan: CgroupPlan): boolean {
    this.record({ method: 'isPopulated', path: plan.path });
    return (this.cgroups.get(plan.path)?.pids.size ?? 0) > 0;
  }

  private record(call: FakeCall): void {
    this.calls.push(call);
    const failure = this.failures.get(call.method);
    if (failure) {
      this.failures.delete(call.method);
      throw failure;
    }
  }

  private existing(plan: CgroupPlan): FakeCgroup {
    const cgroup = this.cgroups.get(plan.path);
    if (!cgroup) {
      throw new CgroupError({ step: 'read-stats', syscall: 'read', path: plan.dirs[0] ?? plan.path, errno: 'ENOENT', what: 'read', hint: 'fake: cgroup was never created (or was destroyed)' });
    }
    return cgroup;
  }
}
