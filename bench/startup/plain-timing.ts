// Timing a host command through the launcher (execPlain), the common measuring path of
// every runtime but the built-in one: start-to-exit from the launcher's own stamps
// (request read → child reaped), and start-to-first-instruction from the probe's stamp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execPlain, type PlainResult } from '../../runtime/launcher/exec-plain.js';
import { monotonicNs, StartupSampleError } from './adapter.js';

function outcome(r: PlainResult): string | undefined {
  if (r.exitCode === 0) return undefined;
  return r.signal !== null ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
}

/** One timed run: the launcher's request-to-reap, and the same run as Node saw it. */
export interface PlainTiming {
  /** Launcher read the request → child reaped (ns): the figure. */
  launcherNs: number;
  /** Node asked → Node heard of the exit (ns): the figure plus the Node ↔ launcher round trip. */
  nodeNs: number;
}

/** Runs args once and times it both ways. Throws unless it exited 0. */
export async function timePlainBothWays(runtime: string, args: string[]): Promise<PlainTiming> {
  const begin = monotonicNs();
  const r = await execPlain(args);
  const end = monotonicNs();
  const bad = outcome(r);
  if (bad) throw new StartupSampleError(runtime, args, bad);
  return { launcherNs: r.exited - r.received, nodeNs: end - begin };
}

/** Runs args once; returns request-to-reap in ns. Throws unless it exited 0. */
export async function timePlain(runtime: string, args: string[]): Promise<number> {
  return (await timePlainBothWays(runtime, args)).launcherNs;
}

/** The monotonic stamp in what `probe stamp` printed; `where` names the output in errors. */
export function parseProbeStamp(runtime: string, text: string, where: string): number {
  let stamp: unknown;
  try {
    stamp = (JSON.parse(text) as { monotonic_ns?: unknown }).monotonic_ns;
  } catch {
    stamp = undefined;
  }
  if (typeof stamp !== 'number' || !(stamp > 0)) {
    throw new Error(`${runtime}: "probe stamp" wrote no monotonic_ns to ${where} (got ${JSON.stringify(text.slice(0, 80))})`);
  }
  return stamp;
}

/**
 * Runs args (whose workload is `probe stamp`) with stdout to stampFile; returns the ns
 * from the launcher reading the request to the probe's first instruction.
 */
export async function timeFirstInstruction(runtime: string, args: string[], stampFile: string): Promise<number> {
  fs.rmSync(stampFile, { force: true }); // a stale stamp must never be read as this run's
  const r = await execPlain(args, ['@null', stampFile, '@null']);
  const bad = outcome(r);
  if (bad) throw new StartupSampleError(runtime, args, bad);
  return parseProbeStamp(runtime, fs.readFileSync(stampFile, 'utf8'), stampFile) - r.received;
}

/** A private temporary directory for one runtime's files; remove it with removeScratchDir. */
export function makeScratchDir(runtime: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `isolab-bench-${runtime}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Removes a directory made by makeScratchDir. */
export function removeScratchDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
