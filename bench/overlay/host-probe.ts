// Running the probe on the host for a workload it times itself (write, read, files,
// files-stat, files-rm): the figure is the probe's own clock around the batch, so the
// cost of starting it from Node is not in it.
import { execa } from 'execa';
import { probeBinary } from '../../runtime/launcher/paths.js';

/** What every timed probe workload prints: the time of the whole batch and whether it failed. */
export interface ProbeTimed {
  ok: boolean;
  errno: number;
  error: string | null;
  /** Nanoseconds of the whole batch, on the probe's monotonic clock. */
  ns: number;
  [key: string]: unknown;
}

/** Parses one line of probe output; throws naming the workload when it failed or printed no timing. */
export function parseProbeTimed(args: readonly string[], text: string): ProbeTimed {
  let out: unknown;
  try {
    out = JSON.parse(text.trim().split('\n').pop() ?? '');
  } catch {
    out = undefined;
  }
  const r = out as Partial<ProbeTimed> | undefined;
  if (!r || typeof r.ns !== 'number') throw new Error(`probe ${args.join(' ')}: printed no timing (got ${JSON.stringify(text.slice(0, 120))})`);
  if (r.ok === false) throw new Error(`probe ${args.join(' ')} failed: ${r.error ?? `errno ${r.errno}`}`);
  return r as ProbeTimed;
}

/** Runs `probe ARGS` on the host and returns its timing. */
export async function runHostProbe(args: string[]): Promise<ProbeTimed> {
  const r = await execa(probeBinary(), args, { reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`probe ${args.join(' ')} exited with ${r.exitCode ?? r.signal}: ${String(r.stderr).trim()}`);
  return parseProbeTimed(args, String(r.stdout));
}
