// PID namespace: the workload is PID 1, host and sibling processes are invisible and
// unkillable (kill() answers ESRCH), and the end of PID 1 ends every process in it.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import { hostPidsWithArgv, isolatedWithAll, needsShell, sleep, tried } from './helpers.js';
import { isolated, observationError, shared, type Check, type TryResult } from './types.js';

const pidOne: Check = {
  id: 'pid-is-1',
  area: 'pid',
  description: 'the workload is PID 1 of its own PID namespace',
  async run(ctx) {
    const { out } = await ctx.probe<{ pid: number; ppid: number }>(['self']);
    const evidence = { pid: out.pid, ppid: out.ppid };
    return out.pid === 1 ? isolated(evidence) : shared(evidence);
  },
};

const hostInvisible: Check = {
  id: 'pid-host-invisible',
  area: 'pid',
  description: "a host sentinel process is absent from the container's /proc",
  // /proc shows the reader's PID namespace only when it is a new proc mount; without a
  // mount namespace the runtime can only give the container the host's /proc.
  expected: isolatedWithAll('pid', 'mnt'),
  async run(ctx) {
    const pid = ctx.sentinels.pid;
    const { out } = await ctx.probe<{ ok: boolean; error: string | null }>(['stat', `/proc/${pid}`]);
    const evidence = { sentinelHostPid: pid, statProcPid: { ok: out.ok, error: out.error } };
    if (!out.ok && out.error === 'ENOENT') return isolated(evidence);
    return out.ok ? shared(evidence) : observationError(evidence);
  },
};

/** kill(pid, 0): ESRCH means "no such process here"; success or EPERM means it is visible. */
function killVerdict(r: TryResult, evidence: Record<string, unknown>) {
  const e = { ...evidence, kill: tried(r) };
  return r.error === 'ESRCH' ? isolated(e) : r.ok || r.error === 'EPERM' ? shared(e) : observationError(e);
}

const hostKill: Check = {
  id: 'pid-host-kill',
  area: 'pid',
  description: "kill(host sentinel's pid, 0) fails with ESRCH",
  async run(ctx) {
    const pid = ctx.sentinels.pid;
    const { out } = await ctx.probe<TryResult>(['try', 'kill', String(pid), '0']);
    return killVerdict(out, { sentinelHostPid: pid });
  },
};

const siblingInvisible: Check = {
  id: 'pid-sibling-invisible',
  area: 'pid',
  description: 'a process of a sibling container (same cell) cannot be signalled: ESRCH',
  async run(ctx) {
    let verdict: ReturnType<typeof killVerdict> | undefined;
    await ctx.run(['probe', 'sleep', '30'], {
      stdio: 'null',
      onStarted: async (sib) => {
        try {
          const { out } = await ctx.probe<TryResult>(['try', 'kill', String(sib.pid), '0']);
          verdict = killVerdict(out, { siblingHostPid: sib.pid });
        } finally {
          process.kill(sib.pid, 'SIGKILL'); // its PID 1: the sibling ends at once
        }
      },
    });
    return verdict ?? observationError({ reason: 'the sibling container never started' });
  },
};

/**
 * Runtimes that, without a PID namespace, signal every process of the container's cgroup
 * when its first process exits, before they report the exit (runc's signalAllProcesses;
 * crun does the same). For them the property holds in every cell; the host control cell is
 * then the one that shows the check can fail.
 */
const ENDS_ALL_ON_EXIT: ReadonlySet<string> = new Set(['runc', 'crun', 'docker']); // docker runs runc

const killInitEndsAll: Check = {
  id: 'pid-kill-init-ends-all',
  area: 'pid',
  description: "killing the container's PID 1 ends a daemon that left its session, by the time the runtime reports the exit",
  expected: (cell) => (cell.ns.includes('pid') || ENDS_ALL_ON_EXIT.has(cell.runtime) ? 'isolated' : 'shared'),
  canRun: needsShell,
  async run(ctx) {
    // The daemon's argv is unique to this run, so the host can find it by its cmdline.
    const marker = `59.${randomInt(100000, 999999)}`;
    const argv = ['probe', 'daemon', marker];
    let daemons: number[] = [];
    let killedInit = false;
    try {
      let aliveAfter: number[] = [];
      await ctx.run(['sh', '-c', `probe daemon ${marker} >/dev/null; exec probe sleep 60`], {
        stdio: 'null',
        onStarted: async (c) => {
          // Once PID 1 has exec'ed `probe sleep`, the daemon's parents have exited: only the
          // daemon itself still has its argv.
          for (let i = 0; i < 1500 && !pid1Sleeps(c.pid); i++) await sleep(2);
          daemons = hostPidsWithArgv(argv);
          process.kill(c.pid, 'SIGKILL');
          killedInit = true;
        },
        // A PID namespace's init exits only after the kernel has ended every process in it, so
        // once the exit is reported, a surviving daemon is one the namespace did not end.
        inspect: () => {
          aliveAfter = daemons.filter((p) => fs.existsSync(`/proc/${p}`) && hostPidsWithArgv(argv).includes(p));
        },
      });
      const evidence = { daemonHostPids: daemons, killedInit, daemonsAliveAfterInitDied: aliveAfter };
      if (daemons.length === 0) return observationError({ ...evidence, reason: 'the daemon never appeared' });
      return aliveAfter.length === 0 ? isolated(evidence) : shared(evidence);
    } finally {
      for (const p of hostPidsWithArgv(argv)) process.kill(p, 'SIGKILL'); // whatever the runtime left
    }
  },
};

/** Whether host pid runs `probe sleep …` (the kill-init workload's last step). */
function pid1Sleeps(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('probe\0sleep\0');
  } catch {
    return false;
  }
}

/** The PID namespace checks. */
export const PID_CHECKS: readonly Check[] = [pidOne, hostInvisible, hostKill, siblingInvisible, killInitEndsAll];
