// Holds a results file (and optionally a baseline) against a policy: every rule becomes
// a verdict with what was measured and the limit, so a failure says exactly what to look at.
import { compareFigure } from '../compare/figure-change.js';
import { classifyFigures } from '../model/figure-kinds.js';
import { isUnexpected, VERDICT_LABEL, verdictOf } from '../model/isolation-matrix.js';
import type { LoadedResults } from '../model/load-results.js';
import type { FigureData } from '../model/results-schema.js';
import { formatChange, formatFraction, formatP, formatValue } from '../render/format.js';
import { limitIn, type MetricRef } from './metric-ref.js';
import type { Budget, Policy } from './policy.js';

/** One rule held against the results. */
export interface GateVerdict {
  kind: 'isolation' | 'latency' | 'throttling';
  /** What was checked, e.g. "startup.builtin.p95 <= 10ms" or "builtin/all: pid-host-kill". */
  rule: string;
  ok: boolean;
  /** What was measured or observed, for people. */
  measured: string;
  /** The limit, for people. */
  limit: string;
  /** One line explaining the verdict. */
  message: string;
}

/** The gate's verdict on a results file. */
export interface GateResult {
  ok: boolean;
  verdicts: GateVerdict[];
  violations: GateVerdict[];
}

/** A policy that names something the run cannot be held to (e.g. a relative budget without a baseline); exit 2. */
export class GateUsageError extends Error {
  override name = 'GateUsageError';
}

/** The figure a metric names, or a reason it cannot be found. */
export function resolveMetric(ref: MetricRef, figures: readonly FigureData[]): FigureData | string {
  const named = figures.filter((f) => f.name === ref.figure && (ref.runtime === undefined || f.runtime === ref.runtime));
  if (named.length === 1) return named[0]!;
  if (named.length > 1) return `${ref.text} is ambiguous: ${ref.figure} was measured on ${named.map((f) => f.runtime).join(', ')}; name one as ${ref.figure}[RUNTIME].${ref.stat}`;
  const known = figures.filter((f) => f.name === ref.figure).map((f) => f.runtime).filter(Boolean);
  return known.length ? `${ref.text}: no ${ref.figure} on ${ref.runtime} (measured on ${known.join(', ')})` : `${ref.text}: no figure ${ref.figure}${ref.runtime ? ` on ${ref.runtime}` : ''} in the results`;
}

function isolationVerdicts(r: LoadedResults, p: Policy['isolation']): GateVerdict[] {
  if (!r.suites) {
    return p.required ? [{ kind: 'isolation', rule: 'isolation results present', ok: false, measured: 'none', limit: 'required', message: 'the results have no isolation suites, and the policy requires them' }] : [];
  }
  const waived = (cell: string, check: string) => p.waivers.find((w) => w.check === check && (w.cell === undefined || w.cell === cell));
  const out: GateVerdict[] = [];
  const found: GateVerdict[] = [];
  for (const cell of r.suites.cells) {
    for (const c of cell.checks.filter(isUnexpected)) {
      const w = waived(cell.name, c.id);
      const what = `${VERDICT_LABEL[verdictOf(c)]}: expected ${c.expected ?? '–'}, observed ${c.observed ?? '–'}${c.reason ? ` (${c.reason})` : ''}`;
      if (w) out.push({ kind: 'isolation', rule: `${cell.name}: ${c.id}`, ok: true, measured: c.outcome, limit: 'waived', message: `${what}; waived: ${w.reason}` });
      else found.push({ kind: 'isolation', rule: `${cell.name}: ${c.id}`, ok: false, measured: c.outcome, limit: 'passed or skipped', message: what });
    }
  }
  // Each unexpected outcome is its own line (so CI annotates each); all are violations once there are more than allowed.
  const within = found.length <= p.maxUnexpected;
  out.push(...found.map((v) => ({ ...v, ok: within, ...(within ? { limit: `tolerated (≤ ${p.maxUnexpected})` } : {}) })));
  if (!found.length) {
    out.push({ kind: 'isolation', rule: 'unexpected isolation outcomes', ok: true, measured: '0', limit: `≤ ${p.maxUnexpected}`, message: `no failed, broken or error outcome in ${r.suites.summary.checks} check results` });
  }
  if (p.requireControls) {
    for (const u of r.suites.summary.uncontrolled) {
      out.push({ kind: 'isolation', rule: `control of ${u.id}`, ok: false, measured: 'no control', limit: 'a control that saw the leak', message: `${u.id} never ran where its isolation was off: ${u.reason}` });
    }
  }
  return out;
}

