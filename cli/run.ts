// isolab run: the main job — the default suites on the built-in runtime, the quick startup
// benchmark (floor, builtin, bwrap) when this tree has it, one results.json, one summary.
import { Command } from 'commander';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { presetCells } from '../suites/matrix/presets.js';
import { renderSuiteSummary, wantsColor } from '../suites/render-summary.js';
import { makeResults, writeResults } from '../suites/results.js';
import { DEFAULT_JOBS, runSuite } from '../suites/runner.js';
import { stopContainersOnInterrupt } from './interrupt.js';
import { DEFAULT_RESULTS_FILE, progressPrinter } from './suite.js';
import { parsePositive } from './units.js';

interface RunOptions {
  out: string;
  json?: boolean;
  jobs?: string;
  bench: boolean;
}

const STARTUP_MODULE = fileURLToPath(new URL('../bench/startup/run-startup.ts', import.meta.url));

interface StartupBench {
  run: (o: { quick: boolean; runtimes: string[]; signal?: AbortSignal }) => Promise<unknown>;
  render?: (r: unknown, o: { color: boolean }) => string;
}

/** The startup benchmark of this tree, or why there is none. */
async function loadStartupBench(): Promise<StartupBench | string> {
  if (!fs.existsSync(STARTUP_MODULE) && !fs.existsSync(STARTUP_MODULE.replace(/\.ts$/, '.js'))) return 'bench/startup/run-startup.ts does not exist in this tree';
  const runSpec = '../bench/startup/run-startup.js'; // variables: the modules may not exist at build time
  const renderSpec = '../bench/startup/render.js';
  const mod = (await import(runSpec)) as { runStartupBench?: StartupBench['run'] };
  if (typeof mod.runStartupBench !== 'function') return 'bench/startup/run-startup.ts does not export runStartupBench';
  const render = (await import(renderSpec).catch(() => ({}))) as { renderStartup?: StartupBench['render'] };
  return { run: mod.runStartupBench, ...(render.renderStartup ? { render: render.renderStartup } : {}) };
}

/** Adds `isolab run`. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('the main job: the default isolation suites on the built-in runtime, a quick startup benchmark, results.json and a summary')
    .option('--out <file>', 'where to write results.json', DEFAULT_RESULTS_FILE)
    .option('--json', 'print results.json on stdout instead of the summaries')
    .option('--jobs <n>', `suite checks run at once (default ${DEFAULT_JOBS})`)
    .option('--no-bench', 'skip the startup benchmark')
    .action(async (o: RunOptions) => {
      const jobs = o.jobs ? parsePositive(o.jobs, '--jobs', true) : DEFAULT_JOBS;
      stopContainersOnInterrupt();
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      process.once('SIGTERM', () => abort.abort());
      const color = wantsColor(process.stdout);
      const hostP = collectFingerprint();
      const suites = await runSuite(presetCells('default', ['builtin']), { jobs, preset: 'default', signal: abort.signal, onProgress: progressPrinter() });
      const notes: string[] = [];
      let bench: Record<string, unknown> | undefined;
      let benchText = '';
      if (!o.bench) notes.push('startup benchmark: skipped (--no-bench)');
      else if (!abort.signal.aborted) {
        // After the suites, not beside them: a benchmark on a busy machine measures the load.
        const b = await loadStartupBench();
        if (typeof b === 'string') notes.push(`startup benchmark: skipped: ${b}`);
        else {
          try {
            const startup = await b.run({ quick: true, runtimes: ['floor', 'builtin', 'bwrap'], signal: abort.signal });
            bench = { startup };
            benchText = b.render ? b.render(startup, { color }) : '';
          } catch (err) {
            notes.push(`startup benchmark: failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
      const results = makeResults(await hostP, { suites, ...(bench ? { bench } : {}), notes });
      writeResults(o.out, results);
      if (o.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
      else {
        const parts = [renderSuiteSummary(suites, { color }), benchText, ...notes.map((n) => `note: ${n}`), `results: ${o.out}`];
        process.stdout.write(parts.filter(Boolean).join('\n\n') + '\n');
      }
      process.exitCode = suites.summary.ok ? 0 : 1;
    });
}
