// The suite run as people read it in a terminal: a table of cells × areas (ok, ctrl = the
// control saw the leak, FAIL, BROKEN, ERROR, skip), then every check that did not pass with
// its evidence, then the checks without a control. Pure: returns a string.
import Table from 'cli-table3';
import { AREAS, type Area } from './areas.js';
import type { CellResult, CheckResult, SuiteRun } from './results.js';

/** How to render. */
export interface SummaryOptions {
  /** ANSI colour (only for a TTY without NO_COLOR). */
  color: boolean;
}

/** Colour only for a terminal, and never when NO_COLOR is set (no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

const SHORT: Partial<Record<Area, string>> = { 'cgroup-limits': 'limits', 'init-layer': 'init', cgroupns: 'cgroupns', whiteout: 'whiteout' };

function painter(color: boolean) {
  const wrap = (open: number, close: number) => (t: string) => (color ? `\u001b[${open}m${t}\u001b[${close}m` : t);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), magenta: wrap(35, 39) };
}

/** One table cell: the worst outcome of an area's checks in a cell. */
export function areaVerdict(checks: readonly CheckResult[]): string {
  if (checks.length === 0) return '';
  const has = (o: CheckResult['outcome']) => checks.some((c) => c.outcome === o);
  const count = (o: CheckResult['outcome']) => checks.filter((c) => c.outcome === o).length;
  if (has('broken')) return `BROKEN ${count('broken')}`;
  if (has('failed')) return `FAIL ${count('failed')}`;
  if (has('error')) return `ERROR ${count('error')}`;
  const passed = checks.filter((c) => c.outcome === 'passed');
  if (passed.length === 0) return 'skip';
  const ctrl = passed.some((c) => c.expected === 'shared');
  const ok = passed.some((c) => c.expected === 'isolated');
  const skipped = has('skipped') ? '+skip' : '';
  return `${ok && ctrl ? 'ok+ctrl' : ctrl ? 'ctrl' : 'ok'}${skipped}`;
}

function paintVerdict(v: string, p: ReturnType<typeof painter>): string {
  if (v.startsWith('BROKEN')) return p.magenta(p.bold(v));
  if (v.startsWith('FAIL') || v.startsWith('ERROR')) return p.red(p.bold(v));
  if (v === 'skip') return p.dim(v);
  return v.startsWith('ctrl') ? p.yellow(v) : p.green(v);
}

function evidenceText(e: Record<string, unknown>): string {
  const s = JSON.stringify(e);
  return s.length > 240 ? `${s.slice(0, 237)}…` : s;
}

function problemLines(cells: readonly CellResult[], p: ReturnType<typeof painter>): string[] {
  const out: string[] = [];
  for (const c of cells) {
    for (const k of c.checks) {
      if (k.outcome === 'passed' || k.outcome === 'skipped') continue;
      const what = k.outcome === 'failed' ? p.red('FAILED — a leak where isolation is on')
        : k.outcome === 'broken' ? p.magenta('BROKEN CHECK — it reports "isolated" where isolation is deliberately off: it cannot fail, so its passes mean nothing')
        : p.red('ERROR — nothing could be observed');
      out.push(`${p.bold(`${c.name} · ${k.id}`)}: ${what}`);
      out.push(`    expected ${k.expected}, observed ${k.observed}${k.reason ? `; ${k.reason}` : ''}`);
      out.push(`    evidence ${evidenceText(k.evidence)}`);
    }
  }
  return out;
}

/** Renders a suite run. */
export function renderSuiteSummary(run: SuiteRun, o: SummaryOptions = { color: false }): string {
  const p = painter(o.color);
  const areas = AREAS.filter((a) => run.cells.some((c) => c.checks.some((k) => k.area === a)));
  const table = new Table({
    head: ['cell', ...areas.map((a) => SHORT[a] ?? a), 's'],
    style: o.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
  });
  for (const c of run.cells) {
    const row = areas.map((a) => paintVerdict(areaVerdict(c.checks.filter((k) => k.area === a)), p));
    table.push([c.skipped ? `${c.name} ${p.dim('(skipped)')}` : c.name, ...row, (c.durationMs / 1000).toFixed(1)]);
  }
  const s = run.summary;
  const lines = [table.toString()];
  lines.push('ok: isolation held · ctrl: the control cell saw the leak, as it must · skip: see the reason in results.json');
  const problems = problemLines(run.cells, p);
  if (problems.length) lines.push('', ...problems);
  const skippedCells = run.cells.filter((c) => c.skipped);
  if (skippedCells.length) lines.push('', ...skippedCells.map((c) => `${p.dim('skipped')} ${c.name}: ${c.skipped}`));
  const noControlAtAll = run.cells.every((c) => c.checks.every((k) => k.expected !== 'shared'));
  if (s.uncontrolled.length && noControlAtAll) {
    lines.push('', p.yellow(`no control cell in this run: nothing here shows that the ${s.uncontrolled.length} checks can fail (the default preset has one for each)`));
  } else if (s.uncontrolled.length) {
    lines.push('', p.yellow(`${s.uncontrolled.length} check(s) ran without a control cell here (nothing in this run shows they can fail):`));
    for (const u of s.uncontrolled) lines.push(`    ${u.id}: ${u.reason}`);
  }
  const counts = Object.entries(s.outcomes).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
  const verdict = s.ok ? p.green(p.bold('every outcome matched its expectation')) : p.red(p.bold('NOT every outcome matched its expectation'));
  lines.push('', `${s.cells} cells, ${s.checks} checks: ${counts} — ${verdict} (${(s.wallMs / 1000).toFixed(1)} s, ${run.jobs} jobs)`);
  if (s.outcomes.broken > 0) lines.push(p.magenta(p.bold(`${s.outcomes.broken} BROKEN CHECK(S): they cannot detect the leak they exist to detect`)));
  return lines.join('\n');
}
