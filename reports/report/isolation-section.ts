// The isolation part of a report: the verdict, cells × areas at a glance, the heat map,
// every check × cell, then what did not pass with its evidence, the checks no control
// proves, and the skips with their reasons.
import type { Block, Span, Tone } from '../render/blocks.js';
import type { ChartSpec } from '../charts/chart-spec.js';
import { OUTCOME_COLORS } from '../charts/palette.js';
import { buildMatrix, isUnexpected, VERDICT_LABEL, VERDICT_MARK, verdictOf, type IsolationMatrix, type Verdict } from '../model/isolation-matrix.js';
import type { CellData, CheckData, SuitesData } from '../model/results-schema.js';

const TONE: Record<Verdict, Tone> = { held: 'pass', control: 'control', failed: 'fail', broken: 'broken', error: 'error', skipped: 'skip' };

/** A matrix entry as a table cell. */
export function verdictSpan(c: CheckData | null): Span {
  if (!c) return { text: '' };
  const v = verdictOf(c);
  return { text: VERDICT_MARK[v], tone: TONE[v], title: `${c.id}: ${VERDICT_LABEL[v]}${c.reason ? ` — ${c.reason}` : ''}` };
}

/** The worst verdict among an area's checks in a cell, with counts (e.g. "ok+ctl", "LEAK 2"). */
function areaSpan(checks: CheckData[]): Span {
  if (checks.length === 0) return { text: '' };
  const verdicts = checks.map(verdictOf);
  const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
  for (const v of ['failed', 'broken', 'error'] as const) if (count(v)) return { text: `${VERDICT_MARK[v]} ${count(v)}`, tone: TONE[v] };
  const held = count('held');
  const ctl = count('control');
  if (!held && !ctl) return { text: VERDICT_MARK.skipped, tone: 'skip' };
  const text = [held ? 'ok' : '', ctl ? 'ctl' : ''].filter(Boolean).join('+') + (count('skipped') ? '+skip' : '');
  return { text, tone: held ? 'pass' : 'control' };
}

