// The gate's policy file (YAML): what a results file must satisfy. Validated strictly — an
// unknown or misspelt key is an error, not ignored — and every error names its field.
// The format is documented in reports/GATE.md.
import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod/v4';
import { formatFieldPath } from '../model/field-path.js';
import { type Limit, type MetricRef, parseLimit, parseMetric, parsePercent } from './metric-ref.js';

/** The policy format version this isolab reads. */
export const POLICY_VERSION = 1;

/** A policy that cannot be used; exit status 2. `field` names the culprit ("" for the file). */
export class PolicyError extends Error {
  constructor(readonly file: string, readonly field: string, detail: string) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'PolicyError';
  }
}

const refine = <T>(parse: (x: never) => T) => (value: unknown, ctx: z.RefinementCtx) => {
  try {
    return parse(value as never);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    return z.NEVER;
  }
};

const typed = <T>(what: string, parse: (x: string | number) => T, numbers = true) => (x: unknown): T => {
  if (typeof x === 'string' || (numbers && typeof x === 'number')) return parse(x);
  throw new Error(`must be ${what}, got ${x === null ? 'null' : Array.isArray(x) ? 'a list' : typeof x}`);
};

const metric = z.unknown().transform(refine(typed('a metric such as startup.builtin.p95', (x) => parseMetric(String(x)), false)));
const limit = z.unknown().transform(refine(typed('a duration such as 10ms, or a number', parseLimit)));
const percent = z.unknown().transform(refine(typed('a percentage such as 10%', parsePercent)));

/** `"startup.builtin.p95 <= 10ms"` or `"startup.builtin.p95 <= +10%"` (relative to the baseline). */
function parseBudgetExpression(text: string): { metric: MetricRef; max?: Limit; maxRegression?: number } {
  const m = /^\s*(\S+)\s*<=\s*(\+?)(\S+?)\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a budget: write "METRIC <= LIMIT" (startup.builtin.p95 <= 10ms) or "METRIC <= +PCT%" (startup.builtin.p95 <= +10%)`);
  const ref = parseMetric(m[1]!);
  if (m[3]!.endsWith('%')) return { metric: ref, maxRegression: parsePercent(m[3]!) };
  if (m[2]) throw new Error(`"${text}": a + limit is relative and must be a percentage (e.g. +10%)`);
  return { metric: ref, max: parseLimit(m[3]!) };
}

const budgetObject = z.strictObject({
  metric,
  max: limit.optional(),
  maxRegression: percent.optional(),
  onlySignificant: z.boolean().default(true),
  required: z.boolean().default(true),
}).refine((b) => b.max !== undefined || b.maxRegression !== undefined, { message: 'give max (an absolute budget), maxRegression (relative to --baseline), or both' });

/** What a budget is after parsing, whichever way it was written. */
type BudgetOut = z.output<typeof budgetObject>;

// A budget is an expression string or an object; parsed by hand rather than z.union so that
// an error inside the object names its field instead of "invalid input".
const budget = z.unknown().transform((v, ctx): BudgetOut => {
  if (typeof v === 'string') {
    try {
      return { ...parseBudgetExpression(v), onlySignificant: true, required: true };
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
      return z.NEVER;
    }
  }
  const r = budgetObject.safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const message = issue.code === 'unrecognized_keys' ? unknownKeys(issue.keys) : issue.message;
    ctx.addIssue({ code: 'custom', message, path: issue.path as (string | number)[] });
  }
  return z.NEVER;
});

function unknownKeys(keys: readonly string[]): string {
  return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (misspelt?)`;
}

const waiver = z.strictObject({ check: z.string().min(1), cell: z.string().min(1).optional(), reason: z.string().min(1) });

const policySchema = z.strictObject({
  version: z.literal(POLICY_VERSION),
  isolation: z.strictObject({
    maxUnexpected: z.number().int().min(0).default(0),
    required: z.boolean().default(false),
    requireControls: z.boolean().default(false),
    waivers: z.array(waiver).default([]),
  }).default({ maxUnexpected: 0, required: false, requireControls: false, waivers: [] }),
  latency: z.array(budget).default([]),
  throttling: z.strictObject({
    maxErrorPercent: z.number().min(0),
    required: z.boolean().default(false),
  }).optional(),
  significance: z.strictObject({ alpha: z.number().gt(0).lt(1).default(0.05), minChange: percent.default(0.05) }).default({ alpha: 0.05, minChange: 0.05 }),
});

/** A validated policy. */
export type Policy = z.output<typeof policySchema>;
/** One latency budget of a policy. */
export type Budget = Policy['latency'][number];

/** Validates a parsed policy document. */
export function parsePolicy(raw: unknown, file: string): Policy {
  if (raw === null || raw === undefined) throw new PolicyError(file, '', 'the policy is empty (it needs at least "version: 1")');
  const r = policySchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  let detail = issue.message;
  if (issue.code === 'unrecognized_keys') detail = unknownKeys(issue.keys);
  if (issue.path.length === 1 && issue.path[0] === 'version') detail = `must be ${POLICY_VERSION} (the policy format this isolab reads)`;
  return ((): never => {
    throw new PolicyError(file, formatFieldPath(issue.path), detail);
  })();
}

/** Reads and validates a policy file. */
export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(file, '', (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read: ${String(err)}`);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) throw new PolicyError(file, '', `not valid YAML: ${doc.errors[0]!.message}`);
  return parsePolicy(doc.toJS(), file);
}
