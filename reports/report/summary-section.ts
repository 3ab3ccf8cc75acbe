// The headline of a report: one line per area with the figure a reader wants first —
// the isolation verdict, the built-in runtime's start against the others, the largest
// overlay overhead, copy-up and depth costs, the worst throttling error.
import type { Block, Inline } from '../render/blocks.js';
import { relativeSpeed } from '../../bench/stats.js';
import type { FigureKinds } from '../model/figure-kinds.js';
import { buildMatrix } from '../model/isolation-matrix.js';
import type { FigureData, SuitesData } from '../model/results-schema.js';
import { formatBytes, formatSig, formatValue } from '../render/format.js';
import { isolationVerdict } from './isolation-section.js';

const ratioInput = (f: FigureData) => ({ median: f.stats.median, mean: f.stats.mean, sd: f.stats.sd, ci95: f.ci95 ?? [f.stats.median, f.stats.median] as [number, number] });

function startupLine(k: FigureKinds): Inline | undefined {
  const builtin = k.latency.find((f) => f.runtime === 'builtin');
  const lead = builtin ?? [...k.latency].sort((a, b) => a.stats.median - b.stats.median)[0];
  if (!lead) return undefined;
  const others = k.latency.filter((f) => f !== lead && f.stats.median > 0 && lead.stats.median > 0).map((f) => {
    const r = relativeSpeed(ratioInput(lead), ratioInput(f));
    return `${formatSig(r.ratio)}× ${f.runtime} [${formatSig(r.ci95[0])}, ${formatSig(r.ci95[1])}]`;
  });
  return [
    { text: 'Startup: ', tone: 'strong' },
    { text: `${lead.runtime} starts and exits in ${formatValue(lead.stats.median, lead.unit)} (median; p95 ${formatValue(lead.stats.p95, lead.unit)}, n = ${lead.stats.n})` },
    { text: others.length ? ` — ${lead.runtime} ÷ others: ${others.join(', ')}` : '' },
  ];
}

function overlayLine(k: FigureKinds): Inline | undefined {
  const parts: string[] = [];
  const worst = [...k.overlayRatio].sort((a, b) => b.figure.stats.median - a.figure.stats.median)[0];
  if (worst) parts.push(`largest overhead ${formatSig(worst.figure.stats.median)}× (${worst.param})`);
  const deepest = k.overlayDepth.at(-1);
  if (deepest) parts.push(`lookup at ${deepest.param} layers ${formatSig(deepest.figure.stats.median)}× plain`);
  const copy = k.copyUp.filter((p) => p.series === 'overlay').at(-1);
  if (copy) parts.push(`copy-up of ${formatBytes(copy.param)} ${formatValue(copy.figure.stats.median, copy.figure.unit)}`);
  return parts.length ? [{ text: 'Overlay: ', tone: 'strong' }, { text: parts.join('; ') }] : undefined;
}

function throttlingLine(k: FigureKinds): Inline | undefined {
  const steady = k.throttling.filter((p) => !p.series.startsWith('whole run'));
  const worst = [...steady].sort((a, b) => Math.abs(b.figure.stats.median) - Math.abs(a.figure.stats.median))[0];
  if (!worst) return undefined;
  return [{ text: 'cgroup CPU: ', tone: 'strong' }, { text: `worst usage error ${formatValue(worst.figure.stats.median, worst.figure.unit)} at a quota of ${worst.param} CPU (of ${steady.length} quota${steady.length === 1 ? '' : 's'})` }];
}

/** The summary blocks of a report. */
export function summaryBlocks(suites: SuitesData | undefined, k: FigureKinds, figures: readonly FigureData[]): Block[] {
  const items: Inline[] = [];
  if (suites) items.push([{ text: 'Isolation: ', tone: 'strong' }, ...isolationVerdict(buildMatrix(suites))]);
  for (const line of [startupLine(k), overlayLine(k), throttlingLine(k)]) if (line) items.push(line);
  const shaky = figures.filter((f) => f.warnings.some((w) => /^(noisy|outliers|few-samples|at-resolution):/.test(w))).length;
  if (shaky) items.push({ text: `${shaky} of ${figures.length} figures carry warnings (noisy, outliers, few samples or at the timer's resolution): see the tables.`, tone: 'warn' });
  return items.length ? [{ kind: 'heading', level: 2, text: 'Summary' }, { kind: 'list', items }] : [];
}
