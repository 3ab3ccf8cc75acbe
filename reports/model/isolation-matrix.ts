// The isolation results as a matrix: every cell (a configuration) against every check,
// each entry a verdict people can read at a glance — isolation held, a control saw the
// leak it must see, a leak, a check that cannot fail, no observation, not run.
import type { CellData, CheckData, SuitesData } from './results-schema.js';

/** What one check showed in one cell. */
export type Verdict = 'held' | 'control' | 'failed' | 'broken' | 'error' | 'skipped';

/** Every verdict, worst first. */
export const VERDICTS: readonly Verdict[] = ['failed', 'broken', 'error', 'skipped', 'control', 'held'];

/** How each verdict is named in reports. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  held: 'isolation held',
  control: 'control: leak seen, as it must be',
  failed: 'LEAK where isolation is on',
  broken: 'BROKEN: cannot see a leak where isolation is off',
  error: 'error: nothing observed',
  skipped: 'skipped',
};

/** The short mark of each verdict in matrix tables. */
export const VERDICT_MARK: Record<Verdict, string> = {
  held: 'ok', control: 'ctl', failed: 'LEAK', broken: 'BROKEN', error: 'ERR', skipped: '–',
};

/** The verdict of one check result. */
export function verdictOf(c: Pick<CheckData, 'outcome' | 'expected'>): Verdict {
  switch (c.outcome) {
    case 'passed': return c.expected === 'shared' ? 'control' : 'held';
    default: return c.outcome;
  }
}

/** Whether an outcome is one a gate must refuse (an isolation leak, a check that cannot fail, or no observation). */
export function isUnexpected(c: Pick<CheckData, 'outcome'>): boolean {
  return c.outcome === 'failed' || c.outcome === 'broken' || c.outcome === 'error';
}

/** One check of the matrix (a row), with its area and description. */
export interface MatrixCheck {
  id: string;
  area: string;
  description: string;
}

/** The matrix: rows are checks (grouped by area, in report order), columns are cells. */
export interface IsolationMatrix {
  cells: CellData[];
  checks: MatrixCheck[];
  /** entries[checkIndex][cellIndex]: the result, or null when the cell does not run the check. */
  entries: (CheckData | null)[][];
  counts: Record<Verdict, number>;
}

/** Builds the matrix of a suite run. */
export function buildMatrix(suites: SuitesData): IsolationMatrix {
  const checks: MatrixCheck[] = [];
  const index = new Map<string, number>();
  const areaOrder: string[] = [];
  for (const cell of suites.cells) {
    for (const c of cell.checks) {
      if (!areaOrder.includes(c.area)) areaOrder.push(c.area);
      if (!index.has(c.id)) {
        index.set(c.id, checks.length);
        checks.push({ id: c.id, area: c.area, description: c.description ?? '' });
      }
    }
  }
  // Group rows by area (first-seen order), keeping check order within each area.
  const sorted = [...checks].sort((a, b) => areaOrder.indexOf(a.area) - areaOrder.indexOf(b.area) || index.get(a.id)! - index.get(b.id)!);
  const row = new Map(sorted.map((c, i) => [c.id, i]));
  const entries: (CheckData | null)[][] = sorted.map(() => suites.cells.map(() => null));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  suites.cells.forEach((cell, j) => {
    for (const c of cell.checks) {
      entries[row.get(c.id)!]![j] = c;
      counts[verdictOf(c)]++;
    }
  });
  return { cells: suites.cells, checks: sorted, entries, counts };
}

/** A check result with the cell it ran in. */
export interface PlacedCheck {
  cell: CellData;
  check: CheckData;
}

/** Every check result of a run with its cell, in cell order. */
export function allChecks(suites: SuitesData): PlacedCheck[] {
  return suites.cells.flatMap((cell) => cell.checks.map((check) => ({ cell, check })));
}
