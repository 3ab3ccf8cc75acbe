// fio for the 4 KiB random reads: one fio process per round runs its jobs one after the
// other (stonewall), in the order given (the caller rotates it between rounds). A job on
// fio's null engine measures fio's own cost per IO (its bookkeeping and clock reads),
// which is subtracted from the other jobs' latency.
import { execa } from 'execa';
import { findOnPath } from '../../runtime/host/runtime-probes.js';

/** One fio job: random 4 KiB reads of a file for a fixed time. */
export interface FioJob {
  /** Unique within a run: results are matched by it. */
  name: string;
  /** The file read; absent for the calibration job on the null engine. */
  filename?: string;
  /** O_DIRECT (bypass the page cache) instead of buffered reads of a file read into the cache first. */
  direct?: boolean;
  /** For the null engine: the size it pretends to read. */
  sizeBytes?: number;
}

/** What fio measured for one job. */
export interface FioJobResult {
  name: string;
  /** Mean latency per read (submission to completion), ns. */
  latNsMean: number;
  /** Reads completed. */
  ios: number;
  /** The job's run time, ms. */
  runtimeMs: number;
}

/** The fio command line of jobs, each running for seconds (global options first, then one --name per job). */
export function fioArgs(jobs: readonly FioJob[], seconds: number): string[] {
  const global = [
    '--output-format=json', '--rw=randread', '--bs=4k', '--ioengine=psync', '--time_based=1',
    `--runtime=${Math.max(1, Math.round(seconds * 1000))}ms`, '--invalidate=0', '--norandommap=1', '--randrepeat=0',
  ];
  const perJob = jobs.flatMap((j, i) => [
    `--name=${j.name}`,
    ...(i > 0 ? ['--stonewall'] : []),
    ...(j.filename === undefined ? ['--ioengine=null', `--size=${j.sizeBytes ?? 2 ** 20}`] : [`--filename=${j.filename}`]),
    ...(j.filename !== undefined && j.direct ? ['--direct=1'] : []),
    ...(j.filename !== undefined && !j.direct ? ['--pre_read=1'] : []),
  ]);
  return [...global, ...perJob];
}

interface FioJsonJob {
  jobname?: string;
  error?: number;
  job_runtime?: number;
  read?: { total_ios?: number; lat_ns?: { mean?: number } };
}

/** Parses fio's --output-format=json; throws naming the job that failed or read nothing. */
export function parseFioJson(text: string): FioJobResult[] {
  let doc: { jobs?: FioJsonJob[] };
  try {
    // fio may print notes before the JSON document (e.g. "fio: ..." lines): start at the first brace.
    doc = JSON.parse(text.slice(Math.max(0, text.indexOf('{')))) as { jobs?: FioJsonJob[] };
  } catch (err) {
    throw new Error(`fio printed no JSON document: ${err instanceof Error ? err.message : String(err)} (got ${JSON.stringify(text.slice(0, 120))})`);
  }
  if (!Array.isArray(doc.jobs)) throw new Error('fio JSON has no "jobs" list');
  return doc.jobs.map((j) => {
    const name = j.jobname ?? '?';
    if (j.error) throw new Error(`fio job ${name} failed with error ${j.error}`);
    const ios = j.read?.total_ios ?? 0;
    const lat = j.read?.lat_ns?.mean;
    if (!(ios > 0) || typeof lat !== 'number') throw new Error(`fio job ${name} completed no reads`);
    return { name, latNsMean: lat, ios, runtimeMs: j.job_runtime ?? 0 };
  });
}

/** fio's path and version ("fio-3.33"), or undefined when it is not installed. */
export async function findFio(): Promise<{ bin: string; version: string } | undefined> {
  const bin = await findOnPath('fio');
  if (!bin) return undefined;
  const r = await execa(bin, ['--version'], { reject: false, stdin: 'ignore' });
  return r.exitCode === 0 ? { bin, version: String(r.stdout).trim() } : undefined;
}

/** Runs the jobs in one fio process; results in the jobs' order. */
export async function runFio(bin: string, jobs: readonly FioJob[], seconds: number, cwd: string): Promise<FioJobResult[]> {
  const r = await execa(bin, fioArgs(jobs, seconds), { cwd, reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`fio exited with ${r.exitCode ?? r.signal}: ${String(r.stderr).trim().split('\n')[0] ?? ''}`);
  const results = parseFioJson(String(r.stdout));
  return jobs.map((j) => {
    const found = results.find((x) => x.name === j.name);
    if (!found) throw new Error(`fio printed no result for job ${j.name}`);
    return found;
  });
}
