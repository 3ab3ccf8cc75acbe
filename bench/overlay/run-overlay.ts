// The overlay benchmark: overlayfs against the filesystem underneath, every operation on
// both sides in every round, rounds interleaving all workloads (rotated, the side that
// goes first alternating), so drift on a busy machine hits both sides alike. Everything
// lives in one scratch directory on the disk under test, removed (mounts first) at the
// end, also when a round fails or the run is interrupted. Returns data; render.ts prints.
import os from 'node:os';
import { checkRequirements } from '../../runtime/host/requirements.js';
import { rotate } from '../compare.js';
import { measureTimerResolutionNs } from '../warnings.js';
import { copyUpWorkload } from './copy-up.js';
import { depthWorkload } from './depth.js';
import { findFio } from './fio.js';
import { inContainerWorkload } from './in-container.js';
import type { DepthMountMethod } from './layer-depth.js';
import { closeMainTree, makeMainTree, type MainTree } from './main-tree.js';
import { metadataWorkload } from './metadata.js';
import { randomReadWorkload } from './random-read.js';
import { collectStaleScratch, makeScratch, removeScratch } from './scratch.js';
import { seqIoWorkload } from './seq-io.js';
import { type OverlayOptions, overlaySettings } from './settings.js';
import { type OverlayResult, summariseOverlay } from './summarise.js';
import type { HarnessSample, OverlaySample, Side, SkippedWorkload, Workload } from './types.js';
import { whiteoutWorkload } from './whiteout.js';

export type { OverlayComparison, OverlayResult } from './summarise.js';

/** Which workloads to run (default all). */
export type OverlayWorkloadName = 'seq' | 'random' | 'metadata' | 'whiteout' | 'copy-up' | 'depth' | 'container';

/** Options of a run. */
export interface OverlayRunOptions extends OverlayOptions {
  only?: readonly OverlayWorkloadName[];
  /** Told of progress; the benchmark itself never prints. */
  onProgress?: (p: OverlayProgress) => void;
  /** Stops after the round in flight; everything is cleaned up, then the call rejects. */
  signal?: AbortSignal;
}

/** Progress of a run, for a CLI to show. */
export type OverlayProgress =
  | { kind: 'setup'; what: string }
  | { kind: 'skipped'; workload: string; reason: string }
  | { kind: 'failed'; workload: string; error: string }
  | { kind: 'round'; phase: 'warmup' | 'sample'; round: number; of: number };

/** Runs the overlay benchmark (as root). */
export async function runOverlayBench(o: OverlayRunOptions = {}): Promise<OverlayResult> {
  const settings = overlaySettings(o);
  const missing = await checkRequirements({ root: true, overlay: true });
  if (missing.length) throw new Error(`isolab bench overlay cannot run here: ${missing.join('; ')}`);
  const progress = o.onProgress ?? (() => undefined);
  const want = (w: OverlayWorkloadName) => !o.only || o.only.includes(w);
  const warnings = collectStaleScratch(settings.parentDir).map((d) => `removed ${d}, left behind by an earlier run that did not finish`);
  const scratch = makeScratch(settings.parentDir);
  const workloads: Workload[] = [];
  const skipped: SkippedWorkload[] = [];
  const samples: OverlaySample[] = [];
  const harness: HarnessSample[] = [];
  const depthMethods = new Map<number, DepthMountMethod>();
  const failed = new Map<Workload, string>();
  const fio = settings.useFio && want('random') ? await findFio() : undefined;
  let tree: MainTree | undefined;
  try {
    progress({ kind: 'setup', what: `files in ${scratch.root}` });
    if (want('seq') || want('random') || want('metadata') || want('container')) tree = await makeMainTree(scratch, settings);
    if (tree && want('seq')) workloads.push(seqIoWorkload(tree, settings));
    if (tree && want('random')) workloads.push(randomReadWorkload(tree, settings, fio));
    if (tree && want('metadata')) workloads.push(metadataWorkload(tree, settings));
    if (want('whiteout')) workloads.push(await whiteoutWorkload(scratch, settings));
    if (want('copy-up')) workloads.push(copyUpWorkload(scratch, settings));
    if (want('depth')) workloads.push(depthWorkload(scratch, settings, depthMethods));
    if (tree && want('container') && settings.inContainer) {
      const w = inContainerWorkload(tree, settings);
      if ('round' in w) workloads.push(w);
      else {
        skipped.push(w);
        progress({ kind: 'skipped', workload: w.name, reason: w.reason });
      }
    }
    if (settings.useFio && want('random') && !fio) {
      skipped.push({ name: 'random reads with fio (O_DIRECT)', reason: 'fio is not installed: cached random reads are timed from Node instead' });
    }
    const total = settings.warmup + settings.rounds;
    for (let i = 0; i < total && !o.signal?.aborted; i++) {
      const warm = i < settings.warmup;
      const round = warm ? -1 : i - settings.warmup;
      progress({ kind: 'round', phase: warm ? 'warmup' : 'sample', round: warm ? i + 1 : round + 1, of: warm ? settings.warmup : settings.rounds });
      const first: Side = i % 2 === 0 ? 'overlay' : 'plain';
      for (const w of rotate(workloads, i)) {
        if (o.signal?.aborted) break;
        if (failed.has(w)) continue;
        let r;
        try {
          // Warm-up rounds get numbers past the recorded ones: every round's files are its own.
          r = await w.round(warm ? settings.rounds + i : round, first);
        } catch (err) {
          // Left out with its error; the other workloads go on.
          const reason = err instanceof Error ? err.message : String(err);
          failed.set(w, reason);
          progress({ kind: 'failed', workload: w.name, error: reason });
          continue;
        }
        if (warm) continue;
        samples.push(...r.samples);
        harness.push(...(r.harness ?? []));
      }
    }
  } finally {
    for (const w of workloads) w.close?.();
    if (tree) {
      try {
        closeMainTree(tree);
      } catch {
        // removeScratch unmounts whatever is still mounted below the scratch directory
      }
    }
    const problems = removeScratch(scratch);
    if (problems.length) warnings.push(`could not clean up everything: ${problems.join('; ')}`);
  }
  if (o.signal?.aborted) throw new Error('overlay benchmark interrupted; cleaned up');
  const ops = workloads.filter((w) => !failed.has(w)).flatMap((w) => w.ops);
  const timerResolutionNs = measureTimerResolutionNs();
  const s = summariseOverlay(ops, samples, harness, settings.rounds, timerResolutionNs);
  const loadAverage = os.loadavg()[0] ?? 0;
  const cpus = os.availableParallelism();
  if (loadAverage > cpus * 0.5) warnings.push(`the machine was busy (load average ${loadAverage.toFixed(2)} on ${cpus} CPUs): figures may be noisy`);
  return {
    ...s,
    skipped,
    failed: [...failed].map(([w, reason]) => ({ name: w.name, reason })),
    warnings: [...warnings, ...s.warnings],
    settings: {
      ...settings, fio: fio?.version ?? null, depthMount: Object.fromEntries(depthMethods), timerResolutionNs, loadAverage, cpus,
    },
  };
}
