// Containers started per second with K in flight: M containers of the benchmark's Spec
// run by a pool of K concurrent runContainer calls; throughput = M ÷ the pool's wall
// time. Repeated, rotating the order of K, so each K has a sample set and an interval.
import type { Spec } from '../../runtime/spec/types.js';
import { rotate } from '../compare.js';
import { type Figure, makeFigure } from '../figure.js';
import { monotonicNs } from './adapter.js';
import { timeBuiltinRun } from './builtin-run.js';

/** In-flight counts of a full run, and of a quick one. */
export const CONCURRENCY_LEVELS = [1, 8, 32] as const;
export const QUICK_CONCURRENCY_LEVELS = [1, 8] as const;

export const CONCURRENCY_DESCRIBE =
  'M runContainer calls of the startup Spec (probe exit) with at most K in flight; throughput = M ÷ wall time. ' +
  'The launcher starts containers one at a time (its start step is synchronous), but their running and teardown overlap';

/** What the concurrency part measured. */
export interface ConcurrencyResult {
  describe: string;
  /** Containers per pool run. */
  containers: number;
  /** startup.concurrency.K, unit containers/s, one sample per repeat; params { inFlight: K }. */
  figures: Figure[];
}

/** How to sample. */
export interface ConcurrencyOptions {
  spec: Spec;
  levels: readonly number[];
  containers: number;
  repeats: number;
  signal?: AbortSignal;
  onRound?: (round: number, of: number) => void;
}

/** Runs `count` tasks with at most `limit` in flight; rejects with the first failure after the others settled. */
export async function runPool(count: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    while (next < count && !failure) {
      const i = next++;
      try {
        await task(i);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
  if (failure) throw failure.err;
}

/** Containers per second from a count and a wall time in ns. */
export function throughput(containers: number, wallNs: number): number {
  if (!(wallNs > 0)) throw new Error(`throughput: wall time must be positive, got ${wallNs} ns`);
  return containers / (wallNs / 1e9);
}

/** From throughputs per K to the figures. Pure. */
export function summariseConcurrency(samples: ReadonlyMap<number, number[]>, containers: number): ConcurrencyResult {
  const figures = [...samples].sort((a, b) => a[0] - b[0]).filter(([, xs]) => xs.length > 0)
    .map(([k, xs]) => makeFigure({ name: `startup.concurrency.${k}`, runtime: 'builtin', unit: 'containers/s', samples: xs, params: { inFlight: k } }));
  return { describe: CONCURRENCY_DESCRIBE, containers, figures };
}

/** Runs a pool per K and repeat (K rotating) and summarises. */
export async function measureConcurrency(o: ConcurrencyOptions): Promise<ConcurrencyResult> {
  for (const k of o.levels) if (!Number.isInteger(k) || k < 1) throw new Error(`concurrency: ${k} in flight is not a positive integer`);
  if (!Number.isInteger(o.containers) || o.containers < 1) throw new Error(`concurrency: ${o.containers} containers is not a positive integer`);
  const samples = new Map(o.levels.map((k) => [k, [] as number[]]));
  for (let r = 0; r < o.repeats && !o.signal?.aborted; r++) {
    o.onRound?.(r + 1, o.repeats);
    for (const k of rotate(o.levels, r)) {
      if (o.signal?.aborted) break;
      const begin = monotonicNs();
      await runPool(o.containers, k, () => timeBuiltinRun(o.spec));
      samples.get(k)!.push(throughput(o.containers, monotonicNs() - begin));
    }
  }
  return summariseConcurrency(samples, o.containers);
}
