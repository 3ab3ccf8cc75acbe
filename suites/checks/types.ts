// What a check is, what it gets to work with, and what it returns.
import type { AdapterResult, AdapterRunOptions, RuntimeAdapter } from '../../runtime/adapters/adapter.js';
import type { Area } from '../areas.js';
import type { HostSentinels } from '../host/sentinels.js';
import type { Expectation } from '../matrix/expectations.js';
import type { Cell } from '../matrix/materialize.js';

/** What a process in the container observed, recorded as evidence. */
export type Evidence = Record<string, unknown>;

/**
 * A check's reading: `isolated` (the isolation held), `shared` (the container reached what
 * it should not: the leak a control cell must show), `error` (nothing could be observed),
 * or `skipped` (the run showed that the question does not apply here; `reason` says why).
 */
export interface Observation {
  outcome: 'isolated' | 'shared' | 'error' | 'skipped';
  evidence: Evidence;
  reason?: string;
}

/** Changes a check makes to the cell's Spec for one run (the Spec stays the one config). */
export interface SpecChanges {
  args: string[];
  /** Capabilities added to the cell's set (e.g. CAP_SYS_ADMIN to attempt a mount). */
  addCaps?: string[];
}

/** Options of one container run of a check. */
export type CheckRunOptions = Omit<SpecChanges, 'args'> & AdapterRunOptions;

/** What a check's run gets: the cell, its runtime, the host sentinels and helpers. */
export interface CheckContext {
  cell: Cell;
  adapter: RuntimeAdapter;
  sentinels: HostSentinels;
  /** Runs the cell's Spec with other args (and changes) on the cell's runtime. */
  run(args: string[], opts?: CheckRunOptions): Promise<AdapterResult>;
  /** Runs `probe ARGS…` in the cell and parses its JSON line; throws when it printed none. */
  probe<T = Record<string, unknown>>(args: string[], opts?: CheckRunOptions): Promise<{ out: T; result: AdapterResult }>;
  /** Runs fn while no other check holds the same key (for checks that touch host state). */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** One isolation check; its file is suites/checks/AREA.ts. */
export interface Check {
  id: string;
  area: Area;
  description: string;
  /** Why the check cannot run in this cell (the skip reason), or undefined. */
  canRun?(cell: Cell): string | undefined;
  /** Why no cell can turn this check's isolation off (it then has no negative control). */
  noControl?: string;
  /** Run alone, with no other check of the run beside it (a measurement the load would skew). */
  solo?: boolean;
  /** What the check should see in this cell (default: the cell's expectation of its area). */
  expected?(cell: Cell): Expectation;
  /** Observes from inside the container (host-side evidence only where stated). */
  run(ctx: CheckContext): Promise<Observation>;
}

/** The expectation of check in cell. */
export function expectationOf(check: Check, cell: Cell): Expectation {
  return check.expected?.(cell) ?? cell.expectations[check.area] ?? 'isolated';
}

/** Shorthand for observations. */
export const isolated = (evidence: Evidence): Observation => ({ outcome: 'isolated', evidence });
export const shared = (evidence: Evidence): Observation => ({ outcome: 'shared', evidence });
export const observationError = (evidence: Evidence): Observation => ({ outcome: 'error', evidence });
export const notApplicable = (reason: string, evidence: Evidence): Observation => ({ outcome: 'skipped', evidence, reason });

/** Shape of the probe's `try ACTION` output. */
export interface TryResult {
  action: string;
  ok: boolean;
  errno: number;
  error: string | null;
  [k: string]: unknown;
}
