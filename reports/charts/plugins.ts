// chart.js plugins the reports need and chart.js lacks: a white background (PNGs read in
// dark viewers), whiskers and interval marks on bars and points, value labels, a reference
// line, and the cells of a heat map. Each is built for one chart from its spec's data.
import type { Chart, Plugin } from 'chart.js';
import type { BarValue, HeatCell, HeatLegend, LinePoint } from './chart-spec.js';
import { INK } from './palette.js';
import { formatSig } from '../render/format.js';

/** Fills the canvas white before anything is drawn. */
export const whiteBackground: Plugin = {
  id: 'isolabBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function line(ctx: CanvasRenderingContext2D, x1: number, y1: number, x2: number, y2: number): void {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

/**
 * On bar charts: the whisker from each bar's value to its `whisker` (with a cap), its
 * interval (a thick dark stroke across the bar end, or an error bar with caps), and its
 * value as a label past all of them. `values[d][i]` belongs to dataset d, label i.
 */
export function barMarks(values: (BarValue | null)[][], unit: string, ciStyle: 'stroke' | 'errorbar' = 'stroke'): Plugin<'bar'> {
  return {
    id: 'isolabBarMarks',
    afterDatasetsDraw(chart: Chart<'bar'>) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === 'y';
      const scale = horizontal ? chart.scales.x! : chart.scales.y!;
      ctx.save();
      ctx.font = '11px "DejaVu Sans", sans-serif';
      values.forEach((series, d) => {
        const meta = chart.getDatasetMeta(d);
        if (meta.hidden) return;
        meta.data.forEach((el, i) => {
          const v = series[i];
          if (!v) return;
          const p = el.getProps(['x', 'y', 'width', 'height'], true) as { x: number; y: number; width: number; height: number };
          const thick = horizontal ? p.height : p.width;
          const mid = horizontal ? p.y : p.x;
          const at = (value: number) => scale.getPixelForValue(value);
          // Along the value axis: a segment from a to b at the bar's middle, with optional caps.
          const segment = (a: number, b: number, caps: number[]) => {
            if (horizontal) {
              line(ctx, at(a), mid, at(b), mid);
              for (const c of caps) line(ctx, at(c), mid - thick * 0.28, at(c), mid + thick * 0.28);
            } else {
              line(ctx, mid, at(a), mid, at(b));
              for (const c of caps) line(ctx, mid - thick * 0.28, at(c), mid + thick * 0.28, at(c));
            }
          };
          ctx.strokeStyle = INK.text;
          if (v.whisker !== undefined) {
            ctx.lineWidth = 1.25;
            segment(v.value, v.whisker, [v.whisker]);
          }
          if (v.ci) {
            if (ciStyle === 'errorbar') {
              ctx.lineWidth = 1.25;
              segment(v.ci[0], v.ci[1], [v.ci[0], v.ci[1]]);
            } else {
              ctx.lineWidth = 3;
              ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
              segment(v.ci[0], v.ci[1], []);
            }
          }
          // The label goes past everything drawn, on the side the bar points to.
          const reach = [v.value, v.whisker ?? v.value, ...(v.ci ?? [])];
          const far = v.value >= 0 ? Math.max(...reach) : Math.min(...reach);
          const farPx = at(far);
          ctx.fillStyle = INK.text;
          const label = `${formatSig(v.value)}${unit === 'ratio' || unit === '×' ? '×' : unit ? ` ${unit}` : ''}`;
          if (horizontal) {
            ctx.textBaseline = 'middle';
            ctx.textAlign = v.value >= 0 ? 'left' : 'right';
            ctx.fillText(label, farPx + (v.value >= 0 ? 6 : -6), mid);
          } else {
            ctx.textAlign = 'center';
            ctx.textBaseline = v.value >= 0 ? 'bottom' : 'top';
            ctx.fillText(label, mid, farPx + (v.value >= 0 ? -4 : 4));
          }
        });
      });
      ctx.restore();
    },
  };
}

/** Vertical interval marks on the points of a line chart (`points[d][i]` for dataset d). */
export function pointIntervals(points: LinePoint[][]): Plugin<'line'> {
  return {
    id: 'isolabPointIntervals',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const { ctx } = chart;
      const y = chart.scales.y!;
      ctx.save();
      points.forEach((series, d) => {
        const meta = chart.getDatasetMeta(d);
        if (meta.hidden) return;
        ctx.strokeStyle = (chart.data.datasets[d]?.borderColor as string | undefined) ?? INK.text;
        ctx.lineWidth = 1.25;
        meta.data.forEach((el, i) => {
          const ci = series[i]?.ci;
          if (!ci) return;
          const { x } = el.getProps(['x'], true) as { x: number };
          const lo = y.getPixelForValue(ci[0]);
          const hi = y.getPixelForValue(ci[1]);
          line(ctx, x, lo, x, hi);
          line(ctx, x - 4, lo, x + 4, lo);
          line(ctx, x - 4, hi, x + 4, hi);
        });
      });
      ctx.restore();
    },
  };
}

/** A dashed reference line across the chart at `value` of the value axis ('x' or 'y'); the subtitle says what it means. */
export function referenceLine(value: number, axis: 'x' | 'y'): Plugin {
  return {
    id: 'isolabReference',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: a } = chart;
      const px = chart.scales[axis]!.getPixelForValue(value);
      ctx.save();
      ctx.strokeStyle = INK.reference;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1;
      if (axis === 'x') line(ctx, px, a.top, px, a.bottom);
      else line(ctx, a.left, px, a.right, px);
      ctx.restore();
    },
  };
}

/** The cells of a heat map on category x (columns) and y (rows) scales, coloured by their key. */
export function heatCells(cells: (HeatCell | null)[][], legend: HeatLegend[]): Plugin<'scatter'> {
  const colorOf = new Map(legend.map((l) => [l.key, l.color]));
  return {
    id: 'isolabHeatCells',
    beforeDatasetsDraw(chart: Chart<'scatter'>) {
      const { ctx, chartArea: a } = chart;
      const rows = cells.length;
      const cols = Math.max(1, ...cells.map((r) => r.length));
      const w = (a.right - a.left) / cols;
      const h = (a.bottom - a.top) / rows;
      ctx.save();
      cells.forEach((row, r) => {
        row.forEach((cell, c) => {
          ctx.fillStyle = cell ? (colorOf.get(cell.key) ?? '#000000') : '#f7f7f7';
          ctx.fillRect(a.left + c * w + 1, a.top + r * h + 1, w - 2, h - 2);
        });
      });
      ctx.restore();
    },
  };
}

/** Each segment's value written inside it, when the segment is wide enough to hold it. */
export const segmentLabels: Plugin<'bar'> = {
  id: 'isolabSegmentLabels',
  afterDatasetsDraw(chart: Chart<'bar'>) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = '10px "DejaVu Sans", sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#ffffff';
    chart.data.datasets.forEach((ds, d) => {
      const meta = chart.getDatasetMeta(d);
      if (meta.hidden) return;
      meta.data.forEach((el, i) => {
        const value = ds.data[i];
        if (typeof value !== 'number' || value <= 0) return;
        const p = el.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        const label = formatSig(value);
        const width = Math.abs(p.x - p.base);
        if (ctx.measureText(label).width + 6 > width) return;
        ctx.fillText(label, (p.x + p.base) / 2, p.y);
      });
    });
    ctx.restore();
  },
};
