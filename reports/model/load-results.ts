// Reads a results.json or a bench document, checks its kind and schemaVersion, validates
// it, and returns the one model every renderer, compare and gate read. Bad input gets an
// error naming the file and the field; nothing is guessed.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod/v4';
import { collectFigures, FigureShapeError } from './collect-figures.js';
import { formatFieldPath } from './field-path.js';
import {
  benchDocumentSchema, resultsFileSchema, SCHEMA_VERSION,
  type FigureData, type HostData, type SuitesData,
} from './results-schema.js';

/** A results file, validated, with its figures gathered from every benchmark section. */
export interface LoadedResults {
  /** The path it was read from (as given). */
  file: string;
  /** A short name for columns and headings (see labelFiles). */
  label: string;
  kind: 'isolab-results' | 'isolab-bench';
  createdAt: string;
  host: HostData;
  suites?: SuitesData;
  /** Each benchmark's section by name (a bench document's details and figures under its bench name). */
  benches: Record<string, Record<string, unknown>>;
  /** Every figure of every benchmark, in file order, each (name, runtime) once. */
  figures: FigureData[];
  /** The file's notes and its benchmarks' run-wide warnings. */
  notes: string[];
}

/** A results file that cannot be read: `field` names what is wrong ("" for the file as a whole). */
export class ResultsFileError extends Error {
  constructor(readonly file: string, readonly field: string, detail: string, options?: { cause?: unknown }) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`, options);
    this.name = 'ResultsFileError';
  }
}

const KINDS = ['isolab-results', 'isolab-bench'] as const;

function firstIssue(file: string, error: z.ZodError): ResultsFileError {
  const issue = error.issues[0]!;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return new ResultsFileError(file, formatFieldPath(issue.path), `${issue.message}${more}`);
}

/** Validates a parsed document; `file` is only used in messages. */
export function parseResults(raw: unknown, file: string): LoadedResults {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ResultsFileError(file, '', 'not an isolab results file (expected a JSON object)');
  const doc = raw as Record<string, unknown>;
  if (!KINDS.includes(doc.kind as never)) {
    throw new ResultsFileError(file, 'kind', `expected "isolab-results" (isolab run / suite) or "isolab-bench" (isolab bench --out), got ${JSON.stringify(doc.kind)}`);
  }
  const version = doc.schemaVersion;
  if (typeof version !== 'number') throw new ResultsFileError(file, 'schemaVersion', `missing or not a number (got ${JSON.stringify(version)})`);
  if (version > SCHEMA_VERSION) throw new ResultsFileError(file, 'schemaVersion', `${version} is newer than this isolab reads (${SCHEMA_VERSION}): upgrade isolab to read it`);
  if (version !== SCHEMA_VERSION) throw new ResultsFileError(file, 'schemaVersion', `${version} is not a version isolab ever wrote (it reads ${SCHEMA_VERSION})`);
  let benches: Record<string, Record<string, unknown>>;
  let base: Omit<LoadedResults, 'benches' | 'figures' | 'notes' | 'label'>;
  let notes: string[];
  if (doc.kind === 'isolab-results') {
    const parsed = resultsFileSchema.safeParse(raw);
    if (!parsed.success) throw firstIssue(file, parsed.error);
    const r = parsed.data;
    benches = (r.bench ?? {}) as Record<string, Record<string, unknown>>;
    base = { file, kind: 'isolab-results', createdAt: r.createdAt, host: r.host, ...(r.suites ? { suites: r.suites } : {}) };
    notes = [...(r.notes ?? [])];
  } else {
    const parsed = benchDocumentSchema.safeParse(raw);
    if (!parsed.success) throw firstIssue(file, parsed.error);
    const b = parsed.data;
    benches = { [b.bench]: { figures: b.figures, ...b.details } };
    base = { file, kind: 'isolab-bench', createdAt: b.createdAt, host: b.host };
    notes = [];
  }
  const figures: FigureData[] = [];
  const seen = new Set<string>();
  for (const [name, section] of Object.entries(benches)) {
    const root = doc.kind === 'isolab-results' ? ['bench', name] : ['details'];
    try {
      figures.push(...collectFigures(section, root, seen).map((f) => f.figure));
    } catch (err) {
      if (err instanceof FigureShapeError) throw new ResultsFileError(file, err.field, err.message.slice(err.field.length + 2));
      throw err;
    }
    notes.push(...sectionWarnings(name, section));
  }
  return { ...base, label: path.basename(file).replace(/\.json$/, ''), benches, figures, notes };
}

/** A section's run-wide warnings, and those of the sections inside it (a combined "all" bench document). */
function sectionWarnings(name: string, section: Record<string, unknown>, depth = 0): string[] {
  const own = Array.isArray(section.warnings) ? section.warnings.filter((w): w is string => typeof w === 'string').map((w) => `${name}: ${w}`) : [];
  if (own.length || depth > 0) return own;
  return Object.entries(section).flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? sectionWarnings(k, v as Record<string, unknown>, 1) : []));
}

/** Reads and validates one file. */
export function loadResults(file: string): LoadedResults {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ResultsFileError(file, '', code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ResultsFileError(file, '', `not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  return parseResults(raw, file);
}

/**
 * Short, distinct labels for several files: the base name without .json, or, when base
 * names repeat (CI artifacts: ubuntu-22.04/results.json, ubuntu-24.04/results.json), the
 * shortest trailing path that tells them apart.
 */
export function labelFiles(files: readonly string[]): string[] {
  const parts = files.map((f) => path.resolve(f).replace(/\.json$/, '').split(path.sep).filter(Boolean));
  for (let depth = 1; depth <= Math.max(1, ...parts.map((p) => p.length)); depth++) {
    const labels = parts.map((p) => p.slice(-depth).join('/'));
    if (new Set(labels).size === labels.length) return depth === 1 ? labels : parts.map((p) => p.slice(-depth, -1).join('/') + (p.at(-1) === 'results' ? '' : `/${p.at(-1)}`));
  }
  return files.map((f, i) => `${i + 1}: ${f}`);
}

/** Reads several files and gives them distinct labels. */
export function loadAllResults(files: readonly string[]): LoadedResults[] {
  const labels = labelFiles(files);
  return files.map((f, i) => ({ ...loadResults(f), label: labels[i]! }));
}
