// The charts of a comparison: each file a series (latency per runtime, overlay ratios,
// throttling error) or a bar (phases), so the runs are seen side by side.
import type { BarSeries, BarValue, ChartSpec } from '../charts/chart-spec.js';
import { classifyFigures, type FigureKinds, type Placed } from '../model/figure-kinds.js';
import type { LoadedResults } from '../model/load-results.js';
import type { FigureData } from '../model/results-schema.js';
import { commonUnit } from '../report/figure-rows.js';

const bar = (f: FigureData | undefined): BarValue | null => (f ? { value: f.stats.median, whisker: f.stats.p95, ...(f.ci95 ? { ci: f.ci95 } : {}) } : null);

function grouped<P>(files: LoadedResults[], kinds: FigureKinds[], pick: (k: FigureKinds) => Placed<P>[], label: (p: Placed<P>) => string): { labels: string[]; series: BarSeries[]; unit: string } {
  const labels: string[] = [];
  for (const k of kinds) for (const p of pick(k)) if (!labels.includes(label(p))) labels.push(label(p));
  // Runs without any of these figures get no series (and no empty slot beside each bar).
  const series = files.map((f, i) => ({ name: f.label, values: labels.map((l) => bar(pick(kinds[i]!).find((p) => label(p) === l)?.figure)) }))
    .filter((s) => s.values.some((v) => v !== null));
  return { labels, series, unit: commonUnit(kinds.flatMap((k) => pick(k).map((p) => p.figure))) };
}

/** Charts comparing the files (those whose data no file has are left out). */
export function compareCharts(files: LoadedResults[]): ChartSpec[] {
  const kinds = files.map((f) => classifyFigures(f.figures));
  const charts: ChartSpec[] = [];
  const latency = grouped(files, kinds, (k) => k.latency.map((f) => ({ figure: f, param: f.runtime ?? f.name, series: '' })), (p) => p.param);
  if (latency.labels.length) {
    const medians = latency.series.flatMap((s) => s.values.flatMap((v) => (v && v.value > 0 ? [v.value] : [])));
    charts.push({
      type: 'bars', id: 'compare-startup-latency', title: 'Start-to-exit latency per runtime, by run', subtitle: 'bar: median · whisker: p95 · dark stroke: 95 % CI of the median',
      unit: latency.unit, horizontal: true, log: Math.max(...medians) / Math.min(...medians) > 20, labels: latency.labels, series: latency.series,
    });
  }
  const phaseNames: string[] = [];
  for (const k of kinds) for (const f of k.phases.find((g) => g.runtime === 'builtin')?.phases ?? []) if (!phaseNames.includes(f.name)) phaseNames.push(f.name);
  if (phaseNames.length) {
    charts.push({
      type: 'stacked', id: 'compare-startup-phases', title: "The built-in runtime's start, phase by phase, by run", subtitle: 'medians of each phase, stacked',
      unit: commonUnit(kinds.flatMap((k) => k.phases.flatMap((g) => g.phases))), labels: files.map((f) => f.label),
      segments: phaseNames.map((n) => ({ name: n.replace('startup.phase.', ''), values: kinds.map((k) => k.phases.find((g) => g.runtime === 'builtin')?.phases.find((f) => f.name === n)?.stats.median ?? 0) })),
    });
  }
  const overlay = grouped(files, kinds, (k) => k.overlayRatio, (p) => p.param);
  if (overlay.labels.length) {
    charts.push({ type: 'bars', id: 'compare-overlay-ratio', title: 'Overlay ÷ plain filesystem by operation, by run', subtitle: 'bar: median ratio · whisker: p95 · dashed: no overhead', unit: 'ratio', horizontal: true, labels: overlay.labels, series: overlay.series, reference: { value: 1, label: 'no overhead' } });
  }
  const throttling = grouped(files, kinds, (k) => k.throttling.filter((p) => !p.series.startsWith('whole run')), (p) => `${p.param} CPU`);
  for (const s of throttling.series) s.values = s.values.map((v) => (v ? { value: v.value, ...(v.ci ? { ci: v.ci } : {}) } : null));
  if (throttling.labels.length) {
    charts.push({ type: 'bars', id: 'compare-throttling-error', title: 'CPU usage error against the quota, by run', subtitle: 'steady window; bar: median error · error bar: 95 % CI · dashed: 0 = exact', unit: throttling.unit, horizontal: false, labels: throttling.labels, series: throttling.series, reference: { value: 0, label: 'exact' }, ciStyle: 'errorbar' });
  }
  for (const [id, title, pick, xTitle, x] of [
    ['compare-overlay-depth', 'Overlay ÷ plain by lower-layer depth, by run', (k: FigureKinds) => k.overlayDepth, 'lower layers', (v: number) => v],
    ['compare-copy-up', 'Copy-up latency by file size, by run', (k: FigureKinds) => k.copyUp, 'file size (MiB)', (v: number) => v / 2 ** 20],
  ] as const) {
    const series = files.flatMap((f, i) => {
      const placed = pick(kinds[i]!);
      const names = [...new Set(placed.map((p) => p.series))];
      return names.map((n) => ({ name: names.length > 1 ? `${f.label}: ${n}` : f.label, points: placed.filter((p) => p.series === n).map((p) => ({ x: x(p.param), y: p.figure.stats.median, ...(p.figure.ci95 ? { ci: p.figure.ci95 } : {}) })) }));
    });
    const unit = commonUnit(kinds.flatMap((k) => pick(k).map((p) => p.figure)));
    const ys = series.flatMap((x) => x.points.map((p) => p.y)).filter((y) => y > 0);
    const yLog = id === 'compare-copy-up' || (ys.length > 1 && Math.max(...ys) / Math.min(...ys) > 20);
    if (series.length) charts.push({ type: 'lines', id, title, xTitle, yTitle: unit === '×' || unit === 'ratio' ? 'overlay ÷ plain' : unit, xLog: true, yLog, series, subtitle: 'median with its 95 % CI' });
  }
  return charts;
}
