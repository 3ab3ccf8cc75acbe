// The startup benchmark: how long each runtime takes from "start" to the workload's exit
// (and to its first instruction), sampled round-robin so that drift on a busy machine
// hits every runtime alike. Returns data only; render.ts prints it.
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { measureTimerResolutionNs } from '../warnings.js';
import { STARTUP_RUNTIMES, type StartupRuntime, type StartupRuntimeName } from './adapter.js';
import { type ExtraPart, runBuiltinExtras } from './builtin-extras.js';
import { startupRuntime } from './runtimes.js';
import { type Measured, type RuntimeStatus, type StartupResult, summariseStartup } from './summarise.js';

export type { RuntimeRatio, RuntimeStatus, StartupResult } from './summarise.js';

/** What to measure and how often. */
export interface StartupOptions {
  /** Runtimes to measure (default: every one); the floor is always added as calibration. */
  runtimes?: readonly StartupRuntimeName[];
  /** Recorded samples per runtime (default 60; 20 in quick mode). */
  samples?: number;
  /** Unrecorded rounds first (default 3; 2 in quick mode). */
  warmup?: number;
  /**
   * Pause before every start, in ms (default 40): long enough for the kernel state one
   * start warms (cgroup v1 migration's RCU sync, async net namespace teardown) to go
   * cold again, so that every sample is a start on a settled machine. 0 measures starts
   * in a burst instead (each helped by the one before).
   */
  settleMs?: number;
  /** Fewer samples: a quick look, well under a minute. */
  quick?: boolean;
  /**
   * The built-in runtime's extra parts (each on by default; quick mode takes few samples):
   * cost of each namespace on its own, overlay mount by layer count, containers per
   * second by concurrency. They run only when builtin was measured with its own adapter
   * (never when a test substitutes it) and was not interrupted.
   */
  namespaces?: boolean;
  layers?: boolean;
  concurrency?: boolean;
  /** Adapters to use instead of the built-in ones of the same name (tests use fakes). */
  adapters?: readonly StartupRuntime[];
  /** Told of progress; the benchmark itself never prints. */
  onProgress?: (p: StartupProgress) => void;
  /** Stops after the sample in flight; everything is cleaned up, then the call rejects. */
  signal?: AbortSignal;
}

/** Progress of a run, for a CLI to show. */
export type StartupProgress =
  | { kind: 'skipped'; runtime: StartupRuntimeName; reason: string }
  | { kind: 'ready'; runtime: StartupRuntimeName; version?: string }
  | { kind: 'round'; phase: 'warmup' | 'sample'; round: number; of: number }
  | { kind: 'failed'; runtime: StartupRuntimeName; error: string }
  | { kind: 'part'; part: ExtraPart; round: number; of: number };

/** The default pause before each start (see StartupOptions.settleMs). */
export const DEFAULT_SETTLE_MS = 40;

interface Active extends Measured {
  ctx: unknown;
  version?: string;
  error?: string;
}

/** Runs the startup benchmark. Throws only when the floor itself cannot be measured. */
export async function runStartupBench(o: StartupOptions = {}): Promise<StartupResult> {
  const samples = o.samples ?? (o.quick ? 20 : 60);
  const warmup = o.warmup ?? (o.quick ? 2 : 3);
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`samples: must be a positive integer, got ${samples}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`warmup: must be an integer ≥ 0, got ${warmup}`);
  const settleMs = o.settleMs ?? DEFAULT_SETTLE_MS;
  if (!(settleMs >= 0)) throw new Error(`settleMs: must be ≥ 0, got ${settleMs}`);
  const settle = () => (settleMs > 0 ? sleep(settleMs) : Promise.resolve());
  const wanted = new Set<StartupRuntimeName>(['floor', ...(o.runtimes ?? STARTUP_RUNTIMES)]);
  const names = STARTUP_RUNTIMES.filter((n) => wanted.has(n));
  const progress = o.onProgress ?? (() => undefined);
  const timerResolutionNs = measureTimerResolutionNs();
  const statuses: RuntimeStatus[] = [];
  const active: Active[] = [];
  const cleanupErrors: string[] = [];
  try {
    for (const name of names) {
      const rt = o.adapters?.find((x) => x.name === name) ?? startupRuntime(name);
      const a = await rt.available();
      if (!a.ok) {
        statuses.push({ name, status: 'skipped', reason: a.reason });
        progress({ kind: 'skipped', runtime: name, reason: a.reason });
        continue;
      }
      active.push({ rt, ctx: await rt.prepare(), samples: [], ...(a.version ? { version: a.version } : {}) });
      progress({ kind: 'ready', runtime: name, ...(a.version ? { version: a.version } : {}) });
    }
    const rounds = warmup + samples;
    for (let round = 0; round < rounds && !o.signal?.aborted; round++) {
      const isWarmup = round < warmup;
      progress({ kind: 'round', phase: isWarmup ? 'warmup' : 'sample', round: isWarmup ? round + 1 : round - warmup + 1, of: isWarmup ? warmup : samples });
      // Rotate who goes first, so no runtime always follows the same one.
      for (let k = 0; k < active.length && !o.signal?.aborted; k++) {
        const x = active[(round + k) % active.length]!;
        if (x.error !== undefined) continue;
        try {
          const s = await x.rt.once(x.ctx, settle);
          if (!isWarmup) x.samples.push(s);
        } catch (err) {
          x.error = err instanceof Error ? err.message : String(err);
          progress({ kind: 'failed', runtime: x.rt.name, error: x.error });
        }
      }
    }
  } finally {
    for (const x of active) {
      try {
        await x.rt.cleanup(x.ctx);
      } catch (err) {
        cleanupErrors.push(`cleanup of ${x.rt.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  const builtinOk = active.some((x) => x.rt.name === 'builtin' && x.error === undefined) && !o.adapters?.some((a) => a.name === 'builtin');
  const parts = (['namespaces', 'layers', 'concurrency'] as const).filter((p) => builtinOk && o[p] !== false);
  const extras = o.signal?.aborted ? { warnings: [] } : await runBuiltinExtras({
    parts, quick: o.quick ?? false, settle, ...(o.signal ? { signal: o.signal } : {}),
    onRound: (part, round, of) => progress({ kind: 'part', part, round, of }),
  });
  if (o.signal?.aborted) throw new Error(`startup benchmark interrupted; cleaned up${cleanupErrors.length ? ` except: ${cleanupErrors.join('; ')}` : ''}`);
  for (const x of active) {
    statuses.push(x.error !== undefined
      ? { name: x.rt.name, status: 'failed', describe: x.rt.describe, error: x.error }
      : { name: x.rt.name, status: 'measured', describe: x.rt.describe, ...(x.version ? { version: x.version } : {}) });
  }
  statuses.sort((p, q) => names.indexOf(p.name) - names.indexOf(q.name));
  const result = summariseStartup(active.filter((x) => x.error === undefined), statuses, {
    samples, warmup, settleMs, quick: o.quick ?? false, timerResolutionNs, loadAverage: os.loadavg()[0] ?? 0, cpus: os.availableParallelism(),
  });
  result.warnings.unshift(...cleanupErrors);
  result.warnings.push(...extras.warnings);
  if (extras.namespaces) result.namespaces = extras.namespaces;
  if (extras.layers) result.layers = extras.layers;
  if (extras.concurrency) result.concurrency = extras.concurrency;
  return result;
}

