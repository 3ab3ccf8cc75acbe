// A comparison as a report: which files, what differs in their environments, which checks
// changed outcome, which figures moved (significant changes only, all figures folded), and
// charts with the runs side by side.
import type { Block, Inline, ReportDoc, Span } from '../render/blocks.js';
import { VERDICT_LABEL, verdictOf } from '../model/isolation-matrix.js';
import { formatChange, formatP, formatSig } from '../render/format.js';
import { verdictSpan } from '../report/isolation-section.js';
import { compareCharts } from './compare-charts.js';
import type { Comparison, FigureAcross } from './compare-results.js';

function changeCell(f: FigureAcross, i: number): Inline {
  const fig = f.figures[i];
  if (!fig) return { text: '–', tone: 'muted' };
  const c = f.changes[i];
  const median = formatSig(fig.stats.median);
  if (!c) return median;
  const detail = `${formatChange(c.relative)}, ${formatP(c.p)}`;
  const tone = c.verdict === 'worse' ? 'worse' as const : c.verdict === 'better' ? 'better' as const : 'muted' as const;
  return [{ text: `${median} ` }, { text: `(${detail})`, tone, title: `Hodges–Lehmann shift ${formatSig(c.shift)} ${f.unit}; n = ${c.n[0]} vs ${c.n[1]}` }];
}

function figureTable(c: Comparison, rows: FigureAcross[], caption: string): Block {
  return {
    kind: 'table', caption,
    head: ['figure', 'runtime', 'unit', ...c.files.map((f, i) => (i === 0 ? `${f.label} (baseline)` : f.label))],
    align: ['left', 'left', 'left', ...c.files.map(() => 'right' as const)],
    rows: rows.map((f) => [f.name, f.runtime ?? '', f.unit, ...c.files.map((_, i) => changeCell(f, i))]),
  };
}

function verdict(c: Comparison): Span[] {
  const changes = c.figures.flatMap((f) => f.changes.filter((x) => x !== null));
  const worse = c.figures.filter((f) => f.changes.some((x) => x?.verdict === 'worse')).length;
  const better = c.figures.filter((f) => f.changes.some((x) => x?.verdict === 'better') && !f.changes.some((x) => x?.verdict === 'worse')).length;
  const regressions = c.outcomes.filter((o) => o.regression).length;
  const bad = worse > 0 || regressions > 0;
  const parts = [
    regressions ? `${regressions} check${regressions > 1 ? 's' : ''} regressed` : 'no check regressed',
    `${worse} figure${worse === 1 ? '' : 's'} worse`, `${better} better`,
    `${c.figures.length - worse - better} unchanged of ${c.figures.length}`,
  ];
  return [
    { text: bad ? '✗ ' : '✓ ', tone: bad ? 'fail' : 'pass' },
    { text: parts.join(', '), tone: bad ? 'fail' : 'pass' },
    { text: ` — against ${c.files[0]!.label}; significant: Mann–Whitney p < ${c.options.alpha} on the raw samples and |Δ median| ≥ ${Number((c.options.minChange * 100).toFixed(2))} % (${changes.length} comparisons).` },
  ];
}

/** Builds the comparison report. */
export function buildCompare(c: Comparison): ReportDoc {
  const labels = c.files.map((f) => f.label);
  const blocks: Block[] = [
    { kind: 'paragraph', text: verdict(c) },
    {
      kind: 'table', head: ['#', 'run', 'file', 'host', 'kernel', 'distro', 'written'],
      rows: c.files.map((f, i) => [String(i + 1), i === 0 ? { text: `${f.label} (baseline)`, tone: 'strong' as const } : f.label, f.file, f.host.hostname, f.host.kernel.release, f.host.distro.prettyName ?? f.host.distro.id ?? '', f.createdAt]),
    },
    { kind: 'heading', level: 2, text: 'Environment differences' },
    c.environment.length
      ? { kind: 'table', head: ['', ...labels], rows: c.environment.map((d) => [d.label, ...d.values]) }
      : { kind: 'note', text: 'The environments are the same in everything isolab records (kernel, distro, cgroup mode, overlay features, runtime versions, CPU, memory).' },
    { kind: 'heading', level: 2, text: 'Check outcomes that differ' },
  ];
  const outcomeRow = (d: Comparison['outcomes'][number]): Inline[] => [d.cell, d.check,
    ...d.results.map((r, i): Inline => (r ? { ...verdictSpan(r), text: r.outcome, title: `${VERDICT_LABEL[verdictOf(r)]}${r.reason ? ` — ${r.reason}` : ''}` } : { text: c.files[i]!.suites ? 'not run' : '–', tone: 'muted' })),
    d.regression ? { text: 'REGRESSION', tone: 'fail' } : ''];
  const changed = c.outcomes.filter((d) => d.kind === 'changed');
  const coverage = c.outcomes.filter((d) => d.kind === 'coverage');
  if (changed.length) blocks.push({ kind: 'table', head: ['cell', 'check', ...labels, ''], rows: changed.map(outcomeRow) });
  else blocks.push({ kind: 'note', text: c.files.some((f) => f.suites) ? 'Every check has the same outcome in every file that ran it.' : 'No isolation suites in these files.' });
  if (coverage.length) {
    blocks.push({ kind: 'details', summary: `${coverage.length} check${coverage.length === 1 ? '' : 's'} ran in only some of the files (same outcome wherever they ran)`, blocks: [{ kind: 'table', head: ['cell', 'check', ...labels, ''], rows: coverage.map(outcomeRow) }] });
  }
  const moved = c.figures.filter((f) => f.changes.some((x) => x?.significant));
  blocks.push({ kind: 'heading', level: 2, text: 'Figures that moved' });
  if (moved.length) blocks.push(figureTable(c, moved, 'median (Δ median against the baseline, Mann–Whitney p on the raw samples)'));
  else blocks.push({ kind: 'note', text: c.figures.length ? 'No figure moved significantly.' : 'No figures in these files.' });
  if (c.figures.length) blocks.push({ kind: 'details', summary: `All ${c.figures.length} figures`, blocks: [figureTable(c, c.figures, 'median (Δ median, p); grey: not significant')] });
  const charts = compareCharts(c.files);
  if (charts.length) blocks.push({ kind: 'heading', level: 2, text: 'Side by side' }, ...charts.map((chart) => ({ kind: 'chart' as const, chart })));
  return { title: `isolab compare — ${labels.join(' vs ')}`, subtitle: `${c.files.length} runs; baseline ${labels[0]}`, blocks };
}
