// validateSpec: turns unknown input into a Spec, or a SpecError that names every bad field.
import type { ZodIssue } from 'zod';
import { crossFieldIssues, specSchema } from './schema.js';
import type { Spec } from './types.js';

/** A Spec failed validation; `issues` holds one "field: problem" line per problem. */
export class SpecError extends Error {
  readonly issues: string[];
  constructor(issues: string[], source = 'spec') {
    super(`invalid ${source}:\n  ${issues.join('\n  ')}`);
    this.name = 'SpecError';
    this.issues = issues;
  }
}

/** Formats an issue path the way users write it: linux.namespaces[2].type */
export function formatPath(path: readonly (string | number)[], root = 'spec'): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`), root);
}

function describe(issue: ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'is required';
  return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
}

// Specs that passed validation. They are deep-frozen, so they cannot have changed since:
// a container start then skips the ~0.2 ms of validating again.
const validated = new WeakSet<object>();

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Whether spec is a (frozen) Spec returned by validateSpec. */
export function isValidatedSpec(spec: unknown): spec is Spec {
  return typeof spec === 'object' && spec !== null && validated.has(spec);
}

/**
 * Validates input as a Spec; throws SpecError naming each bad field. Returns a new,
 * deep-frozen Spec (copy it with structuredClone to change it).
 */
export function validateSpec(input: unknown, source = 'spec'): Spec {
  if (isValidatedSpec(input)) return input;
  const parsed = specSchema.safeParse(input);
  if (!parsed.success) {
    throw new SpecError(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${describe(i)}`), source);
  }
  const cross = crossFieldIssues(parsed.data);
  if (cross.length > 0) throw new SpecError(cross.map((i) => `${formatPath(i.path)}: ${i.message}`), source);
  const spec = deepFreeze(parsed.data as Spec);
  validated.add(spec);
  return spec;
}
