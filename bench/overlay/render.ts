// The overlay benchmark as people read it in a terminal: overlay against the plain
// filesystem per operation (medians with 95 % intervals, overlay ÷ plain with its
// interval, the difference), copy-up latency by file size, lookup cost by layer depth,
// then the tools, the calibration, what was skipped and the warnings. Pure: returns a string.
import { format3, medianWithCi, painter, ratioWithCi, signed, table, warningCodes } from '../render-kit.js';
import { formatBytes } from './settings.js';
import type { OverlayComparison, OverlayResult } from './summarise.js';

/** How to render. */
export interface RenderOptions {
  /** ANSI colour (only for a TTY without NO_COLOR). */
  color: boolean;
}

const MiB = 2 ** 20;

function opsTable(rows: OverlayComparison[], color: boolean): string {
  const t = table(['operation', 'tool', 'cache', 'overlay', 'plain', 'overlay ÷ plain [95% CI]', 'overlay − plain', 'n', 'warnings'], color);
  for (const c of rows) {
    t.push([
      c.op.label, c.op.tool, c.op.cache,
      `${format3(c.overlay.stats.median)} ${c.op.unit}`, `${format3(c.plain.stats.median)} ${c.op.unit}`,
      ratioWithCi(c.comparison), `${signed(c.comparison.difference)} ${c.op.unit}`,
      String(Math.min(c.overlay.stats.n, c.plain.stats.n)), warningCodes(c.overlay, c.plain),
    ]);
  }
  return t.toString();
}

/** Renders an overlay result. */
export function renderOverlay(r: OverlayResult, o: RenderOptions = { color: false }): string {
  const p = painter(o.color);
  const out: string[] = [];
  const of = (...groups: string[]) => r.comparisons.filter((c) => groups.includes(c.op.group));
  const io = of('io', 'metadata');
  const s = r.settings;
  if (io.length) {
    out.push(
      p.bold('Overlay against the plain filesystem under it (medians; overlay ÷ plain > 1: the overlay is slower)'),
      p.dim(`sequential: ${String(s.seqMiB)} MiB files in ${String(s.blockKiB)} KiB blocks; random reads: a ${String(s.seqMiB)} MiB file; metadata: ${String(s.files)} small files; times per file or per operation`),
      opsTable(io, o.color),
    );
  }
  const ctr = of('container');
  if (ctr.length) out.push('', p.bold('Seen from inside a built-in container (its rootfs overlay) against the host\'s plain filesystem'), opsTable(ctr, o.color));
  const copyUp = of('copy-up');
  if (copyUp.length) {
    const t = table(['file size', 'first write, overlay (copy-up) ms', 'copy-up MiB/s', 'first write, plain ms', 'overlay ÷ plain', 'n', 'warnings'], o.color);
    for (const c of copyUp) {
      const bytes = Number(c.op.params?.sizeBytes ?? 0);
      t.push([
        formatBytes(bytes), medianWithCi(c.overlay), format3(bytes / MiB / (c.overlay.stats.median / 1e3)), medianWithCi(c.plain),
        ratioWithCi(c.comparison), String(c.overlay.stats.n), warningCodes(c.overlay, c.plain),
      ]);
    }
    out.push('', p.bold('Copy-up latency by file size: the first 1-byte write into a lower-layer file'), t.toString());
  }
  const depth = of('depth');
  if (depth.length) {
    const files = depth[0]?.op.params?.files;
    const t = table(['layers', 'overlay µs/file', 'plain µs/file', 'overlay ÷ plain', 'overlay − plain µs', 'mounted with', 'warnings'], o.color);
    const methods = (r.settings.depthMount ?? {}) as Record<string, string>;
    for (const c of depth) {
      const d = String(c.op.params?.depth ?? '');
      t.push([d, medianWithCi(c.overlay), medianWithCi(c.plain), ratioWithCi(c.comparison), signed(c.comparison.difference), methods[d] ?? '', warningCodes(c.overlay, c.plain)]);
    }
    out.push('', p.bold(`Lookup cost by layer depth: readdir + first stat of ${String(files)} files in the lowest layer, fresh mount`), t.toString());
  }
  out.push('');
  for (const h of r.harness) out.push(`Calibration: ${String(h.params?.what ?? h.name)}: ${format3(h.stats.median)} ${h.unit} median, subtracted from the fio figures round by round.`);
  out.push(p.dim(
    `${String(s.rounds)} rounds after ${String(s.warmup)} warm-up, every operation on both sides per round (interleaved); ` +
      `files in ${String(s.parentDir)}; fio: ${String(s.fio ?? 'not used')}; timer resolution ${String(s.timerResolutionNs)} ns; ` +
      `load average ${Number(s.loadAverage).toFixed(2)} on ${String(s.cpus)} CPUs.`,
  ));
  const notes = [...new Set(r.comparisons.flatMap((c) => c.op.notes ?? []))];
  for (const n of notes) out.push(p.dim(`note: ${n}`));
  for (const x of r.skipped) out.push(p.dim(`skipped ${x.name}: ${x.reason}`));
  for (const x of r.failed) out.push(p.yellow(`failed ${x.name} (left out): ${x.reason}`));
  for (const w of r.warnings) out.push(p.yellow(`warning: ${w}`));
  const atResolution = r.comparisons.flatMap((c) => [c.overlay, c.plain]).filter((f) => f.warnings.some((w) => w.startsWith('at-resolution')));
  for (const f of atResolution) out.push(p.yellow(`warning: ${f.name}: ${f.warnings.find((w) => w.startsWith('at-resolution')) ?? ''}`));
  if (r.comparisons.some((c) => /noisy|outliers/.test(warningCodes(c.overlay, c.plain)))) {
    out.push(p.yellow('to get steadier figures: close other programs and take more rounds (--rounds N).'));
  }
  return out.join('\n') + '\n';
}
