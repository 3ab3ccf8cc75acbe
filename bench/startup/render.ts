// The startup benchmark as people read it in a terminal: one row per runtime (median
// with its 95 % interval, mean ± σ, min … max, p95, n, builtin ÷ runtime with its
// interval, first instruction), the built-in runtime's phases, the calibration, and the
// warnings with their advice. Pure: returns a string.
import Table from 'cli-table3';
import type { Figure } from '../figure.js';
import { renderStartupExtras } from './render-extras.js';
import type { StartupResult } from './run-startup.js';

/** How to render. */
export interface RenderOptions {
  /** ANSI colour (only for a TTY without NO_COLOR: see shouldUseColor in runtime/host/render-fingerprint). */
  color: boolean;
}

function painter(color: boolean) {
  const wrap = (open: number, close: number) => (t: string) => (color ? `\u001b[${open}m${t}\u001b[${close}m` : t);
  return { bold: wrap(1, 22), dim: wrap(2, 22), yellow: wrap(33, 39), green: wrap(32, 39) };
}

/** A duration in ms with 3 significant digits (0.463, 4.73, 26.1, 218). */
export function formatMs(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}

const ci = (f: Figure) => (f.ci95 ? ` [${formatMs(f.ci95[0])}, ${formatMs(f.ci95[1])}]` : '');
const codes = (f: Figure) => [...new Set(f.warnings.map((w) => w.split(':')[0]))].join(', ');

function table(head: string[], color: boolean): Table.Table {
  return new Table({ head, style: color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] } });
}

/** Renders a startup result (times in ms). */
export function renderStartup(r: StartupResult, o: RenderOptions = { color: false }): string {
  const p = painter(o.color);
  const out: string[] = [];
  const firstOf = new Map(r.figures.filter((f) => f.name === 'startup.start-to-first-instruction').map((f) => [f.runtime, f]));
  const ratioOf = new Map(r.ratios.map((x) => [x.b, x]));
  const runtimes = table(['runtime', 'median [95% CI]', 'mean ± σ', 'min … max', 'p95', 'n', 'builtin ÷ this', 'first instr.', 'warnings'], o.color);
  for (const f of r.figures.filter((x) => x.name === 'startup.start-to-exit')) {
    const ratio = ratioOf.get(f.runtime as never);
    const rel = f.runtime === 'builtin' ? '1' : ratio ? `${ratio.ratio.toFixed(2)}× [${ratio.ci95[0].toFixed(2)}, ${ratio.ci95[1].toFixed(2)}]` : '';
    const first = firstOf.get(f.runtime);
    runtimes.push([
      f.runtime === 'builtin' ? p.bold(f.runtime) : (f.runtime ?? ''),
      `${formatMs(f.stats.median)}${ci(f)}`,
      `${formatMs(f.stats.mean)} ± ${formatMs(f.stats.sd)}`,
      `${formatMs(f.stats.min)} … ${formatMs(f.stats.max)}`,
      formatMs(f.stats.p95),
      String(f.stats.n),
      rel,
      first ? formatMs(first.stats.median) : '',
      p.yellow(codes(f)),
    ]);
  }
  out.push(p.bold('Container start-to-exit (ms)'), runtimes.toString());
  if (r.phases.length) {
    const total = r.phases.find((f) => f.name === 'startup.phase.total');
    const phases = table(['builtin phase', 'median [95% CI]', 'mean ± σ', 'p95', 'of total'], o.color);
    for (const f of r.phases) {
      const name = f.name.replace('startup.phase.', '');
      const share = total && name !== 'total' ? `${((f.stats.median / total.stats.median) * 100).toFixed(0)} %` : '';
      phases.push([name, `${formatMs(f.stats.median)}${ci(f)}`, `${formatMs(f.stats.mean)} ± ${formatMs(f.stats.sd)}`, formatMs(f.stats.p95), share]);
    }
    out.push('', p.bold('Built-in runtime, phase by phase (ms; medians of phases need not add up to the median total)'), phases.toString());
  }
  out.push(...renderStartupExtras(r, o.color));
  const s = r.settings;
  out.push(
    '',
    `Measuring path (calibration): fork+exec of /bin/true through the launcher ${formatMs(r.calibration.stats.median)} ms median; ` +
      (r.roundTrip ? `Node ↔ launcher round trip ${formatMs(r.roundTrip.stats.median)} ms (counted in builtin's figure only).` : ''),
    p.dim(`${s.samples} samples per runtime after ${s.warmup} warm-up rounds, interleaved, ` +
      `${s.settleMs > 0 ? `a ${s.settleMs} ms pause before each start` : 'no pause between starts (a burst)'}; timer resolution ${s.timerResolutionNs} ns; ` +
      `load average ${s.loadAverage.toFixed(2)} on ${s.cpus} CPUs.`),
  );
  for (const x of r.runtimes) {
    if (x.status === 'skipped') out.push(p.dim(`skipped ${x.name}: ${x.reason}`));
    if (x.status === 'failed') out.push(p.yellow(`failed ${x.name}: ${x.error}`));
  }
  const details = [...r.figures, ...r.phases].flatMap((f) => f.warnings.map((w) => `${f.runtime} ${f.name.replace('startup.', '')}: ${w}`));
  const notes = [...r.warnings, ...details.filter((d) => /: (at-resolution|few-samples):/.test(d))];
  if (details.some((d) => /: (noisy|outliers):/.test(d))) {
    notes.push('to get steadier figures: close other programs, use --warmup N, and take more samples (--samples N).');
  }
  for (const n of notes) out.push(p.yellow(`warning: ${n}`));
  return out.join('\n') + '\n';
}
