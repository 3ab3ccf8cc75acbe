// isolab bench all: startup, overlay and cgroup in a row (what CI runs with --quick), in
// one results document. A benchmark that fails is reported and the others still run;
// the command then exits non-zero.
import type { Command } from 'commander';
import { makeBenchDocument } from '../bench/bench-document.js';
import { renderCgroup } from '../bench/cgroup/render.js';
import { runCgroupBench } from '../bench/cgroup/run-cgroup.js';
import type { Figure } from '../bench/figure.js';
import { renderOverlay } from '../bench/overlay/render.js';
import { runOverlayBench } from '../bench/overlay/run-overlay.js';
import { renderStartup } from '../bench/startup/render.js';
import { runStartupBench } from '../bench/startup/run-startup.js';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { shouldUseColor } from '../runtime/host/render-fingerprint.js';
import { cgroupDocumentParts, cgroupProgress } from './bench-cgroup.js';
import { abortOnSignals, emitBench } from './bench-output.js';
import { overlayDocumentParts, overlayProgress } from './bench-overlay.js';
import { startupDocumentParts, startupProgress } from './bench-startup.js';

interface AllCliOptions {
  quick?: boolean;
  json?: boolean;
  out?: string;
}

type Parts = { figures: Figure[]; details: Record<string, unknown> };

/** Adds `isolab bench all` to the bench command. */
export function registerBenchAll(bench: Command): void {
  bench
    .command('all')
    .description('every benchmark in a row: startup, overlay, cgroup (CI runs it with --quick)')
    .option('--quick', 'each benchmark in its quick mode')
    .option('--json', 'print the results document as JSON instead of tables')
    .option('--out <file>', 'also write the results document (all figures, raw samples, host fingerprint) to FILE')
    .action(async (o: AllCliOptions) => {
      if (process.getuid?.() !== 0) throw new Error('isolab bench all must run as root (try: sudo isolab bench all)');
      const quick = o.quick ?? false;
      const color = shouldUseColor(process.stdout);
      const { signal, dispose } = abortOnSignals();
      const texts: string[] = [];
      const parts: Record<string, Parts> = {};
      const failures: string[] = [];
      const benches: [string, () => Promise<{ text: string; parts: Parts }>][] = [
        ['startup', async () => {
          const r = await runStartupBench({ quick, signal, onProgress: startupProgress(process.stderr) });
          return { text: renderStartup(r, { color }), parts: startupDocumentParts(r) };
        }],
        ['overlay', async () => {
          const r = await runOverlayBench({ quick, signal, onProgress: overlayProgress(process.stderr) });
          return { text: renderOverlay(r, { color }), parts: overlayDocumentParts(r) };
        }],
        ['cgroup', async () => {
          const r = await runCgroupBench({ quick, signal, onProgress: cgroupProgress(process.stderr) });
          return { text: renderCgroup(r, { color }), parts: cgroupDocumentParts(r) };
        }],
      ];
      try {
        for (const [name, run] of benches) {
          if (signal.aborted) break;
          process.stderr.write(`== isolab bench ${name}${quick ? ' --quick' : ''}\n`);
          try {
            const r = await run();
            texts.push(`== ${name}\n${r.text}`);
            parts[name] = r.parts;
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            failures.push(`${name}: ${message}`);
            texts.push(`== ${name}\nfailed: ${message}\n`);
          }
        }
      } finally {
        dispose();
      }
      const figures = Object.values(parts).flatMap((p) => p.figures);
      const details = { ...Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, p.details])), failures };
      await emitBench(o, texts.join('\n'), async () => makeBenchDocument('all', figures, await collectFingerprint(), details));
      if (failures.length) {
        process.stderr.write(`isolab bench all: ${failures.length} benchmark(s) failed:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
        process.exitCode = process.exitCode || 1;
      }
    });
}
