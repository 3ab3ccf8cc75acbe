// Draws charts to PNG with chart.js on @napi-rs/canvas (prebuilt Skia; no system
// libraries, no browser). Each chart is drawn at twice its CSS size for sharp text.
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';
import type { ChartSpec } from './chart-spec.js';
import { planChart } from './chart-config.js';

/** A drawn chart. */
export interface DrawnChart {
  spec: ChartSpec;
  /** The PNG file's bytes. */
  png: Buffer;
  /** CSS pixels (the PNG is `scale` times larger). */
  width: number;
  height: number;
  scale: number;
}

let registered = false;

function register(): void {
  if (registered) return;
  Chart.register(...registerables);
  Chart.defaults.font.family = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
  Chart.defaults.color = '#222222';
  registered = true;
}

/** Draws one chart and encodes it as PNG. */
export async function drawChart(spec: ChartSpec, scale = 2): Promise<DrawnChart> {
  register();
  const plan = planChart(spec);
  // chart.js resizes the canvas to width·devicePixelRatio itself (helpers.retinaScale).
  const canvas = createCanvas(plan.width, plan.height);
  const config = { ...plan.config, options: { ...plan.config.options, responsive: false, animation: false as const, devicePixelRatio: scale, events: [] } };
  // chart.js wants a DOM canvas; @napi-rs/canvas has the same 2D API, which is all it uses here.
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, config);
  try {
    chart.draw();
    return { spec, png: await canvas.encode('png'), width: plan.width, height: plan.height, scale };
  } finally {
    chart.destroy();
  }
}

/** Draws charts one after another (the canvas work is synchronous anyway). */
export async function drawCharts(specs: readonly ChartSpec[], scale = 2): Promise<DrawnChart[]> {
  const out: DrawnChart[] = [];
  for (const s of specs) out.push(await drawChart(s, scale));
  return out;
}