function latencyVerdicts(b: Budget, r: LoadedResults, baseline: LoadedResults | undefined, sig: Policy['significance']): GateVerdict[] {
  const f = resolveMetric(b.metric, r.figures);
  const out: GateVerdict[] = [];
  const name = b.metric.text;
  if (typeof f === 'string') {
    return [{ kind: 'latency', rule: name, ok: !b.required, measured: 'not measured', limit: b.max?.text ?? `≤ +${formatFraction(b.maxRegression ?? 0)}`, message: `${f}${b.required ? '' : ' (not required)'}` }];
  }
  const value = f.stats[b.metric.stat];
  if (b.max) {
    const limit = limitIn(b.max, f.unit);
    if (limit === undefined) throw new GateUsageError(`${name}: the budget ${b.max.text} is a duration but ${f.name} is measured in ${f.unit}; give a plain number`);
    out.push({ kind: 'latency', rule: `${name} <= ${b.max.text}`, ok: value <= limit, measured: formatValue(value, f.unit), limit: `≤ ${formatValue(limit, f.unit)}`, message: `${name} is ${formatValue(value, f.unit)} (budget ${b.max.text}, n = ${f.stats.n})` });
  }
  if (b.maxRegression !== undefined) {
    const rule = `${name} <= +${formatFraction(b.maxRegression)} vs baseline`;
    if (!baseline) {
      if (b.required) throw new GateUsageError(`${name}: a relative budget (at most +${formatFraction(b.maxRegression)}) needs a baseline: pass --baseline FILE (or mark the budget required: false)`);
      out.push({ kind: 'latency', rule, ok: true, measured: 'no baseline', limit: `≤ +${formatFraction(b.maxRegression)}`, message: 'no --baseline given: not checked (not required)' });
      return out;
    }
    const base = resolveMetric(b.metric, baseline.figures);
    if (typeof base === 'string') {
      out.push({ kind: 'latency', rule, ok: !b.required, measured: 'no baseline figure', limit: `≤ +${formatFraction(b.maxRegression)}`, message: `baseline ${baseline.label}: ${base}` });
    } else {
      const before = base.stats[b.metric.stat];
      const relative = before !== 0 ? (value - before) / Math.abs(before) : value > 0 ? Infinity : 0;
      // The test is on the raw samples: it asks whether the distribution shifted, whichever statistic the budget names.
      const change = compareFigure(base, f, sig);
      const worse = relative > b.maxRegression;
      // Significant: the samples shifted (Mann–Whitney p < alpha) and the budget's own statistic moved by at least minChange.
      const significant = change.p < sig.alpha && Math.abs(relative) >= sig.minChange;
      const counts = !b.onlySignificant || significant;
      const detail = `${name} ${formatValue(before, f.unit)} → ${formatValue(value, f.unit)} (${formatChange(relative)}; ${formatP(change.p)}, n = ${change.n[0]} vs ${change.n[1]})`;
      out.push({
        kind: 'latency', rule, ok: !(worse && counts), measured: formatChange(relative), limit: `≤ +${formatFraction(b.maxRegression)}${b.onlySignificant ? ' when significant' : ''}`,
        message: worse && !counts ? `${detail}: over the budget but not significant (p ≥ ${sig.alpha}), so not counted` : detail,
      });
    }
  }
  return out;
}

function throttlingVerdicts(r: LoadedResults, p: NonNullable<Policy['throttling']>): GateVerdict[] {
  // The steady window: the whole-run figures include the first period's full quota by design.
  const placed = classifyFigures(r.figures).throttling.filter((x) => !x.series.startsWith('whole run'));
  if (!placed.length) {
    return [{ kind: 'throttling', rule: 'throttling error', ok: !p.required, measured: 'not measured', limit: `≤ ${p.maxErrorPercent} %`, message: `no throttling figures in the results${p.required ? '' : ' (not required)'}` }];
  }
  return placed.map(({ figure: f, param, series }) => {
    const error = Math.abs(f.stats.median);
    return {
      kind: 'throttling', rule: `throttling error at ${param} CPU${series !== 'steady' ? ` (${series})` : ''}`, ok: error <= p.maxErrorPercent,
      measured: formatValue(f.stats.median, f.unit), limit: `|error| ≤ ${p.maxErrorPercent} %`, message: `${f.name}${f.runtime ? ` [${f.runtime}]` : ''}: median error ${formatValue(f.stats.median, f.unit)} (ceiling ${p.maxErrorPercent} %)`,
    };
  });
}

/** Evaluates a policy. Throws GateUsageError when a rule cannot be evaluated at all. */
export function evaluateGate(policy: Policy, results: LoadedResults, baseline?: LoadedResults): GateResult {
  const verdicts = [
    ...isolationVerdicts(results, policy.isolation),
    ...policy.latency.flatMap((b) => latencyVerdicts(b, results, baseline, policy.significance)),
    ...(policy.throttling ? throttlingVerdicts(results, policy.throttling) : []),
  ];
  const violations = verdicts.filter((v) => !v.ok);
  return { ok: violations.length === 0, verdicts, violations };
}
