// A ChartSpec as a chart.js configuration (with its plugins) and the size to draw it at.
// Pure: no canvas here, so it can be inspected in tests.
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { ChartSpec } from './chart-spec.js';
import { INK, seriesColor, withAlpha } from './palette.js';
import { barMarks, heatCells, pointIntervals, referenceLine, segmentLabels, whiteBackground } from './plugins.js';

/** A chart.js configuration and the CSS-pixel size it is drawn at. */
export interface DrawPlan {
  config: ChartConfiguration;
  width: number;
  height: number;
}

const WIDTH = 960;
const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

function titles(spec: ChartSpec) {
  return {
    title: { display: true, text: spec.title, align: 'start' as const, color: INK.text, font: { size: 15, weight: 'bold' as const, family: FONT }, padding: { top: 4, bottom: spec.subtitle ? 2 : 12 } },
    subtitle: { display: Boolean(spec.subtitle), text: spec.subtitle ?? '', align: 'start' as const, color: INK.muted, font: { size: 11, family: FONT }, padding: { bottom: 12 } },
  };
}

const ticks = { color: INK.text, font: { size: 11, family: FONT } };
const grid = { color: INK.grid };
const unitText = (unit: string) => (unit === 'ratio' ? '×' : unit);

/** A tick label: whole numbers as such (1, 20, 500), others with three significant digits. */
function tick(v: number | string): string {
  const x = Number(v);
  return Number.isInteger(x) ? x.toLocaleString('en-US') : String(Number(x.toPrecision(3)));
}

/** Log-axis ticks at 1, 2 and 5 of each decade only (chart.js labels every integer mantissa). */
function logTick(v: number | string): string {
  const x = Number(v);
  const m = x / 10 ** Math.floor(Math.log10(x) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) ? tick(x) : '';
}

/** Axis bounds that hold every value (intervals included), with some room. */
function bounds(values: number[], log: boolean | undefined, zero: boolean): { min?: number; max?: number; suggestedMin?: number; suggestedMax?: number } {
  if (log) {
    const pos = values.filter((x) => x > 0);
    if (!pos.length) return {};
    return { min: Math.min(...pos) / 1.6, max: Math.max(...pos) * 1.3 };
  }
  const lo = Math.min(...values, zero ? 0 : Infinity);
  const hi = Math.max(...values, zero ? 0 : -Infinity);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;
  return { suggestedMin: lo < 0 ? lo - pad : lo, suggestedMax: hi > 0 ? hi + pad : hi };
}
const legendFor = (n: number) => ({ display: n > 1, position: 'top' as const, align: 'end' as const, labels: { boxWidth: 12, font: { size: 11, family: FONT }, color: INK.text } });

function barsPlan(spec: Extract<ChartSpec, { type: 'bars' }>): DrawPlan {
  const horizontal = spec.horizontal ?? true;
  const values = spec.series.map((s) => s.values);
  const all = values.flat().flatMap((v) => (v ? [v.value, v.whisker ?? v.value, ...(v.ci ?? [])] : []));
  const valueAxis = {
    type: spec.log ? ('logarithmic' as const) : ('linear' as const),
    ...bounds([...all, ...(spec.reference ? [spec.reference.value] : [])], spec.log, true),
    title: { display: true, text: unitText(spec.unit), color: INK.muted, font: { size: 11, family: FONT } },
    ticks: { ...ticks, maxRotation: 0, autoSkip: false, callback: spec.log ? logTick : tick },
    grid,
  };
  const categoryAxis = { ticks, grid: { display: false } };
  const plugins: Plugin[] = [whiteBackground, barMarks(values, spec.unit, spec.ciStyle) as Plugin];
  if (spec.reference) plugins.push(referenceLine(spec.reference.value, horizontal ? 'x' : 'y'));
  const rows = spec.labels.length * Math.max(1, spec.series.length);
  return {
    width: WIDTH,
    height: horizontal ? 110 + rows * (spec.series.length > 1 ? 22 : 34) + (spec.series.length > 1 ? 30 : 0) : 420,
    config: {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s, i) => ({
          label: s.name,
          data: s.values.map((v) => v?.value ?? null),
          backgroundColor: withAlpha(seriesColor(i), 0.8),
          borderColor: seriesColor(i),
          borderWidth: 1,
          barPercentage: 0.85,
          categoryPercentage: 0.8,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        layout: { padding: { right: horizontal ? 80 : 10, top: horizontal ? 0 : 16 } },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: { ...titles(spec), legend: legendFor(spec.series.length) },
      },
      plugins,
    } as ChartConfiguration,
  };
}

