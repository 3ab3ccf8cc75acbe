// isolab bench cgroup: how exactly CPU quotas, memory limits and pids limits are enforced.
import type { Command } from 'commander';
import { makeBenchDocument } from '../bench/bench-document.js';
import type { Figure } from '../bench/figure.js';
import { renderCgroup } from '../bench/cgroup/render.js';
import { type CgroupPart, type CgroupProgress, type CgroupResult, type CgroupRunOptions, runCgroupBench } from '../bench/cgroup/run-cgroup.js';
import { cgroupFigures } from '../bench/cgroup/summarise.js';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { shouldUseColor } from '../runtime/host/render-fingerprint.js';
import { abortOnSignals, emitBench, parseList, progressLine } from './bench-output.js';
import { parsePositive, parseSize } from './units.js';

interface CgroupCliOptions {
  quick?: boolean;
  rounds?: string;
  seconds?: string;
  quotas?: string;
  memory?: string;
  pids?: string;
  only?: string;
  json?: boolean;
  out?: string;
}

const PARTS: readonly CgroupPart[] = ['cpu', 'burst', 'memory', 'pids'];

/** Progress of a cgroup run on stderr. */
export function cgroupProgress(stream: NodeJS.WriteStream): (p: CgroupProgress) => void {
  return (p) => {
    if (p.kind === 'skipped') stream.write(`cgroup: skipping ${p.what}: ${p.reason}\n`);
    else if (p.kind === 'failed') stream.write(`\ncgroup: ${p.what} failed and is left out: ${p.error}\n`);
    else progressLine(stream, `cgroup: ${p.part} round ${p.round}/${p.of}`, p.round === p.of, p.round);
  };
}

/** The figures and details of a cgroup result, for a results document. */
export function cgroupDocumentParts(r: CgroupResult): { figures: Figure[]; details: Record<string, unknown> } {
  return {
    figures: cgroupFigures(r),
    details: {
      driver: r.driver,
      cpu: r.cpu.map((q) => ({
        quota: q.quota, threads: q.threads, errorPercent: q.error.stats.median, wholeRunErrorPercent: q.wholeRunError.stats.median,
        windows: q.windows, nrPeriods: q.nrPeriods, nrThrottled: q.nrThrottled, throttledMs: q.throttledMs,
      })),
      burst: r.burst.map((b) => ({
        case: b.case, processes: b.processes, quota: b.quota, averageCpus: b.averageCpus, latencyMedianMs: b.latency.stats.median,
        vsUnlimited: b.vsUnlimited ?? null, nrPeriods: b.nrPeriods, nrThrottled: b.nrThrottled, throttledMs: b.throttledMs, overruns: b.overruns,
      })),
      memory: r.memory.map((m) => ({ limitMiB: m.limitMiB, peakMedianMiB: m.peak?.stats.median ?? null, oomKilled: m.oomKilled, runs: m.runs })),
      pids: r.pids.map((p) => ({ limit: p.limit, reachedMedian: p.reached.stats.median, exact: p.exact, errors: p.errors, limitHits: p.limitHits ?? null })),
      skipped: r.skipped, failed: r.failed, warnings: r.warnings, settings: r.settings,
    },
  };
}

function parseOptions(o: CgroupCliOptions): CgroupRunOptions {
  const MiB = 2 ** 20;
  const rounds = o.rounds !== undefined ? parsePositive(o.rounds, '--rounds', true) : undefined;
  const only = o.only !== undefined ? parseList(o.only, (w) => {
    if (!PARTS.includes(w as CgroupPart)) throw new Error(`--only: unknown part "${w}" (known: ${PARTS.join(', ')})`);
    return w as CgroupPart;
  }, '--only') : undefined;
  return {
    quick: o.quick ?? false,
    ...(rounds !== undefined ? { rounds } : {}),
    ...(o.seconds !== undefined ? { seconds: parsePositive(o.seconds, '--seconds') } : {}),
    ...(o.quotas !== undefined ? { quotas: parseList(o.quotas, (q) => parsePositive(q, '--quotas'), '--quotas') } : {}),
    ...(o.memory !== undefined ? {
      memoryLimitsMiB: parseList(o.memory, (m) => {
        const bytes = parseSize(/^\s*\d+(\.\d+)?\s*$/.test(m) ? `${m}m` : m, '--memory');
        if (bytes % MiB !== 0 || bytes < MiB) throw new Error(`--memory: "${m}" must be a whole number of MiB`);
        return bytes / MiB;
      }, '--memory'),
    } : {}),
    ...(o.pids !== undefined ? { pidsLimits: parseList(o.pids, (p) => parsePositive(p, '--pids', true), '--pids') } : {}),
    ...(only ? { only } : {}),
  };
}

/** Adds `isolab bench cgroup` to the bench command. */
export function registerBenchCgroup(bench: Command): void {
  bench
    .command('cgroup')
    .description('cgroup enforcement: CPU quota error and throttling (steady and bursty), memory peak before the OOM kill, pids reached')
    .option('--quick', 'a quick look for CI (about 40 s): 1 s CPU runs, 6 rounds, fewer limits')
    .option('--rounds <n>', 'rounds of every quota and limit (default 8; 6 with --quick)')
    .option('--seconds <s>', 'seconds of each steady CPU run (default 3; 1 with --quick)')
    .option('--quotas <list>', 'comma-separated CPU quotas in CPUs (default 0.1,0.25,0.5,1,1.5)')
    .option('--memory <list>', 'comma-separated memory limits, MiB or with a unit (default 32,64,128,256,512; 32,64,128 with --quick)')
    .option('--pids <list>', 'comma-separated pids limits (default 8,32,128,512; 8,32,128 with --quick)')
    .option('--only <list>', `comma-separated parts: ${PARTS.join(',')}`)
    .option('--json', 'print the results document as JSON instead of tables')
    .option('--out <file>', 'also write the results document (schemaVersion 1, raw samples, host fingerprint) to FILE')
    .action(async (o: CgroupCliOptions) => {
      const options = parseOptions(o);
      if (process.getuid?.() !== 0) throw new Error('isolab bench cgroup must run as root: it creates cgroups and containers (try: sudo isolab bench cgroup)');
      const { signal, dispose } = abortOnSignals();
      try {
        const r = await runCgroupBench({ ...options, signal, onProgress: cgroupProgress(process.stderr) });
        const parts = cgroupDocumentParts(r);
        await emitBench(o, renderCgroup(r, { color: shouldUseColor(process.stdout) }), async () =>
          makeBenchDocument('cgroup', parts.figures, await collectFingerprint(), parts.details));
      } finally {
        dispose();
      }
    });
}
