// The results.json model (schemaVersion 1; documented in suites/RESULTS-SCHEMA.md): the
// host fingerprint, every cell with its Spec and expectations, every check's outcome with
// the evidence observed, timings, and a summary. Building and writing only; no printing.
import fs from 'node:fs';
import path from 'node:path';
import type { HostFingerprint } from '../runtime/host/fingerprint.js';
import type { Spec } from '../runtime/spec/types.js';
import type { Area } from './areas.js';
import type { Evidence } from './checks/types.js';
import { isAcceptable, OUTCOMES, type CheckOutcome } from './judge.js';
import type { Expectation } from './matrix/expectations.js';
import type { LimitsDef, RootfsDef } from './matrix/cell-def.js';
import type { NsName } from '../runtime/spec/namespaces.js';

/** Bumped when a field changes meaning or shape. */
export const RESULTS_SCHEMA_VERSION = 1;

/** One check in one cell. */
export interface CheckResult {
  id: string;
  area: Area;
  description: string;
  outcome: CheckOutcome;
  /** What the cell should show; null when the check was skipped before an expectation mattered. */
  expected: Expectation | null;
  /** What the check saw; null when skipped. */
  observed: 'isolated' | 'shared' | 'error' | null;
  evidence: Evidence;
  /** Why it was skipped, or what went wrong (error). */
  reason?: string;
  durationMs: number;
}

/** One cell: its configuration and its checks. */
export interface CellResult {
  name: string;
  runtime: string;
  /** The runtime's version as its adapter reported it; null when unavailable. */
  runtimeVersion: string | null;
  purpose: string;
  namespaces: NsName[];
  limits: LimitsDef;
  rootfs: RootfsDef;
  /** The Spec every check ran with (process.args differ per check). */
  spec: Spec;
  expectations: Partial<Record<Area, Expectation>>;
  /** Set when no check of the cell could run (runtime unavailable, unsupported Spec …). */
  skipped?: string;
  checks: CheckResult[];
  /** The sum of its checks' durations (checks of all cells interleave in the pool). */
  durationMs: number;
}

/** A check that never ran in a cell where its isolation was off: nothing shows it can fail. */
export interface UncontrolledCheck {
  id: string;
  reason: string;
}

/** Totals of a suite run. */
export interface SuiteSummary {
  cells: number;
  checks: number;
  outcomes: Record<CheckOutcome, number>;
  /** Every outcome matched its expectation (skips allowed): the exit status 0. */
  ok: boolean;
  uncontrolled: UncontrolledCheck[];
  wallMs: number;
}

/** The `suites` section of results.json. */
export interface SuiteRun {
  preset: string | null;
  matrix: string | null;
  only: Area[] | null;
  jobs: number;
  runtimes: { name: string; available: boolean; version?: string; reason?: string }[];
  cells: CellResult[];
  summary: SuiteSummary;
}

/** The whole results.json. */
export interface ResultsFile {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  kind: 'isolab-results';
  createdAt: string;
  host: HostFingerprint;
  suites?: SuiteRun;
  /** Benchmark results, each under its own key (e.g. "startup"); shapes owned by bench/. */
  bench?: Record<string, unknown>;
  /** Things the run could not do (a benchmark missing, …), for people reading the file. */
  notes?: string[];
}

/** Totals, verdict and uncontrolled checks of a set of cells (noControl: the checks' own reasons). */
export function summarize(cells: readonly CellResult[], wallMs: number, noControl: ReadonlyMap<string, string> = new Map()): SuiteSummary {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<CheckOutcome, number>;
  const ran = new Set<string>();
  const controlled = new Set<string>();
  const controlSkips = new Map<string, string>();
  for (const c of cells) {
    for (const k of c.checks) {
      outcomes[k.outcome]++;
      if (k.outcome !== 'skipped') ran.add(k.id);
      if (k.expected === 'shared' && k.outcome !== 'skipped' && k.outcome !== 'error') controlled.add(k.id);
      if (k.expected === 'shared' && k.outcome === 'skipped' && k.reason && !controlSkips.has(k.id)) controlSkips.set(k.id, `skipped in ${c.name}: ${k.reason}`);
    }
  }
  const uncontrolled = [...ran].filter((id) => !controlled.has(id)).map((id) => ({
    id,
    reason: noControl.get(id) ?? controlSkips.get(id) ?? 'no cell of this run turns its isolation off',
  }));
  const checks = cells.reduce((n, c) => n + c.checks.length, 0);
  return { cells: cells.length, checks, outcomes, ok: cells.every((c) => c.checks.every((k) => isAcceptable(k.outcome))), uncontrolled, wallMs };
}

/** Assembles results.json. */
export function makeResults(host: HostFingerprint, parts: { suites?: SuiteRun; bench?: Record<string, unknown>; notes?: string[] }): ResultsFile {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    kind: 'isolab-results',
    createdAt: new Date().toISOString(),
    host,
    ...(parts.suites ? { suites: parts.suites } : {}),
    ...(parts.bench ? { bench: parts.bench } : {}),
    ...(parts.notes?.length ? { notes: parts.notes } : {}),
  };
}

/** Writes results.json (directories made; written to a temporary file and renamed). */
export function writeResults(file: string, results: ResultsFile): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
