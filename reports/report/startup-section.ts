// The startup part of a report: start-to-exit latency per runtime (chart: median with p95
// whiskers), the built-in runtime's phases (stacked), and the cost of each namespace.
import type { Block } from '../render/blocks.js';
import type { ChartSpec } from '../charts/chart-spec.js';
import { relativeSpeed } from '../../bench/stats.js';
import type { FigureKinds } from '../model/figure-kinds.js';
import type { FigureData } from '../model/results-schema.js';
import { formatSig } from '../render/format.js';
import { commonUnit, FIGURE_ALIGN, FIGURE_HEAD, figureCells } from './figure-rows.js';

const ratioInput = (f: FigureData) => ({ median: f.stats.median, mean: f.stats.mean, sd: f.stats.sd, ci95: f.ci95 ?? [f.stats.median, f.stats.median] as [number, number] });

/** "0.16× [0.14, 0.19]": builtin ÷ f, when both medians are positive. */
function ratioToBuiltin(builtin: FigureData | undefined, f: FigureData): string {
  if (!builtin || f === builtin || !(builtin.stats.median > 0 && f.stats.median > 0)) return f === builtin ? '1' : '';
  const r = relativeSpeed(ratioInput(builtin), ratioInput(f));
  return `${formatSig(r.ratio)}× [${formatSig(r.ci95[0])}, ${formatSig(r.ci95[1])}]`;
}

/** Bars of medians with p95 whiskers and CI marks, one per runtime (log scale when they span > 20×). */
export function latencyChart(id: string, title: string, figures: FigureData[]): ChartSpec {
  const medians = figures.map((f) => f.stats.median).filter((x) => x > 0);
  return {
    type: 'bars', id, title, unit: commonUnit(figures), horizontal: true,
    subtitle: 'bar: median · whisker: p95 · dark stroke: 95 % CI of the median',
    log: medians.length > 1 && Math.max(...medians) / Math.min(...medians) > 20,
    labels: figures.map((f) => f.runtime ?? f.name),
    series: [{ name: title, values: figures.map((f) => ({ value: f.stats.median, whisker: f.stats.p95, ...(f.ci95 ? { ci: f.ci95 } : {}) })) }],
  };
}

/** The startup blocks of a report (a note when the file has no startup figures). */
export function startupBlocks(k: FigureKinds): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Startup latency' }];
  if (!k.latency.length) {
    blocks.push({ kind: 'note', text: 'No startup figures in this file (isolab run, or isolab bench startup --out FILE).' });
  } else {
    const byMedian = [...k.latency].sort((a, b) => a.stats.median - b.stats.median);
    const builtin = k.latency.find((f) => f.runtime === 'builtin');
    const first = new Map(k.firstInstruction.map((f) => [f.runtime, f]));
    blocks.push(
      { kind: 'chart', chart: latencyChart('startup-latency', 'Container start-to-exit latency per runtime', byMedian) },
      {
        kind: 'table', caption: `Start-to-exit (${commonUnit(k.latency)})`,
        head: ['runtime', ...FIGURE_HEAD.slice(0, 4), 'p99', 'n', ...(builtin ? ['builtin ÷ this'] : []), 'first instr.', 'warnings'],
        align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', ...(builtin ? ['right' as const] : []), 'right', 'left'],
        rows: byMedian.map((f) => {
          const cells = figureCells(f);
          const fi = first.get(f.runtime);
          return [
            f === builtin ? { text: f.runtime ?? '', tone: 'strong' as const } : (f.runtime ?? ''),
            ...cells.slice(0, 4), formatSig(f.stats.p99), cells[4]!,
            ...(builtin ? [ratioToBuiltin(builtin, f)] : []), fi ? formatSig(fi.stats.median) : '', cells[5]!,
          ];
        }),
      },
    );
  }
  for (const group of k.phases) {
    const total = group.total?.stats.median;
    blocks.push(
      { kind: 'heading', level: 3, text: `Phases of ${group.runtime}` },
      {
        kind: 'chart',
        chart: {
          type: 'stacked', id: `startup-phases-${group.runtime}`, title: `Where ${group.runtime}'s start goes, phase by phase`,
          subtitle: `medians of each phase (${commonUnit(group.phases)}), stacked${total !== undefined ? `; median total ${formatSig(total)}` : ''}`,
          unit: commonUnit(group.phases), labels: [group.runtime],
          segments: group.phases.map((f) => ({ name: f.name.replace('startup.phase.', ''), values: [f.stats.median] })),
        },
      },
      {
        kind: 'table', caption: `Phases (${commonUnit(group.phases)}; medians of phases need not add up to the median total)`,
        head: ['phase', ...FIGURE_HEAD.slice(0, 4), 'of total', 'warnings'], align: ['left', ...FIGURE_ALIGN.slice(0, 4), 'right', 'left'],
        rows: [...group.phases, ...(group.total ? [group.total] : [])].map((f) => {
          const c = figureCells(f);
          const share = total && f !== group.total ? `${Math.round((f.stats.median / total) * 100)} %` : '';
          return [f === group.total ? { text: 'total', tone: 'strong' as const } : f.name.replace('startup.phase.', ''), ...c.slice(0, 4), share, c[5]!];
        }),
      },
    );
  }
  if (k.namespaceCost.length) {
    const figs = k.namespaceCost.map((p) => ({ ...p.figure, runtime: p.param }));
    blocks.push(
      { kind: 'heading', level: 3, text: 'Cost of each namespace' },
      { kind: 'chart', chart: latencyChart('namespace-cost', 'Cost of creating each namespace type', [...figs].sort((a, b) => a.stats.median - b.stats.median)) },
      { kind: 'table', caption: `Per namespace (${commonUnit(figs)})`, head: ['namespace', ...FIGURE_HEAD], align: ['left', ...FIGURE_ALIGN], rows: figs.map((f) => [f.runtime, ...figureCells(f)]) },
    );
  }
  return blocks;
}
