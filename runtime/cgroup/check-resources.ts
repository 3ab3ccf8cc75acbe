// Checks linux.resources before a driver touches cgroupfs, so bad input gets an
// error naming the field and changes nothing. The Spec module validates too;
// this is the driver's own guard against values the kernel would reject halfway.

import { CgroupError } from './errors.js';
import type { LinuxResources } from './types.js';

// Kernel bounds (kernel/sched/core.c, mm/memcontrol.c, OCI runtime-spec).
const MIN_CFS_QUOTA_US = 1000;
const MIN_CFS_PERIOD_US = 1000;
const MAX_CFS_PERIOD_US = 1_000_000;
const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
const CPU_LIST = /^\s*\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*\s*$/;

function invalid(field: string, value: unknown, rule: string): never {
  throw new CgroupError({
    step: 'validate',
    syscall: '',
    path: `linux.resources.${field}`,
    what: `check value ${JSON.stringify(value)}`,
    hint: rule,
  });
}

function checkLimit(field: string, value: number | undefined, min: number, rule: string): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || (value !== -1 && value < min)) invalid(field, value, rule);
}

/** True when a cpuset string asks for something ("" means unset, as in runc). */
export function isSet(list: string | undefined): list is string {
  return list !== undefined && list !== '';
}

/** Throws CgroupError naming the first invalid linux.resources field. */
export function checkResources(resources: LinuxResources): void {
  const { cpu, memory, pids } = resources;
  if (cpu) {
    checkLimit('cpu.quota', cpu.quota, MIN_CFS_QUOTA_US, `must be -1 (unlimited) or at least ${MIN_CFS_QUOTA_US} µs`);
    const period = cpu.period;
    if (period !== undefined && (!Number.isSafeInteger(period) || period < MIN_CFS_PERIOD_US || period > MAX_CFS_PERIOD_US)) {
      invalid('cpu.period', period, `must be between ${MIN_CFS_PERIOD_US} and ${MAX_CFS_PERIOD_US} µs`);
    }
    const shares = cpu.shares;
    if (shares !== undefined && (!Number.isSafeInteger(shares) || shares < MIN_SHARES || shares > MAX_SHARES)) {
      invalid('cpu.shares', shares, `must be an integer between ${MIN_SHARES} and ${MAX_SHARES}`);
    }
    if (isSet(cpu.cpus) && !CPU_LIST.test(cpu.cpus)) invalid('cpu.cpus', cpu.cpus, 'must be a CPU list such as "0-3,6"');
    if (isSet(cpu.mems) && !CPU_LIST.test(cpu.mems)) invalid('cpu.mems', cpu.mems, 'must be a NUMA node list such as "0" or "0-1"');
  }
  if (memory) {
    checkLimit('memory.limit', memory.limit, 1, 'must be -1 (unlimited) or a positive number of bytes');
    checkLimit('memory.swap', memory.swap, 1, 'must be -1 (unlimited) or a positive number of bytes (memory+swap)');
    const { limit, swap } = memory;
    if (swap !== undefined && swap !== -1) {
      if (limit === undefined || limit === -1) {
        invalid('memory.swap', swap, 'a memory+swap limit needs memory.limit set too');
      }
      if (swap < limit) invalid('memory.swap', swap, `is memory+swap, so it must be at least memory.limit (${limit})`);
    }
  }
  if (pids) checkLimit('pids.limit', pids.limit, 1, 'must be -1 (unlimited) or a positive number of processes');
}

/** Whether the resources ask for CPU bandwidth or weight (the "cpu" controller). */
export function wantsCpu(resources: LinuxResources): boolean {
  const cpu = resources.cpu;
  return cpu !== undefined && (cpu.quota !== undefined || cpu.period !== undefined || cpu.shares !== undefined);
}

/** Whether the resources pin CPUs or memory nodes (the "cpuset" controller). */
export function wantsCpuset(resources: LinuxResources): boolean {
  return isSet(resources.cpu?.cpus) || isSet(resources.cpu?.mems);
}

/** Whether the resources limit memory. */
export function wantsMemory(resources: LinuxResources): boolean {
  const memory = resources.memory;
  return memory !== undefined && (memory.limit !== undefined || memory.swap !== undefined);
}
