// isolab suite: run the isolation suites over a preset or a matrix file, write results.json,
// print the cells × areas summary. Exit 0 only when every outcome matched its expectation.
import { Command, Option } from 'commander';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { parseAreaList, type Area } from '../suites/areas.js';
import type { CellDef } from '../suites/matrix/cell-def.js';
import { expandMatrix } from '../suites/matrix/expand.js';
import { filterCells, parseRuntimeList } from '../suites/matrix/filters.js';
import { readMatrixFile } from '../suites/matrix/parse-matrix.js';
import { isPreset, presetCells, PRESETS } from '../suites/matrix/presets.js';
import { renderSuiteSummary, wantsColor } from '../suites/render-summary.js';
import { makeResults, writeResults, type SuiteRun } from '../suites/results.js';
import { DEFAULT_JOBS, runSuite, type SuiteProgress } from '../suites/runner.js';
import { namespacesOf } from '../suites/runtimes.js';
import { stopContainersOnInterrupt } from './interrupt.js';
import { parsePositive } from './units.js';

/** Where results.json goes unless --out says otherwise. */
export const DEFAULT_RESULTS_FILE = './isolab-results/results.json';

interface SuiteOptions {
  preset?: string;
  matrix?: string;
  runtime?: string;
  only?: string;
  out: string;
  json?: boolean;
  jobs?: string;
}

/** The cells a suite command runs: a preset (fitted to what each runtime can create) or a matrix file, then the filters. */
export async function selectCells(o: { preset?: string; matrix?: string; runtime?: string; only?: string }): Promise<{ cells: CellDef[]; only?: Area[] }> {
  if (o.preset && o.matrix) throw new Error('--preset and --matrix: give one of them, not both');
  const runtimes = o.runtime ? parseRuntimeList(o.runtime) : undefined;
  const only = o.only ? parseAreaList(o.only) : undefined;
  let cells: CellDef[];
  if (o.matrix) {
    cells = expandMatrix(readMatrixFile(o.matrix), o.matrix);
  } else {
    const preset = o.preset ?? 'default';
    if (!isPreset(preset)) throw new Error(`--preset: unknown preset "${preset}" (known: ${PRESETS.join(', ')})`);
    const list = runtimes ?? ['builtin'];
    const support = new Map(await Promise.all(list.map(async (rt) => [rt, await namespacesOf(rt)] as const)));
    cells = presetCells(preset, list, (rt) => support.get(rt) ?? []);
  }
  cells = filterCells(cells, { ...(only ? { only } : {}), ...(runtimes ? { runtimes } : {}) });
  if (cells.length === 0) throw new Error('no cell is left to run: check --runtime and --only against the matrix');
  return { cells, ...(only ? { only } : {}) };
}

/** Progress on stderr while a terminal watches; nothing otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: SuiteProgress) => void {
  if (!stream.isTTY) return () => undefined;
  return (p) => {
    if (p.kind === 'start') stream.write(`isolab suite: ${p.cells} cells, ${p.checks} checks\n`);
    else {
      stream.write(`\r\u001b[2K[${p.done}/${p.total}] ${p.cell} · ${p.check.id}: ${p.check.outcome}`);
      if (p.done === p.total) stream.write('\n');
    }
  };
}

/** Prints a finished run: JSON of the results file, or the table. */
export function reportRun(run: SuiteRun, json: string | undefined, out: string): void {
  if (json !== undefined) process.stdout.write(json);
  else process.stdout.write(`${renderSuiteSummary(run, { color: wantsColor(process.stdout) })}\nresults: ${out}\n`);
  process.exitCode = run.summary.ok ? 0 : 1;
}

/** Adds `isolab suite`. */
export function registerSuiteCommand(program: Command): void {
  program
    .command('suite')
    .description('run the isolation suites (checks observed from inside containers, with negative controls) and write results.json')
    .addOption(new Option('--preset <name>', 'a built-in matrix').choices([...PRESETS]))
    .option('--matrix <file>', 'a matrix YAML file (axes: runtime, namespaces, limits, rootfs)')
    .option('--runtime <list>', 'runtimes to run on, comma-separated (default: builtin)')
    .option('--only <areas>', 'only these areas, comma-separated (pid,mount,uts,ipc,net,user,cgroupns,timens,fds,cgroup-limits,whiteout,init-layer)')
    .option('--out <file>', 'where to write results.json', DEFAULT_RESULTS_FILE)
    .option('--json', 'print results.json on stdout instead of the summary table')
    .option('--jobs <n>', `checks run at once (default ${DEFAULT_JOBS})`)
    .action(async (o: SuiteOptions) => {
      const { cells, only } = await selectCells(o);
      const jobs = o.jobs ? parsePositive(o.jobs, '--jobs', true) : DEFAULT_JOBS;
      stopContainersOnInterrupt();
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      process.once('SIGTERM', () => abort.abort());
      const [host, run] = await Promise.all([
        collectFingerprint(),
        runSuite(cells, {
          jobs, signal: abort.signal, onProgress: progressPrinter(),
          ...(o.matrix ? { matrix: o.matrix } : { preset: o.preset ?? 'default' }),
          ...(only ? { only } : {}),
        }),
      ]);
      const results = makeResults(host, { suites: run });
      writeResults(o.out, results);
      reportRun(run, o.json ? JSON.stringify(results, null, 2) + '\n' : undefined, o.out);
    });
}