/** The one-paragraph verdict of a suite run. */
export function isolationVerdict(m: IsolationMatrix): Span[] {
  const c = m.counts;
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const bad = c.failed + c.broken + c.error;
  const head: Span = bad
    ? { text: `✗ ${[c.failed ? `${c.failed} leak${c.failed > 1 ? 's' : ''}` : '', c.broken ? `${c.broken} broken` : '', c.error ? `${c.error} error${c.error > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ')}`, tone: 'fail' }
    : { text: '✓ no leaks, no broken checks, no errors', tone: 'pass' };
  return [head, { text: ` — ${total} check results in ${m.cells.length} cells: isolation held ${c.held}×, controls saw their leak ${c.control}×, skipped ${c.skipped}×.` }];
}

/** Cells × areas table. */
function areaTable(m: IsolationMatrix): Block {
  const areas = [...new Set(m.checks.map((c) => c.area))];
  return {
    kind: 'table',
    caption: 'Cells × areas (ok: isolation held · ctl: the control saw its leak · LEAK · BROKEN · ERR · –: skipped)',
    head: ['#', 'cell', ...areas],
    rows: m.cells.map((cell, j) => [String(j + 1), cell.skipped ? { text: cell.name, tone: 'skip' as const, title: cell.skipped } : cell.name,
      ...areas.map((a) => areaSpan(cell.checks.filter((k) => k.area === a)))]),
    align: ['right', 'left', ...areas.map(() => 'center' as const)],
  };
}

/** Every check × every cell, with column numbers explained by the cells table. */
function fullMatrix(m: IsolationMatrix): Block[] {
  return [
    {
      kind: 'table',
      caption: 'Checks × cells (columns numbered as in the cells table)',
      head: ['area', 'check', ...m.cells.map((c, j) => ({ text: String(j + 1), title: `${c.name} — ${c.purpose ?? ''}` }))],
      rows: m.checks.map((k, i) => [k.area, { text: k.id, title: k.description }, ...m.entries[i]!.map(verdictSpan)]),
      align: ['left', 'left', ...m.cells.map(() => 'center' as const)],
    },
  ];
}

function cellsLegend(m: IsolationMatrix): Block {
  return {
    kind: 'table',
    head: ['#', 'cell', 'runtime', 'purpose'],
    rows: m.cells.map((c, j) => [String(j + 1), c.name, `${c.runtime}${c.runtimeVersion && c.runtimeVersion !== c.runtime ? ` ${c.runtimeVersion}` : ''}`, c.skipped ? { text: `skipped: ${c.skipped}`, tone: 'skip' } : (c.purpose ?? '')]),
    align: ['right', 'left', 'left', 'left'],
  };
}

/** The evidence of a check, short enough for a table. */
export function evidenceText(evidence: unknown, max = 240): string {
  const text = evidence === undefined ? '' : JSON.stringify(evidence);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function heatmap(m: IsolationMatrix): ChartSpec {
  const legend = (['held', 'control', 'failed', 'broken', 'error', 'skipped'] as const).map((v) => ({
    key: v, label: v === 'held' ? 'isolation held' : v === 'control' ? 'control saw its leak' : v === 'failed' ? 'leak' : v, color: OUTCOME_COLORS[v],
  }));
  return {
    type: 'heatmap', id: 'isolation-matrix', title: 'Isolation matrix: cells × checks',
    subtitle: 'each square is one check in one configuration; blank: the cell does not run that check',
    rows: m.cells.map((c) => c.name), cols: m.checks.map((k) => k.id),
    cells: m.cells.map((_, j) => m.checks.map((k, i) => {
      const e = m.entries[i]![j];
      return e ? { key: verdictOf(e), detail: `${k.id} in ${m.cells[j]!.name}` } : null;
    })),
    legend,
  };
}

/** The isolation blocks of a report (a note when the file has no suites). */
export function isolationBlocks(suites: SuitesData | undefined): Block[] {
  if (!suites) return [{ kind: 'heading', level: 2, text: 'Isolation' }, { kind: 'note', text: 'No isolation suites in this file (isolab run or isolab suite writes them).' }];
  const m = buildMatrix(suites);
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Isolation' },
    { kind: 'paragraph', text: isolationVerdict(m) },
    areaTable(m),
    { kind: 'chart', chart: heatmap(m) },
  ];
  const problems = suites.cells.flatMap((cell: CellData) => cell.checks.filter(isUnexpected).map((check) => ({ cell, check })));
  if (problems.length) {
    blocks.push({ kind: 'heading', level: 3, text: 'Checks that did not pass' }, {
      kind: 'table', head: ['cell', 'check', 'outcome', 'expected → observed', 'reason / evidence'],
      rows: problems.map(({ cell, check }) => [cell.name, check.id, verdictSpan(check), `${check.expected ?? '–'} → ${check.observed ?? '–'}`, check.reason ?? evidenceText(check.evidence)]),
    });
  }
  blocks.push({ kind: 'details', summary: `All ${m.checks.length} checks × ${m.cells.length} cells`, blocks: [...fullMatrix(m), cellsLegend(m)] });
  if (suites.summary.uncontrolled.length) {
    blocks.push({ kind: 'heading', level: 3, text: 'Checks without a control in this run' }, {
      kind: 'list', items: suites.summary.uncontrolled.map((u) => [{ text: u.id, tone: 'strong' as const }, { text: `: ${u.reason}` }]),
    });
  }
  const skips = suites.cells.flatMap((cell) => cell.checks.filter((k) => k.outcome === 'skipped').map((k) => [cell.name, k.id, k.reason ?? cell.skipped ?? '']));
  if (skips.length) blocks.push({ kind: 'details', summary: `Skipped (${skips.length})`, blocks: [{ kind: 'table', head: ['cell', 'check', 'reason'], rows: skips }] });
  return blocks;
}
