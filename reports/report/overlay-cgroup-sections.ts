// The overlay and cgroup parts of a report: overlay ÷ plain filesystem by operation and by
// layer depth, copy-up latency by file size, every operation's two sides, and cgroup CPU
// throttling error by quota with the other cgroup figures.
import type { Block, Inline } from '../render/blocks.js';
import type { ChartSpec, LinePoint } from '../charts/chart-spec.js';
import type { FigureKinds, Placed } from '../model/figure-kinds.js';
import type { FigureData } from '../model/results-schema.js';
import { formatBytes } from '../render/format.js';
import { commonUnit, FIGURE_ALIGN, FIGURE_HEAD, figureCells, medianWithCi, warningCodes } from './figure-rows.js';

/** Placed figures grouped into line series, points sorted by parameter. */
function lineSeries(placed: Placed<number>[], x: (p: number) => number): { name: string; points: LinePoint[] }[] {
  const names = [...new Set(placed.map((p) => p.series))];
  return names.map((name) => ({
    name,
    points: placed.filter((p) => p.series === name).map((p) => ({ x: x(p.param), y: p.figure.stats.median, ...(p.figure.ci95 ? { ci: p.figure.ci95 } : {}) })),
  }));
}

const unitOf = (placed: Placed<unknown>[]) => commonUnit(placed.map((p) => p.figure));
const spread = (placed: Placed<unknown>[]) => {
  const m = placed.map((p) => p.figure.stats.median).filter((x) => x > 0);
  return m.length ? Math.max(...m) / Math.min(...m) : 1;
};
const barOf = (f: FigureData) => ({ value: f.stats.median, whisker: f.stats.p95, ...(f.ci95 ? { ci: f.ci95 } : {}) });
const cell = (f: FigureData | undefined): Inline => (f ? medianWithCi(f) : { text: '–', tone: 'muted' });

function operationsTable(k: FigureKinds): Block {
  return {
    kind: 'table', caption: 'Every operation: medians [95 % CI] on each side, and overlay ÷ plain from the per-round ratios',
    head: ['operation', 'group', 'unit', 'overlay', 'plain', 'overlay ÷ plain', 'n', 'warnings'],
    align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left'],
    rows: k.overlayOps.map((o) => {
      const any = o.overlay ?? o.plain ?? o.ratio!;
      const warnings = [o.overlay, o.plain].flatMap((f) => (f ? [warningCodes(f)] : [])).find((w) => w !== '') ?? '';
      return [o.op, o.group, (o.overlay ?? o.plain)?.unit ?? '', cell(o.overlay), cell(o.plain), o.ratio ? `${medianWithCi(o.ratio)}×` : '–', String(any.stats.n), warnings];
    }),
  };
}

