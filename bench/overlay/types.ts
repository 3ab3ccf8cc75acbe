// The vocabulary of the overlay benchmark: an operation measured on both sides (through an
// overlay, and on the plain filesystem underneath), the samples a round produces, and the
// workload that produces them.
import type { FigureParams } from '../figure.js';

/** Where an operation ran: through the overlay, or on the filesystem under it. */
export type Side = 'overlay' | 'plain';

/** What timed it: the probe's own clock, fio, or Node around a batch of calls. */
export type OverlayTool = 'probe' | 'fio' | 'node';

/** How operations are grouped in tables and charts. */
export type OverlayGroup = 'io' | 'metadata' | 'copy-up' | 'depth' | 'container';

/** One operation measured on both sides. */
export interface OverlayOp {
  /** Unique, e.g. "seq-read-cold", "copy-up-1MiB", "depth-100", "container-create". */
  id: string;
  group: OverlayGroup;
  /** What it does, for people: "sequential read, 32 MiB in 128 KiB reads". */
  label: string;
  tool: OverlayTool;
  /** Unit of its samples: time per file or per batch (ms), or per operation (µs). */
  unit: 'ms' | 'µs';
  /** The cache state it ran in, e.g. "cold (file evicted)", "cached", "fresh mount". */
  cache: string;
  /** Operations one timing covers (a batch of files, of reads): the timer's resolution per operation is divided by it. */
  timedOps: number;
  /** Further settings for charts (sizeBytes, depth, files …). */
  params?: FigureParams;
  /** Notes every figure of this operation carries (what is and is not in it). */
  notes?: string[];
}

/** One measurement of one operation on one side in one round. */
export interface OverlaySample {
  op: string;
  side: Side;
  round: number;
  value: number;
}

/** The harness's own cost, measured in a round (e.g. fio's per-IO cost on its null engine). */
export interface HarnessSample {
  name: string;
  unit: 'ms' | 'µs';
  round: number;
  value: number;
}

/** What one round of a workload measured. */
export interface RoundResult {
  samples: OverlaySample[];
  harness?: HarnessSample[];
}

/** A set of operations measured together, round by round. */
export interface Workload {
  /** For progress and errors, e.g. "metadata". */
  name: string;
  ops: OverlayOp[];
  /** Measures every op on both sides once; `first` goes first (the caller alternates it). */
  round(round: number, first: Side): Promise<RoundResult>;
  /** Unmounts and removes what the workload made (the scratch directory goes anyway). */
  close?(): void;
}

/** A workload that cannot run here, and why. */
export interface SkippedWorkload {
  name: string;
  reason: string;
}

/** The other side. */
export const otherSide = (s: Side): Side => (s === 'overlay' ? 'plain' : 'overlay');

/** Both sides, `first` first. */
export const sidesFrom = (first: Side): [Side, Side] => [first, otherSide(first)];
