// What a chart shows, as plain data: report builders fill these in, draw-chart.ts turns
// them into chart.js configurations and PNGs. Nothing here knows about canvases.

/** A bar's value with its whisker (e.g. median with p95) and interval (e.g. 95 % CI of the median). */
export interface BarValue {
  value: number;
  /** Whisker end, drawn from the value (e.g. p95). */
  whisker?: number;
  /** Interval around the value, drawn as a thick line (e.g. the 95 % CI of the median). */
  ci?: [number, number];
}

/** A series of bars: one value per label (null where this series has none). */
export interface BarSeries {
  name: string;
  values: (BarValue | null)[];
}

/** A point of a line chart, with an optional interval. */
export interface LinePoint {
  x: number;
  y: number;
  ci?: [number, number];
}

/** One cell of a heat map: a category key (see legend) and a tooltip-like detail. */
export interface HeatCell {
  key: string;
  detail?: string;
}

/** A heat map category and its colour. */
export interface HeatLegend {
  key: string;
  label: string;
  color: string;
}

interface ChartBase {
  /** File name stem of its PNG (kebab-case, unique in a report). */
  id: string;
  title: string;
  /** One line under the title: what the marks mean. */
  subtitle?: string;
}

/** Every kind of chart a report draws. */
export type ChartSpec =
  | (ChartBase & {
    type: 'bars';
    unit: string;
    /** Category labels (runtimes, operations, quotas …). */
    labels: string[];
    series: BarSeries[];
    horizontal?: boolean;
    log?: boolean;
    /** A reference line (e.g. ratio 1 = no overhead, error 0); the subtitle says what it means. */
    reference?: { value: number; label: string };
    /** How intervals are drawn: a thick stroke across the bar end (default) or an error bar with caps. */
    ciStyle?: 'stroke' | 'errorbar';
  })
  | (ChartBase & {
    type: 'stacked';
    unit: string;
    /** One bar per label (a runtime, or a file in a comparison). */
    labels: string[];
    segments: { name: string; values: number[] }[];
  })
  | (ChartBase & {
    type: 'lines';
    xTitle: string;
    yTitle: string;
    xLog?: boolean;
    yLog?: boolean;
    series: { name: string; points: LinePoint[] }[];
    reference?: { value: number; label: string };
  })
  | (ChartBase & {
    type: 'heatmap';
    rows: string[];
    cols: string[];
    cells: (HeatCell | null)[][];
    legend: HeatLegend[];
  });
