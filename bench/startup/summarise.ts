// From the samples of a startup run to its result: one figure per runtime and quantity,
// the wrapper adjustment, the built-in runtime's phases, builtin ÷ each runtime, and the
// run-wide warnings. Pure.
import { type Figure, makeFigure, subtractConstant, ciSpread } from '../figure.js';
import { relativeSpeed } from '../stats.js';
import type { StartupRuntime, StartupRuntimeName, StartupSample } from './adapter.js';
import type { ConcurrencyResult } from './concurrency.js';
import type { LayerCostResult } from './layer-cost.js';
import type { NamespaceCostResult } from './namespace-cost.js';

/** A runtime that was sampled to the end, and its samples. */
export interface Measured {
  rt: StartupRuntime;
  samples: StartupSample[];
}

/** How each runtime fared. */
export type RuntimeStatus =
  | { name: StartupRuntimeName; status: 'measured'; describe: string; version?: string }
  | { name: StartupRuntimeName; status: 'skipped'; reason: string }
  | { name: StartupRuntimeName; status: 'failed'; describe: string; error: string };

/** builtin / b, from the start-to-exit medians. */
export interface RuntimeRatio {
  a: 'builtin';
  b: StartupRuntimeName;
  ratio: number;
  ci95: [number, number];
  /** hyperfine-style propagated σ of the ratio of means. */
  error: number;
}

/** Everything the startup benchmark measured. */
export interface StartupResult {
  /** startup.start-to-exit per runtime, then startup.start-to-first-instruction, then wrapper figures. */
  figures: Figure[];
  /** The built-in runtime's phases, one figure per phase (startup.phase.NAME). */
  phases: Figure[];
  ratios: RuntimeRatio[];
  /** The measuring path's own cost: fork+exec of /bin/true through the launcher (the floor). */
  calibration: Figure;
  /** Node → launcher → Node, beyond the calibration: in builtin's figure only (when the floor reports it). */
  roundTrip?: Figure;
  runtimes: RuntimeStatus[];
  /** The built-in runtime's cost of each namespace on its own (absent when left out). */
  namespaces?: NamespaceCostResult;
  /** The built-in runtime's overlay mount and start by layer count (absent when left out). */
  layers?: LayerCostResult;
  /** The built-in runtime's containers per second by concurrency (absent when left out). */
  concurrency?: ConcurrencyResult;
  warnings: string[];
  settings: { samples: number; warmup: number; settleMs: number; quick: boolean; timerResolutionNs: number; loadAverage: number; cpus: number };
}

const EXIT = 'startup.start-to-exit';
const FIRST = 'startup.start-to-first-instruction';
const ms = (ns: number) => ns / 1e6;