function stackedPlan(spec: Extract<ChartSpec, { type: 'stacked' }>): DrawPlan {
  return {
    width: WIDTH,
    height: 150 + spec.labels.length * 46 + Math.ceil(spec.segments.length / 6) * 18,
    config: {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.segments.map((s, i) => ({ label: s.name, data: s.values, backgroundColor: seriesColor(i), borderColor: '#ffffff', borderWidth: 1, barPercentage: 0.7 })),
      },
      options: {
        indexAxis: 'y',
        layout: { padding: { right: 16 } },
        scales: {
          x: { stacked: true, beginAtZero: true, title: { display: true, text: unitText(spec.unit), color: INK.muted, font: { size: 11, family: FONT } }, ticks: { ...ticks, callback: tick }, grid },
          y: { stacked: true, ticks, grid: { display: false } },
        },
        plugins: { ...titles(spec), legend: { ...legendFor(2), position: 'bottom', align: 'start' } },
      },
      plugins: [whiteBackground, segmentLabels as Plugin],
    } as ChartConfiguration,
  };
}

function linesPlan(spec: Extract<ChartSpec, { type: 'lines' }>): DrawPlan {
  const plugins: Plugin[] = [whiteBackground, pointIntervals(spec.series.map((s) => s.points)) as Plugin];
  if (spec.reference) plugins.push(referenceLine(spec.reference.value, 'y'));
  const points = spec.series.flatMap((s) => s.points);
  const xs = points.map((p) => p.x);
  const ys = [...points.flatMap((p) => [p.y, ...(p.ci ?? [])]), ...(spec.reference ? [spec.reference.value] : [])];
  // x: a little room on both sides so the end points and their intervals are not cut in half.
  const xBounds = spec.xLog
    ? { min: Math.min(...xs) / 1.25, max: Math.max(...xs) * 1.25 }
    : { min: Math.min(0, ...xs), max: Math.max(...xs) + (Math.max(...xs) - Math.min(0, ...xs)) * 0.04 };
  const axis = (log: boolean | undefined, text: string, range: object) => ({
    type: log ? ('logarithmic' as const) : ('linear' as const),
    ...range,
    title: { display: true, text, color: INK.muted, font: { size: 11, family: FONT } },
    ticks: { ...ticks, maxRotation: 0, callback: log ? logTick : tick },
    grid,
  });
  return {
    width: WIDTH,
    height: 440,
    config: {
      type: 'line',
      data: {
        datasets: spec.series.map((s, i) => ({
          label: s.name, data: s.points.map((p) => ({ x: p.x, y: p.y })),
          borderColor: seriesColor(i), backgroundColor: seriesColor(i), pointRadius: 4, borderWidth: 2, tension: 0,
        })),
      },
      options: {
        layout: { padding: { right: 16 } },
        scales: { x: axis(spec.xLog, spec.xTitle, xBounds), y: axis(spec.yLog, spec.yTitle, bounds(ys, spec.yLog, !spec.yLog)) },
        plugins: { ...titles(spec), legend: legendFor(spec.series.length) },
      },
      plugins,
    } as ChartConfiguration,
  };
}

function heatmapPlan(spec: Extract<ChartSpec, { type: 'heatmap' }>): DrawPlan {
  const longestCol = Math.max(4, ...spec.cols.map((c) => c.length));
  const longestRow = Math.max(4, ...spec.rows.map((r) => r.length));
  const cellH = 22;
  const width = Math.max(WIDTH, longestRow * 7 + spec.cols.length * 22 + 60);
  // A hidden dataset holds every category so both scales show all their labels.
  const data = spec.rows.flatMap((r) => spec.cols.map((c) => ({ x: c, y: r })));
  return {
    width,
    height: 120 + spec.rows.length * cellH + longestCol * 6.2 + 30,
    config: {
      type: 'scatter',
      data: { datasets: [{ label: 'cells', data: data as never, pointRadius: 0, pointHoverRadius: 0 }] },
      options: {
        layout: { padding: { right: 10 } },
        scales: {
          x: { type: 'category', labels: spec.cols, offset: true, position: 'bottom', grid: { display: false }, ticks: { ...ticks, autoSkip: false, maxRotation: 90, minRotation: 90, font: { size: 10, family: FONT } } },
          y: { type: 'category', labels: spec.rows, offset: true, grid: { display: false }, ticks: { ...ticks, autoSkip: false } },
        },
        plugins: {
          ...titles(spec),
          legend: {
            display: true, position: 'top', align: 'start',
            labels: {
              boxWidth: 12, font: { size: 11, family: FONT }, color: INK.text,
              generateLabels: () => spec.legend.map((l) => ({ text: l.label, fillStyle: l.color, strokeStyle: l.color, lineWidth: 0, hidden: false })),
            },
          },
        },
      },
      plugins: [whiteBackground, heatCells(spec.cells, spec.legend) as Plugin],
    } as ChartConfiguration,
  };
}

/** The configuration and size for a chart spec. */
export function planChart(spec: ChartSpec): DrawPlan {
  switch (spec.type) {
    case 'bars': return barsPlan(spec);
    case 'stacked': return stackedPlan(spec);
    case 'lines': return linesPlan(spec);
    case 'heatmap': return heatmapPlan(spec);
  }
}
