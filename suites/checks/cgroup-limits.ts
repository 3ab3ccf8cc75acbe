// cgroup limits, observed from the workload: past the memory limit it is OOM-killed (and
// the runtime says so), at the pids limit fork() fails, and under a CPU quota it gets no
// more CPU time than the quota. In a cell without limits the same workloads go through:
// the control.
import { execFileSync } from 'node:child_process';
import { probeBinary } from '../../runtime/launcher/paths.js';
import type { Cell } from '../matrix/materialize.js';
import type { Expectation } from '../matrix/expectations.js';
import { SUITE_LIMITS } from '../matrix/presets.js';
import { isolated, notApplicable, observationError, shared, type Check } from './types.js';

const MIB = 2 ** 20;
const SPIN_SECONDS = 0.5;
const SPIN_THREADS = 2;

const limited = (on: (c: Cell) => boolean) => (c: Cell): Expectation => (on(c) ? 'isolated' : 'shared');
const memLimit = (c: Cell) => c.spec.linux.resources?.memory?.limit;
const pidsLimit = (c: Cell) => c.spec.linux.resources?.pids?.limit;
const cpuQuota = (c: Cell) => {
  const cpu = c.spec.linux.resources?.cpu;
  return cpu?.quota && cpu.period && cpu.quota > 0 ? cpu.quota / cpu.period : undefined;
};

const memory: Check = {
  id: 'limit-memory-oom',
  area: 'cgroup-limits',
  description: 'allocating twice the memory limit ends in an OOM kill that the runtime reports',
  expected: limited((c) => (memLimit(c) ?? -1) > 0),
  async run(ctx) {
    const limit = memLimit(ctx.cell) ?? SUITE_LIMITS.memoryBytes!;
    const mib = Math.ceil((2 * limit) / MIB);
    const r = await ctx.run(['probe', 'alloc', String(mib)]);
    const line = r.stdout.trim().split('\n').pop();
    const out = line ? (JSON.parse(line) as { allocated_mib?: number }) : undefined;
    const evidence = { requestedMiB: mib, limitMiB: limit / MIB, allocatedMiB: out?.allocated_mib ?? null, exitCode: r.exitCode, signal: r.signal, oomKilled: r.oomKilled };
    if (r.oomKilled) return isolated(evidence);
    if (r.exitCode === 0 && out?.allocated_mib === mib) return shared(evidence);
    return observationError({ ...evidence, reason: r.signal === 'SIGKILL' ? 'killed, but the runtime did not report an OOM kill' : 'neither completed nor OOM-killed', stderr: r.stderr.slice(0, 300) });
  },
};

const pids: Check = {
  id: 'limit-pids-fork',
  area: 'cgroup-limits',
  description: 'forking more processes than the pids limit fails with EAGAIN',
  expected: limited((c) => (pidsLimit(c) ?? -1) > 0),
  async run(ctx) {
    const n = (pidsLimit(ctx.cell) ?? SUITE_LIMITS.pids!) + 16;
    const { out } = await ctx.probe<{ requested: number; forked: number; error: string | null }>(['fork', String(n)]);
    const evidence = { requested: out.requested, forked: out.forked, error: out.error, limit: pidsLimit(ctx.cell) ?? null };
    if (out.forked === n) return shared(evidence);
    return out.error === 'EAGAIN' ? isolated(evidence) : observationError(evidence);
  },
};

const cpu: Check = {
  id: 'limit-cpu-quota',
  area: 'cgroup-limits',
  description: `${SPIN_THREADS} busy threads for ${SPIN_SECONDS} s get no more CPU time than the quota (+15 % and 0.05 CPU of slack)`,
  expected: limited((c) => cpuQuota(c) !== undefined),
  // Alone: beside other containers on two cores, the unlimited control gets less than it asks.
  solo: true,
  async run(ctx) {
    const quota = cpuQuota(ctx.cell);
    const bound = (quota ?? SUITE_LIMITS.cpus!) * 1.15 + 0.05;
    // Without a quota, the control can only show the workload above the bound if the
    // machine has that much CPU to give: measure what a spin on the host itself gets first.
    const hostCpus = quota === undefined ? hostSpin() : undefined;
    const { out } = await ctx.probe<{ cpu_ns: number; wall_ns: number }>(['spin', String(SPIN_THREADS), String(SPIN_SECONDS)]);
    const used = out.cpu_ns / out.wall_ns;
    const evidence = {
      cpusUsed: Number(used.toFixed(3)), quotaCpus: quota ?? null, bound: Number(bound.toFixed(3)),
      ...(hostCpus !== undefined ? { hostSpinCpus: Number(hostCpus.toFixed(3)) } : {}),
      cpuMs: Math.round(out.cpu_ns / 1e6), wallMs: Math.round(out.wall_ns / 1e6),
    };
    if (used <= bound && hostCpus !== undefined && hostCpus <= bound * 1.5) {
      return notApplicable(`the machine is too busy to tell: a spin on the host itself got ${hostCpus.toFixed(2)} CPUs, the bound is ${bound.toFixed(2)}`, evidence);
    }
    return used <= bound ? isolated(evidence) : shared(evidence);
  },
};

/** CPUs a short spin of the probe gets as a plain host process (the machine's spare CPU). */
function hostSpin(): number {
  const out = JSON.parse(execFileSync(probeBinary(), ['spin', String(SPIN_THREADS), String(SPIN_SECONDS / 2)], { encoding: 'utf8' })) as { cpu_ns: number; wall_ns: number };
  return out.cpu_ns / out.wall_ns;
}

/** The cgroup limit checks. */
export const CGROUP_LIMIT_CHECKS: readonly Check[] = [memory, pids, cpu];
