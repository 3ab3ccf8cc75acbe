// RuntimeAdapter: one small interface behind which every runtime isolab tests sits
// (the built-in runtime, runc, crun, docker …). Each consumes the same Spec.
import type { CgroupStats } from '../cgroup/types.js';
import type { Phases } from '../container/phases.js';
import type { Spec } from '../spec/types.js';

/** A container while it runs or just after it exited (before its removal). */
export interface AdapterContainer {
  /** The runtime's id of the container. */
  id: string;
  /** Host pid of the container's first process. */
  pid: number;
  /** The writable layer on the host (overlay upperdir), where the runtime has one. */
  upperDir?: string;
}

/** Options of one run through an adapter. */
export interface AdapterRunOptions {
  /** capture (default): output returned as text; null: discarded. */
  stdio?: 'capture' | 'null';
  /** Kill the container after this long (overrides spec.isolab.timeoutMs). */
  timeoutMs?: number;
  /** Called once the workload runs. */
  onStarted?: (c: AdapterContainer) => void | Promise<void>;
  /** Called after the workload exited, before the container is removed. */
  inspect?: (c: AdapterContainer) => void | Promise<void>;
}

/** How a run ended. The same shape for every runtime; optional parts where a runtime tells. */
export interface AdapterResult {
  runtime: string;
  id: string;
  exitCode: number | null;
  signal: string | null;
  oomKilled: boolean;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Wall time of the whole run as isolab saw it, ms. */
  durationMs: number;
  phases?: Phases;
  cgroup?: CgroupStats;
}

/** Whether a runtime can be used on this host. */
export type Availability = { ok: true; version: string } | { ok: false; reason: string };

/** A container runtime isolab can run Specs on. */
export interface RuntimeAdapter {
  readonly name: string;
  /** Whether the runtime is installed and usable here (never throws). */
  available(): Promise<Availability>;
  /** Why this runtime cannot express spec (the reason a cell is skipped), or undefined. */
  unsupported(spec: Spec): string | undefined;
  /** Runs spec to completion and removes the container. */
  run(spec: Spec, opts?: AdapterRunOptions): Promise<AdapterResult>;
}
