// Reading a matrix YAML file: YAML syntax errors and schema errors both name the file and
// the field (or line), and nothing is run until the whole file is valid.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { ZodIssue } from 'zod';
import { matrixSchema, type MatrixFile } from './schema.js';

/** A matrix file is invalid; `issues` holds one "field: problem" line per problem. */
export class MatrixError extends Error {
  readonly source: string;
  readonly issues: string[];
  constructor(source: string, issues: string[]) {
    super(issues.length === 1 ? `${source}: ${issues[0]}` : `${source}:\n  ${issues.join('\n  ')}`);
    this.name = 'MatrixError';
    this.source = source;
    this.issues = issues;
  }
}

/** "axes.namespaces[2].off" from a zod path. */
export function fieldPath(p: readonly (string | number)[]): string {
  return p.reduce<string>((acc, x) => (typeof x === 'number' ? `${acc}[${x}]` : acc ? `${acc}.${x}` : x), '');
}

function describe(issue: ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'is required';
  return issue.message;
}

/** Parses and validates matrix YAML text; throws MatrixError naming each bad field. */
export function parseMatrix(text: string, source = 'matrix.yaml'): MatrixFile {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    throw new MatrixError(source, doc.errors.map((e) => {
      const at = e.linePos?.[0];
      const what = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return `${at ? `line ${at.line}, column ${at.col}: ` : ''}${what}`;
    }));
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) throw new MatrixError(source, ['the file is empty: it needs at least "axes:"']);
  const parsed = matrixSchema.safeParse(raw);
  if (!parsed.success) {
    throw new MatrixError(source, parsed.error.issues.map((i) => `${fieldPath(i.path) || '(top level)'}: ${describe(i)}`));
  }
  return parsed.data;
}

/** Reads and parses a matrix file; errors name it by its base name. */
export function readMatrixFile(file: string): MatrixFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new MatrixError(file, [`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  return parseMatrix(text, path.basename(file));
}
