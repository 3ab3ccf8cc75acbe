// The cgroup benchmark: how exactly the kernel enforces what the Spec asks, through the
// host's CgroupDriver (v1 here, v2 elsewhere: the same output). Each round runs every CPU
// quota, memory limit and pids limit once, in rotated order; the bursty workload has
// rounds of its own. Every container is torn down by runContainer. Returns data only.
import fs from 'node:fs';
import os from 'node:os';
import { hostCgroupDriver } from '../../runtime/container/run-container.js';
import { checkRequirements } from '../../runtime/host/requirements.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import { DEFAULT_NS } from '../../runtime/spec/namespaces.js';
import { rotate } from '../compare.js';
import { BURST_CASES, type BurstCase, measureBurst } from './cpu-burst.js';
import { measureSteady } from './cpu-steady.js';
import { burstOverQuota } from './error-math.js';
import { measureMemory } from './memory-oom.js';
import { measurePids } from './pids-limit.js';
import { type CgroupBenchOptions, cgroupSettings } from './settings.js';
import { type CgroupResult, type CgroupRuns, summariseCgroup } from './summarise.js';

export type { CgroupResult } from './summarise.js';

/** Which parts to run (default all). */
export type CgroupPart = 'cpu' | 'burst' | 'memory' | 'pids';

/** Options of a run. */
export interface CgroupRunOptions extends CgroupBenchOptions {
  only?: readonly CgroupPart[];
  /** Told of progress; the benchmark itself never prints. */
  onProgress?: (p: CgroupProgress) => void;
  /** Stops after the container in flight, then the call rejects. */
  signal?: AbortSignal;
}

/** Progress of a run, for a CLI to show. */
export type CgroupProgress =
  | { kind: 'round'; part: 'limits' | 'burst'; round: number; of: number }
  | { kind: 'skipped'; what: string; reason: string }
  | { kind: 'failed'; what: string; error: string };

type Item = { part: 'cpu'; quota: number } | { part: 'memory'; limitMiB: number } | { part: 'pids'; limit: number };

/** Runs the cgroup benchmark (as root). */
export async function runCgroupBench(o: CgroupRunOptions = {}): Promise<CgroupResult> {
  const settings = cgroupSettings(o);
  const want = (p: CgroupPart) => !o.only || o.only.includes(p);
  const controllers = [...(want('cpu') || want('burst') ? ['cpu'] : []), ...(want('memory') ? ['memory'] : []), ...(want('pids') ? ['pids'] : [])];
  const missing = await checkRequirements({ root: true, overlay: true, namespaces: DEFAULT_NS, cgroupControllers: controllers });
  if (missing.length) throw new Error(`isolab bench cgroup cannot run here: ${missing.join('; ')}`);
  const progress = o.onProgress ?? (() => undefined);
  const image = ensureDefaultImage();
  const driver = hostCgroupDriver();
  const runs: CgroupRuns = { steady: [], burst: [], memory: [], pids: [] };
  const skipped: CgroupResult['skipped'] = [];
  const items: Item[] = [
    ...(want('cpu') ? settings.quotas.map((quota) => ({ part: 'cpu' as const, quota })) : []),
    ...(want('memory') ? settings.memoryLimitsMiB.map((limitMiB) => ({ part: 'memory' as const, limitMiB })) : []),
    ...(want('pids') ? settings.pidsLimits.map((limit) => ({ part: 'pids' as const, limit })) : []),
  ];
  const aborted = () => o.signal?.aborted ?? false;
  const failed = new Map<string, string>();
  // A measurement that fails is left out with its error from then on; the others go on.
  const attempt = async (name: string, run: () => Promise<void>) => {
    if (failed.has(name)) return;
    try {
      await run();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      failed.set(name, reason);
      progress({ kind: 'failed', what: name, error: reason });
    }
  };
  for (let round = 0; items.length && round < settings.rounds && !aborted(); round++) {
    progress({ kind: 'round', part: 'limits', round: round + 1, of: settings.rounds });
    for (const it of rotate(items, round)) {
      if (aborted()) break;
      if (it.part === 'cpu') await attempt(`cpu quota ${it.quota}`, async () => void runs.steady.push(await measureSteady(image, it.quota, settings.seconds, settings.periodMs)));
      else if (it.part === 'memory') await attempt(`memory limit ${it.limitMiB} MiB`, async () => void runs.memory.push(await measureMemory(image, it.limitMiB)));
      else await attempt(`pids limit ${it.limit}`, async () => void runs.pids.push(await measurePids(image, it.limit)));
    }
  }
  const noShell = new Set<BurstCase>();
  for (let round = 0; want('burst') && round < settings.burstRounds && !aborted(); round++) {
    progress({ kind: 'round', part: 'burst', round: round + 1, of: settings.burstRounds });
    for (const c of rotate(BURST_CASES, round)) {
      if (aborted() || noShell.has(c)) continue;
      await attempt(`burst ${c}`, async () => {
        const s = await measureBurst(image, c, settings.burst);
        if (s) runs.burst.push(s);
        else {
          noShell.add(c);
          skipped.push({ name: `burst ${c}`, reason: 'the default image has no /bin/sh to start two bursting processes (install busybox-static)' });
          progress({ kind: 'skipped', what: `burst ${c}`, reason: 'no /bin/sh in the default image' });
        }
      });
    }
  }
  if (aborted()) throw new Error('cgroup benchmark interrupted; every container was removed');
  const s = summariseCgroup(runs, settings);
  const loadAverage = os.loadavg()[0] ?? 0;
  const cpus = os.availableParallelism();
  const warnings = [...s.warnings];
  if (loadAverage > cpus * 0.5) warnings.push(`the machine was busy (load average ${loadAverage.toFixed(2)} on ${cpus} CPUs): quotas above the idle CPUs cannot be reached`);
  const swapKiB = readSwapTotalKiB();
  if (swapKiB > 0) warnings.push(`the host has ${Math.round(swapKiB / 1024)} MiB of swap: a container may swap before its OOM kill, and the peak counts memory only`);
  const b = settings.burst;
  return {
    ...s,
    driver: { version: driver.version, mode: driver.mode },
    skipped,
    failed: [...failed].map(([name, reason]) => ({ name, reason })),
    warnings,
    settings: {
      ...settings, cpus, loadAverage, swapKiB,
      burstWantsOfQuota: burstOverQuota(2, b.burstMs, b.quota, settings.periodMs),
    },
  };
}

function readSwapTotalKiB(): number {
  try {
    const m = /^SwapTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