/** Summarises the samples of the runtimes in `done` (which must include the floor). */
export function summariseStartup(done: Measured[], runtimes: RuntimeStatus[], settings: StartupResult['settings']): StartupResult {
  const floor = done.find((x) => x.rt.name === 'floor');
  if (!floor) {
    const why = runtimes.find((r) => r.name === 'floor');
    const reason = why?.status === 'skipped' ? why.reason : why?.status === 'failed' ? why.error : 'no samples';
    throw new Error(`the floor (fork+exec of /bin/true through the launcher) could not be measured, so nothing can be: ${reason}`);
  }
  const figure = (name: string, runtime: string, xs: number[], notes?: string[]) => makeFigure({ name, runtime, unit: 'ms', samples: xs, ...(notes ? { notes } : {}) });
  const calibration = figure(EXIT, 'floor', floor.samples.map((s) => ms(s.startToExitNs)));
  const exits: Figure[] = [];
  const firsts: Figure[] = [];
  const extras: Figure[] = [];
  const warnings: string[] = [];
  for (const x of done) {
    const name = x.rt.name;
    let exit = name === 'floor' ? calibration : figure(EXIT, name, x.samples.map((s) => ms(s.startToExitNs)));
    const firstNs = x.samples.flatMap((s) => (s.startToFirstInstructionNs !== undefined ? [ms(s.startToFirstInstructionNs)] : []));
    let first = firstNs.length ? figure(FIRST, name, firstNs) : undefined;
    const wrapperNs = x.samples.flatMap((s) => (s.wrapperNs !== undefined ? [ms(s.wrapperNs)] : []));
    if (wrapperNs.length) {
      // The wrapper's cost beyond a plain start: (wrapper around /bin/true) − (floor).
      const wrapper = figure('startup.wrapper', name, wrapperNs);
      const cost = wrapper.stats.median - calibration.stats.median;
      const [wLo, wHi] = ciSpread(wrapper);
      const [fLo, fHi] = ciSpread(calibration);
      const spread: [number, number] = [Math.hypot(wLo, fHi), Math.hypot(wHi, fLo)];
      const note = `adjusted: ${cost.toFixed(3)} ms taken off every sample, the cost of the wrapper that hides the cgroup2 mount (its median around /bin/true minus the floor's); raw samples are in startup.wrapped`;
      extras.push(wrapper, { ...exit, name: 'startup.wrapped' });
      exit = subtractConstant(exit, cost, spread, note);
      if (first) first = subtractConstant(first, cost, spread, note);
      warnings.push(`${name} ran behind a wrapper (hybrid cgroup host); its figures are adjusted by ${cost.toFixed(3)} ms`);
    }
    exits.push(exit);
    if (first) firsts.push(first);
  }
  const builtin = done.find((x) => x.rt.name === 'builtin');
  const builtinExit = exits.find((f) => f.runtime === 'builtin');
  const ratios: RuntimeRatio[] = [];
  if (builtinExit) {
    for (const f of exits) {
      if (f.runtime === 'builtin') continue;
      const r = relativeSpeed(ratioInput(builtinExit), ratioInput(f));
      ratios.push({ a: 'builtin', b: f.runtime as StartupRuntimeName, ...r });
    }
  }
  const phases = builtin ? phaseFigures(builtin.samples) : [];
  const roundTrips = floor.samples.flatMap((s) => (s.roundTripNs !== undefined ? [ms(s.roundTripNs)] : []));
  const roundTrip = roundTrips.length ? figure('startup.round-trip', 'floor', roundTrips) : undefined;
  if (settings.loadAverage > settings.cpus * 0.5) {
    warnings.push(`the machine was busy (load average ${settings.loadAverage.toFixed(2)} on ${settings.cpus} CPUs): figures may be noisy; close other programs and re-run`);
  }
  const shaky = [...exits, ...firsts].filter((f) => f.warnings.some((w) => /^(noisy|outliers|few-samples):/.test(w)));
  if (shaky.length) {
    const of = (name: string) => shaky.filter((f) => f.name === name).map((f) => f.runtime).join(', ');
    const parts = [[EXIT, of(EXIT)], [FIRST, of(FIRST)]].filter(([, list]) => list).map(([n, list]) => `${n!.replace('startup.', '')} of ${list}`);
    warnings.push(`noisy, with outliers or too few samples (see each figure's warnings): ${parts.join('; ')}`);
  }
  return { figures: [...exits, ...firsts, ...extras], phases, ratios, calibration, ...(roundTrip ? { roundTrip } : {}), runtimes, warnings, settings };
}

function ratioInput(f: Figure) {
  return { median: f.stats.median, mean: f.stats.mean, sd: f.stats.sd, ci95: f.ci95 ?? [f.stats.median, f.stats.median] as [number, number] };
}

function phaseFigures(samples: StartupSample[]): Figure[] {
  const first = samples.find((s) => s.phases)?.phases;
  if (!first) return [];
  return Object.keys(first).map((key) =>
    makeFigure({
      name: `startup.phase.${key}`, runtime: 'builtin', unit: 'ms',
      samples: samples.flatMap((s) => (s.phases ? [s.phases[key as keyof typeof first]] : [])),
    }));
}
