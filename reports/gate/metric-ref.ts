// The names a policy uses for figures and limits: "startup.builtin.p95" (a statistic of a
// figure), "10ms" (a duration), "10%" (a relative change). Parsing only; resolving a name
// against a results file is evaluate-gate's.

/** The statistics a budget can name. */
export const STATS = ['median', 'mean', 'p95', 'p99', 'min', 'max'] as const;
/** One of STATS. */
export type StatName = (typeof STATS)[number];

/** A figure statistic named in a policy. */
export interface MetricRef {
  /** As written, for messages. */
  text: string;
  /** Figure name, e.g. startup.start-to-exit. */
  figure: string;
  runtime?: string;
  stat: StatName;
}

/** Short names for a benchmark's main figure: startup.<runtime> is startup.start-to-exit on that runtime. */
export const FIGURE_ALIASES: Record<string, string> = { startup: 'startup.start-to-exit' };

/**
 * Parses "startup.builtin.p95" (alias form: bench.runtime.stat), "startup.start-to-exit[crun].median"
 * (a figure and its runtime) or "overlay.ratio.seq-read.median" (a figure without a runtime).
 * Throws a message for people when the text is none of these.
 */
export function parseMetric(text: string): MetricRef {
  const dot = text.lastIndexOf('.');
  const stat = text.slice(dot + 1);
  if (dot <= 0 || !(STATS as readonly string[]).includes(stat)) {
    throw new Error(`"${text}" must end in the statistic to check: .${STATS.join(', .')} (e.g. startup.builtin.p95)`);
  }
  const rest = text.slice(0, dot);
  const bracket = /^([^[\]]+)\[([^[\]]+)\]$/.exec(rest);
  if (bracket) return { text, figure: bracket[1]!, runtime: bracket[2]!, stat: stat as StatName };
  const [bench, runtime, ...more] = rest.split('.');
  const alias = FIGURE_ALIASES[bench!];
  if (alias && runtime && more.length === 0 && !alias.endsWith(`.${runtime}`)) return { text, figure: alias, runtime, stat: stat as StatName };
  return { text, figure: rest, stat: stat as StatName };
}

const NS_PER: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** A limit as written: a duration (in ns), or a plain number in the figure's own unit. */
export type Limit = { kind: 'duration'; ns: number; text: string } | { kind: 'number'; value: number; text: string };

/** Parses "10ms", "250us", "1.5s", "500ns" or a plain number; throws a message for people otherwise. */
export function parseLimit(input: string | number): Limit {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new Error(`${input} is not a finite number`);
    return { kind: 'number', value: input, text: String(input) };
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)?\s*$/.exec(input);
  if (!m) throw new Error(`"${input}" is not a duration (examples: 10ms, 250us, 1.5s) or a number`);
  return m[2] ? { kind: 'duration', ns: Number(m[1]) * NS_PER[m[2]]!, text: input.trim() } : { kind: 'number', value: Number(m[1]), text: input.trim() };
}

/** A limit in a figure's unit, or undefined when a duration meets a unit that is not a time. */
export function limitIn(limit: Limit, unit: string): number | undefined {
  if (limit.kind === 'number') return limit.value;
  const per = NS_PER[unit];
  return per === undefined ? undefined : limit.ns / per;
}

/** Parses "10%" or 0.1 into a fraction; throws a message for people otherwise. */
export function parsePercent(input: string | number): number {
  if (typeof input === 'number') {
    if (!(input >= 0)) throw new Error(`${input} must be ≥ 0`);
    return input;
  }
  const m = /^\s*\+?(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
  if (!m) throw new Error(`"${input}" is not a percentage (example: 10%)`);
  return Number(m[1]) / 100;
}
