// Several result files side by side, the first as the baseline: what differs in their
// environments, which checks changed outcome, and which figures moved — each later file
// against the baseline, with a significance test on the raw samples.
import { isUnexpected } from '../model/isolation-matrix.js';
import type { LoadedResults } from '../model/load-results.js';
import type { CheckData, FigureData } from '../model/results-schema.js';
import { hostFacts } from '../report/host-facts.js';
import { compareFigure, DEFAULT_SIGNIFICANCE, figureKey, type FigureChange, type SignificanceOptions } from './figure-change.js';

/** A host fact that is not the same in every file. */
export interface EnvDifference {
  key: string;
  label: string;
  /** One value per file ("–" where a file does not have the fact). */
  values: string[];
}

/** A check (in a cell) whose outcome is not the same in every file. */
export interface OutcomeDifference {
  cell: string;
  check: string;
  /** One result per file, null where the file does not run this check in this cell. */
  results: (CheckData | null)[];
  /** Some later file has an unexpected outcome (failed, broken, error) where the baseline's was fine. */
  regression: boolean;
  /** changed: files that ran the check disagree; coverage: they agree, but some files did not run it. */
  kind: 'changed' | 'coverage';
}

/** A figure across the files. */
export interface FigureAcross {
  key: string;
  name: string;
  runtime?: string;
  unit: string;
  /** One figure per file, null where absent. */
  figures: (FigureData | null)[];
  /** Per file, the change against the baseline (null for the baseline itself or where either is absent). */
  changes: (FigureChange | null)[];
}

/** The comparison of several files. */
export interface Comparison {
  files: LoadedResults[];
  options: SignificanceOptions;
  environment: EnvDifference[];
  outcomes: OutcomeDifference[];
  figures: FigureAcross[];
}

/** Facts that differ for reasons that do not change results; not listed as differences. */
const IGNORED_FACTS = new Set(['hostname']);

function environmentDifferences(files: LoadedResults[]): EnvDifference[] {
  const facts = files.map((f) => new Map(hostFacts(f.host).map((x) => [x.key, x])));
  const keys: { key: string; label: string }[] = [];
  for (const m of facts) for (const x of m.values()) if (!keys.some((k) => k.key === x.key)) keys.push({ key: x.key, label: x.label });
  return keys
    .filter((k) => !IGNORED_FACTS.has(k.key))
    .map((k) => ({ ...k, values: facts.map((m) => m.get(k.key)?.value ?? '–') }))
    .filter((d) => new Set(d.values).size > 1);
}

function outcomeDifferences(files: LoadedResults[]): OutcomeDifference[] {
  const keys: [string, string][] = [];
  const seen = new Set<string>();
  const maps = files.map((f) => {
    const m = new Map<string, CheckData>();
    for (const cell of f.suites?.cells ?? []) {
      for (const c of cell.checks) {
        const k = `${cell.name}\u0000${c.id}`;
        m.set(k, c);
        if (!seen.has(k)) {
          seen.add(k);
          keys.push([cell.name, c.id]);
        }
      }
    }
    return m;
  });
  const out: OutcomeDifference[] = [];
  // Files without suites (bench documents) take no part: "not run" there says nothing.
  const withSuites = files.map((f) => f.suites !== undefined);
  for (const [cell, check] of keys) {
    const results = maps.map((m) => m.get(`${cell}\u0000${check}`) ?? null);
    const outcomes = results.flatMap((r, i) => (withSuites[i] ? [r?.outcome ?? 'absent'] : []));
    if (new Set(outcomes).size <= 1) continue;
    const base = results[0] ?? null;
    const regression = results.slice(1).some((r) => r !== null && isUnexpected(r) && (base === null || !isUnexpected(base)));
    const ran = new Set(results.flatMap((r) => (r ? [r.outcome] : [])));
    out.push({ cell, check, results, regression, kind: ran.size > 1 ? 'changed' : 'coverage' });
  }
  return out;
}

function figuresAcross(files: LoadedResults[], o: SignificanceOptions): FigureAcross[] {
  const order: FigureData[] = [];
  const seen = new Set<string>();
  for (const f of files) for (const x of f.figures) if (!seen.has(figureKey(x))) (seen.add(figureKey(x)), order.push(x));
  return order.map((x) => {
    const key = figureKey(x);
    const figures = files.map((f) => f.figures.find((y) => figureKey(y) === key) ?? null);
    const base = figures[0] ?? null;
    const changes = figures.map((f, i) => (i === 0 || !f || !base || f.unit !== base.unit ? null : compareFigure(base, f, o)));
    return { key, name: x.name, ...(x.runtime ? { runtime: x.runtime } : {}), unit: x.unit, figures, changes };
  });
}

/** Compares files (at least two); the first is the baseline. */
export function compareResults(files: LoadedResults[], options: Partial<SignificanceOptions> = {}): Comparison {
  if (files.length < 2) throw new Error(`compare needs at least two result files, got ${files.length}`);
  const o = { ...DEFAULT_SIGNIFICANCE, ...options };
  return { files, options: o, environment: environmentDifferences(files), outcomes: outcomeDifferences(files), figures: figuresAcross(files, o) };
}

/** Whether anything got worse: a check regressed, or a figure moved significantly for the worse. */
export function hasRegression(c: Comparison): boolean {
  return c.outcomes.some((d) => d.regression) || c.figures.some((f) => f.changes.some((x) => x?.verdict === 'worse'));
}