/** The overlay blocks (a note for each chart whose data is absent). */
export function overlayBlocks(k: FigureKinds): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Overlay filesystem' }];
  if (!k.overlayOps.length) return [...blocks, { kind: 'note', text: 'No overlay figures in this file (isolab bench overlay --out FILE measures them).' }];
  if (k.overlayRatio.length) {
    const chart: ChartSpec = {
      type: 'bars', id: 'overlay-ratio-by-operation', title: 'Overlay ÷ plain filesystem, by operation',
      subtitle: 'bar: median of the per-round ratios · whisker: p95 · dark stroke: 95 % CI · dashed: 1 = no overhead',
      unit: 'ratio', horizontal: true, log: Math.max(...k.overlayRatio.map((p) => p.figure.stats.p95)) / Math.min(...k.overlayRatio.map((p) => p.figure.stats.median)) > 30,
      labels: k.overlayRatio.map((p) => p.param),
      series: [{ name: 'overlay ÷ plain', values: k.overlayRatio.map((p) => barOf(p.figure)) }],
      reference: { value: 1, label: 'no overhead' },
    };
    blocks.push({ kind: 'chart', chart });
  } else blocks.push({ kind: 'note', text: 'No overlay ratios by operation in this file.' });
  if (k.overlayDepth.length) {
    blocks.push({ kind: 'chart', chart: { type: 'lines', id: 'overlay-by-depth', title: 'Overlay ÷ plain by lower-layer depth', subtitle: 'readdir + stat of files in the lowest layer; median of the per-round ratios with its 95 % CI · dashed: 1 = no overhead', xTitle: 'lower layers', yTitle: 'overlay ÷ plain', xLog: true, yLog: spread(k.overlayDepth) > 20, series: lineSeries(k.overlayDepth, (d) => d), reference: { value: 1, label: 'no overhead' } } });
  } else blocks.push({ kind: 'note', text: 'No overlay figures by layer depth in this file.' });
  if (k.copyUp.length) {
    const unit = unitOf(k.copyUp);
    blocks.push({ kind: 'chart', chart: { type: 'lines', id: 'copy-up-by-size', title: 'Copy-up latency by file size', subtitle: 'first write to a lower-layer file (overlay copies it whole) against the same write on the plain filesystem; median with its 95 % CI', xTitle: 'file size (MiB)', yTitle: unit, xLog: true, yLog: true, series: lineSeries(k.copyUp, (b) => b / 2 ** 20) } });
  } else blocks.push({ kind: 'note', text: 'No copy-up figures in this file.' });
  blocks.push(operationsTable(k));
  if (k.copyUp.length) {
    blocks.push({ kind: 'table', caption: `Copy-up (${unitOf(k.copyUp)})`, head: ['file size', 'side', ...FIGURE_HEAD], align: ['right', 'left', ...FIGURE_ALIGN], rows: k.copyUp.map((p) => [formatBytes(p.param), p.series, ...figureCells(p.figure)]) });
  }
  return blocks;
}

/** The cgroup blocks (a note when absent). */
export function cgroupBlocks(k: FigureKinds): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'cgroup throttling accuracy' }];
  if (!k.throttling.length && !k.cgroupOther.length) return [...blocks, { kind: 'note', text: 'No cgroup figures in this file (isolab bench cgroup --out FILE measures them).' }];
  if (k.throttling.length) {
    const quotas = [...new Set(k.throttling.map((p) => p.param))].sort((a, b) => a - b);
    const series = [...new Set(k.throttling.map((p) => p.series))];
    const unit = unitOf(k.throttling);
    blocks.push(
      {
        kind: 'chart',
        chart: {
          type: 'bars', id: 'throttling-error-by-quota', title: 'CPU usage against the quota: error by quota',
          subtitle: 'CPU time a busy workload got (cgroup accounting) against its quota; bar: median error · error bar: 95 % CI of the median · dashed: 0 = exact',
          unit, horizontal: false, labels: quotas.map((q) => `${q} CPU`),
          series: series.map((name) => ({
            name,
            values: quotas.map((q) => {
              const f = k.throttling.find((p) => p.series === name && p.param === q)?.figure;
              return f ? { value: f.stats.median, ...(f.ci95 ? { ci: f.ci95 } : {}) } : null;
            }),
          })),
          reference: { value: 0, label: 'exact' }, ciStyle: 'errorbar',
        },
      },
      { kind: 'table', caption: `Throttling error (${unit}; 0 = usage exactly the quota)`, head: ['quota', 'window', ...FIGURE_HEAD], align: ['right', 'left', ...FIGURE_ALIGN], rows: k.throttling.map((p) => [`${p.param} CPU`, p.series, ...figureCells(p.figure)]) },
    );
  } else blocks.push({ kind: 'note', text: 'No CPU throttling error figures in this file.' });
  if (k.cgroupOther.length) {
    blocks.push({ kind: 'table', caption: 'Other cgroup figures', head: ['figure', 'unit', ...FIGURE_HEAD], align: ['left', 'left', ...FIGURE_ALIGN], rows: k.cgroupOther.map((f) => [f.name.replace(/^cgroup\./, ''), f.unit, ...figureCells(f)]) });
  }
  return blocks;
}
