// isolab bench overlay: overlayfs against the filesystem under it, operation by operation.
import type { Command } from 'commander';
import { makeBenchDocument } from '../bench/bench-document.js';
import type { Figure } from '../bench/figure.js';
import { renderOverlay } from '../bench/overlay/render.js';
import { type OverlayProgress, type OverlayResult, type OverlayRunOptions, type OverlayWorkloadName, runOverlayBench } from '../bench/overlay/run-overlay.js';
import { overlayFigures } from '../bench/overlay/summarise.js';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { shouldUseColor } from '../runtime/host/render-fingerprint.js';
import { abortOnSignals, emitBench, parseList, progressLine } from './bench-output.js';
import { parsePositive, parseSize } from './units.js';

interface OverlayCliOptions {
  quick?: boolean;
  size?: string;
  files?: string;
  copyUp?: string;
  rounds?: string;
  warmup?: string;
  dir?: string;
  fio: boolean;
  container: boolean;
  only?: string;
  json?: boolean;
  out?: string;
}

const WORKLOADS: readonly OverlayWorkloadName[] = ['seq', 'random', 'metadata', 'whiteout', 'copy-up', 'depth', 'container'];

/** Progress of an overlay run on stderr. */
export function overlayProgress(stream: NodeJS.WriteStream): (p: OverlayProgress) => void {
  return (p) => {
    if (p.kind === 'setup') stream.write(`overlay: setting up ${p.what}\n`);
    else if (p.kind === 'skipped') stream.write(`overlay: skipping ${p.workload}: ${p.reason}\n`);
    else if (p.kind === 'failed') stream.write(`\noverlay: ${p.workload} failed and is left out: ${p.error}\n`);
    else progressLine(stream, `overlay: ${p.phase} round ${p.round}/${p.of}`, p.phase === 'sample' && p.round === p.of, p.round);
  };
}

/** The figures and details of an overlay result, for a results document. */
export function overlayDocumentParts(r: OverlayResult): { figures: Figure[]; details: Record<string, unknown> } {
  return {
    figures: overlayFigures(r),
    details: {
      comparisons: r.comparisons.map((c) => ({
        op: c.op.id, group: c.op.group, label: c.op.label, tool: c.op.tool, cache: c.op.cache, ...c.comparison,
      })),
      skipped: r.skipped, failed: r.failed, warnings: r.warnings, settings: r.settings,
    },
  };
}

function parseOptions(o: OverlayCliOptions): OverlayRunOptions {
  const int = (x: string | undefined, opt: string) => (x !== undefined ? parsePositive(x, opt, true) : undefined);
  const warmup = o.warmup !== undefined ? Number(o.warmup) : undefined;
  if (warmup !== undefined && !(Number.isInteger(warmup) && warmup >= 0)) throw new Error(`--warmup: "${o.warmup}" must be an integer ≥ 0`);
  const only = o.only !== undefined ? parseList(o.only, (w) => {
    if (!WORKLOADS.includes(w as OverlayWorkloadName)) throw new Error(`--only: unknown workload "${w}" (known: ${WORKLOADS.join(', ')})`);
    return w as OverlayWorkloadName;
  }, '--only') : undefined;
  const rounds = int(o.rounds, '--rounds');
  const files = int(o.files, '--files');
  return {
    quick: o.quick ?? false, useFio: o.fio, inContainer: o.container,
    ...(o.size !== undefined ? { sizeBytes: parseSize(o.size, '--size') } : {}),
    ...(files !== undefined ? { files } : {}),
    ...(o.copyUp !== undefined ? { copyUpSizes: parseList(o.copyUp, (s) => parseSize(s, '--copy-up'), '--copy-up') } : {}),
    ...(rounds !== undefined ? { rounds } : {}),
    ...(warmup !== undefined ? { warmup } : {}),
    ...(o.dir !== undefined ? { parentDir: o.dir } : {}),
    ...(only ? { only } : {}),
  };
}

/** Adds `isolab bench overlay` to the bench command. */
export function registerBenchOverlay(bench: Command): void {
  bench
    .command('overlay')
    .description('overlayfs against the plain filesystem under it: sequential and random IO, metadata, copy-up by size, lookups by layer depth')
    .option('--quick', 'a quick look for CI (about a minute): 32 MiB files, 1000 small files, copy-up of 1 and 8 MiB, 6 rounds')
    .option('--size <size>', 'size of the sequential read/write files (default 256m; 32m with --quick)')
    .option('--files <n>', 'small files for the metadata operations (default 5000; 1000 with --quick)')
    .option('--copy-up <sizes>', 'comma-separated file sizes for copy-up (default 1m,16m,128m,1g; 1m,8m with --quick)')
    .option('--rounds <n>', 'recorded rounds, each measuring every operation on both sides (default 12; 6 with --quick)')
    .option('--warmup <n>', 'unrecorded rounds first (default 1)')
    .option('--dir <dir>', 'where the scratch directory goes: the filesystem under test (default /var/tmp)')
    .option('--no-fio', 'time the random reads from Node even when fio is installed')
    .option('--no-container', 'skip the figures seen from inside a built-in container')
    .option('--only <list>', `comma-separated workloads: ${WORKLOADS.join(',')}`)
    .option('--json', 'print the results document as JSON instead of tables')
    .option('--out <file>', 'also write the results document (schemaVersion 1, raw samples, host fingerprint) to FILE')
    .action(async (o: OverlayCliOptions) => {
      const options = parseOptions(o);
      if (process.getuid?.() !== 0) throw new Error('isolab bench overlay must run as root: it mounts overlays (try: sudo isolab bench overlay)');
      const { signal, dispose } = abortOnSignals();
      try {
        const r = await runOverlayBench({ ...options, signal, onProgress: overlayProgress(process.stderr) });
        const parts = overlayDocumentParts(r);
        await emitBench(o, renderOverlay(r, { color: shouldUseColor(process.stdout) }), async () =>
          makeBenchDocument('overlay', parts.figures, await collectFingerprint(), parts.details));
      } finally {
        dispose();
      }
    });
}
