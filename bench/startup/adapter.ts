// The small interface every runtime measured by the startup benchmark sits behind:
// can it run here, set it up once, start one container, clean up.
import type { Phases } from '../../runtime/container/phases.js';

/** Every runtime the startup benchmark knows, in the order reports list them. */
export const STARTUP_RUNTIMES = ['builtin', 'floor', 'unshare', 'bwrap', 'crun', 'runc', 'docker', 'podman'] as const;

/** One runtime's name. */
export type StartupRuntimeName = (typeof STARTUP_RUNTIMES)[number];

/** Whether a runtime can be measured here, and if not, why. */
export type Availability = { ok: true; version?: string } | { ok: false; reason: string };

/** One start of one container. */
export interface StartupSample {
  /** From the request to start until the runtime returned after the workload exited (ns). */
  startToExitNs: number;
  /** From the request to start until the workload's first instruction (ns), for probe-based runtimes. */
  startToFirstInstructionNs?: number;
  /**
   * What a wrapper around the runtime costs, measured in the same sample around /bin/true
   * (ns, start to exit): the runner takes (its median − the floor's median) off the figure.
   */
  wrapperNs?: number;
  /** Node → launcher → Node cost beyond the launcher-measured time (ns; the floor reports it). */
  roundTripNs?: number;
  /** The built-in runtime's phase breakdown (ms). */
  phases?: Phases;
}

/**
 * Waits before a start until the machine has settled from the previous one. Starts in
 * quick succession share warm kernel state: on cgroup v1 the first migration into a
 * cgroup after a quiet spell waits for an RCU grace period (several ms), the next ones
 * within that window do not; a network namespace is freed asynchronously after its
 * last process exits. Without a pause, a sample's cost depends on what ran just before.
 */
export type Settle = () => Promise<void>;

/** A runtime measured by the startup benchmark. */
export interface StartupRuntime<Ctx = unknown> {
  name: StartupRuntimeName;
  /** One line on what a sample starts, for reports. */
  describe: string;
  available(): Promise<Availability>;
  /** Everything a sample needs that is not part of a start (bundles, images). */
  prepare(): Promise<Ctx>;
  /** One sample; calls `settle` right before each container (or command) it starts. */
  once(ctx: Ctx, settle: Settle): Promise<StartupSample>;
  /** Removes what prepare made and anything a failed sample left behind. */
  cleanup(ctx: Ctx): Promise<void>;
}

/** Thrown when a sample's workload did not exit 0; names the runtime and the command. */
export class StartupSampleError extends Error {
  constructor(
    readonly runtime: string,
    readonly command: string[],
    readonly outcome: string,
  ) {
    super(`${runtime}: ${command.join(' ')} ${outcome}; run it by hand to see why`);
    this.name = 'StartupSampleError';
  }
}

/** process.hrtime.bigint() as a number: CLOCK_MONOTONIC ns, the launcher's and the probe's clock too. */
export const monotonicNs = (): number => Number(process.hrtime.bigint());
