// isolab bench startup: how long containers take to start, per runtime, with statistics.
import fs from 'node:fs';
import type { Command } from 'commander';
import { makeBenchDocument } from '../bench/bench-document.js';
import type { Figure } from '../bench/figure.js';
import { renderStartup } from '../bench/startup/render.js';
import { runStartupBench, type StartupProgress, type StartupResult } from '../bench/startup/run-startup.js';
import { parseRuntimeList } from '../bench/startup/runtimes.js';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { shouldUseColor } from '../runtime/host/render-fingerprint.js';
import { parsePositive } from './units.js';

interface StartupCliOptions {
  quick?: boolean;
  samples?: string;
  warmup?: string;
  settle?: string;
  runtime: string;
  json?: boolean;
  out?: string;
  /** commander's --no-X: false when left out. */
  namespaces: boolean;
  layers: boolean;
  concurrency: boolean;
}

function parseCount(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0) throw new Error(`${option}: "${text}" must be an integer ≥ 0`);
  return n;
}

/** Progress on stderr: one updating line on a terminal, a line every 10 rounds otherwise. */
export function startupProgress(stream: NodeJS.WriteStream): (p: StartupProgress) => void {
  return (p) => {
    if (p.kind === 'skipped') stream.write(`skipping ${p.runtime}: ${p.reason}\n`);
    else if (p.kind === 'ready') stream.write(`measuring ${p.runtime}${p.version ? ` (${p.version})` : ''}\n`);
    else if (p.kind === 'failed') stream.write(`\n${p.runtime} failed and is left out: ${p.error}\n`);
    else if (p.kind === 'part') {
      const label = `builtin ${p.part} round ${p.round}/${p.of}`;
      if (stream.isTTY) stream.write(`\r${label}${p.round === p.of ? '\n' : ''}`);
      else if (p.round === p.of || p.round % 10 === 0) stream.write(`${label}\n`);
    } else if (stream.isTTY) stream.write(`\r${p.phase} round ${p.round}/${p.of}${p.phase === 'sample' && p.round === p.of ? '\n' : ''}`);
    else if (p.round === p.of || p.round % 10 === 0) stream.write(`${p.phase} round ${p.round}/${p.of}\n`);
  };
}

/** The figures and details of a startup result, for a results document. */
export function startupDocumentParts(r: StartupResult): { figures: Figure[]; details: Record<string, unknown> } {
  return {
    figures: [
      ...r.figures, ...r.phases, ...(r.roundTrip ? [r.roundTrip] : []),
      ...(r.namespaces ? [...r.namespaces.costs, ...r.namespaces.alone] : []), ...(r.layers?.figures ?? []), ...(r.concurrency?.figures ?? []),
    ],
    details: {
      ratios: r.ratios, runtimes: r.runtimes, settings: r.settings, warnings: r.warnings,
      ...(r.namespaces ? { namespaces: { describe: r.namespaces.describe, comparisons: r.namespaces.comparisons, skipped: r.namespaces.skipped } } : {}),
      ...(r.layers ? { layers: { describe: r.layers.describe } } : {}),
      ...(r.concurrency ? { concurrency: { describe: r.concurrency.describe, containers: r.concurrency.containers } } : {}),
    },
  };
}

function startupDocument(r: StartupResult, host: Awaited<ReturnType<typeof collectFingerprint>>) {
  const parts = startupDocumentParts(r);
  return makeBenchDocument('startup', parts.figures, host, parts.details);
}

/** Adds `isolab bench startup` to the bench command. */
export function registerBenchStartup(bench: Command): void {
  bench
    .command('startup')
    .description('container start-to-exit and start-to-first-instruction per runtime; the built-in runtime phase by phase, per namespace, by layer count and by concurrency')
    .option('--quick', 'a quick look: 20 samples per runtime, 2 warm-up rounds')
    .option('--samples <n>', 'samples per runtime (default 60; 20 with --quick)')
    .option('--warmup <n>', 'unrecorded warm-up rounds first (default 3; 2 with --quick)')
    .option('--settle <ms>', 'pause before each start so every sample starts on a settled machine; 0 measures a burst (default 40)')
    .option('--runtime <list>', 'comma-separated: builtin,floor,unshare,bwrap,crun,runc,docker,podman, or all', 'all')
    .option('--no-namespaces', 'leave out the cost of each namespace type on its own (built-in runtime)')
    .option('--no-layers', 'leave out overlay mount by layer count (built-in runtime)')
    .option('--no-concurrency', 'leave out containers per second with 1, 8, 32 in flight (built-in runtime)')
    .option('--json', 'print the results document as JSON instead of tables')
    .option('--out <file>', 'also write the results document (schemaVersion 1, raw samples, host fingerprint) to FILE')
    .action(async (o: StartupCliOptions) => {
      const runtimes = parseRuntimeList(o.runtime);
      const samples = o.samples !== undefined ? parsePositive(o.samples, '--samples', true) : undefined;
      const warmup = o.warmup !== undefined ? parseCount(o.warmup, '--warmup') : undefined;
      const settleMs = o.settle !== undefined ? parseCount(o.settle, '--settle') : undefined;
      if (process.getuid?.() !== 0) throw new Error('isolab bench startup must run as root: containers need namespaces, cgroups and mounts (try: sudo isolab bench startup)');
      const abort = new AbortController();
      const onSignal = (code: number) => {
        if (abort.signal.aborted) process.exit(code); // a second Ctrl-C: give up waiting
        process.stderr.write('\nisolab: stopping after the sample in flight and cleaning up\n');
        process.exitCode = code;
        abort.abort();
      };
      process.on('SIGINT', () => onSignal(130));
      process.on('SIGTERM', () => onSignal(143));
      const result = await runStartupBench({
        runtimes, quick: o.quick ?? false, namespaces: o.namespaces, layers: o.layers, concurrency: o.concurrency, signal: abort.signal, onProgress: startupProgress(process.stderr),
        ...(samples !== undefined ? { samples } : {}), ...(warmup !== undefined ? { warmup } : {}),
        ...(settleMs !== undefined ? { settleMs } : {}),
      });
      const doc = o.json || o.out ? startupDocument(result, await collectFingerprint()) : undefined;
      if (o.out && doc) fs.writeFileSync(o.out, JSON.stringify(doc, null, 2) + '\n');
      if (o.json && doc) process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
      else process.stdout.write(renderStartup(result, { color: shouldUseColor(process.stdout) }));
    });
}
