// Reading and writing cgroupfs interface files, synchronously, with errors that
// name the file and the value. Shared by the v1 and v2 backends.

import { closeSync, constants, existsSync, openSync, readSync, writeSync } from 'node:fs';
import { CgroupError, errnoOf, hintForErrno, type CgroupStep } from './errors.js';

// O_WRONLY|O_TRUNC without O_CREAT: on cgroupfs a missing file means a missing
// controller, and it must fail as ENOENT rather than EACCES from a create attempt.
// O_TRUNC is what `echo > file` does; kernfs accepts it, and a fake tree needs it.
const WRITE_FLAGS = constants.O_WRONLY | constants.O_TRUNC;

/** Where a written value came from, so errors can name the linux.resources field. */
export interface WriteOrigin {
  /** e.g. "cpu.quota" for linux.resources.cpu.quota. */
  field?: string;
  step?: CgroupStep;
  /** Overrides the errno-based advice. */
  hint?: string;
}

/**
 * One kernel file operation of a cgroup's creation. The built-in runtime records a
 * driver's create() as these and has its launcher perform them, in parallel with the
 * container's own setup (see deferred-create.ts).
 */
export type CgroupOp = { op: 'mkdir'; path: string } | { op: 'write'; path: string; value: string; field?: string };

let recording: { ops: CgroupOp[]; made: Set<string> } | undefined;
let replaying: Map<string, string> | undefined;
let readLog: string[] | undefined;

/** Runs fn with cgroup mkdirs and writes recorded instead of performed; returns them in order. */
export function recordCgroupOps(fn: () => void): CgroupOp[] {
  recording = { ops: [], made: new Set() };
  try {
    fn();
    return recording.ops;
  } finally {
    recording = undefined;
  }
}

/** Called by the directory helpers: true when the mkdir was recorded rather than performed. */
export function recordMkdir(path: string): boolean {
  if (!recording) return false;
  recording.ops.push({ op: 'mkdir', path });
  recording.made.add(path);
  return true;
}

/**
 * Whether a cgroup interface file exists. For a cgroup whose creation is being recorded
 * the answer is yes: the launcher's write then fails naming the file if it does not.
 */
export function cgroupFileExists(file: string): boolean {
  if (recording?.made.has(file.slice(0, file.lastIndexOf('/')))) return true;
  return existsSync(file);
}

/** Runs fn with every cgroup file read served from contents (absent = ENOENT). */
export function withCgroupFileContents<T>(contents: Map<string, string>, fn: () => T): T {
  replaying = contents;
  try {
    return fn();
  } finally {
    replaying = undefined;
  }
}

/** Runs fn with reads answered "absent", and returns the files it tried to read. */
export function listCgroupReads(fn: () => void): string[] {
  readLog = [];
  try {
    withCgroupFileContents(new Map(), fn);
    return readLog;
  } finally {
    readLog = undefined;
  }
}

/** Write `value` to a cgroup interface file in a single write(2); throws CgroupError naming file and value. */
export function writeCgroupFile(file: string, value: string, origin: WriteOrigin = {}): void {
  if (recording) {
    recording.ops.push({ op: 'write', path: file, value, ...(origin.field ? { field: origin.field } : {}) });
    return;
  }
  let fd: number;
  try {
    fd = openSync(file, WRITE_FLAGS);
  } catch (error) {
    throw writeFailure(file, value, origin, 'open', error);
  }
  try {
    writeSync(fd, value);
  } catch (error) {
    throw writeFailure(file, value, origin, 'write', error);
  } finally {
    closeSync(fd);
  }
}

function writeFailure(file: string, value: string, origin: WriteOrigin, syscall: string, cause: unknown): CgroupError {
  const errno = errnoOf(cause);
  const field = origin.field ? ` (linux.resources.${origin.field})` : '';
  let hint = origin.hint ?? hintForErrno(errno);
  if (origin.field && !origin.hint) {
    if (errno === 'EINVAL') hint = `the kernel rejected the value; check linux.resources.${origin.field}`;
    if (errno === 'ERANGE') hint = `the value is out of range on this host; check linux.resources.${origin.field}`;
  }
  return new CgroupError({
    step: origin.step ?? 'write-limit',
    syscall,
    path: file,
    errno,
    what: `write ${JSON.stringify(value)}${field}`,
    hint,
    cause,
  });
}

// One reusable buffer: cgroupfs files report size 0, and readFileSync's path for
// those costs ~27 µs against ~10 µs for open+read+close into a ready buffer.
// Safe to share: every read here is synchronous.
const READ_CHUNK = 64 * 1024;
const readBuffer = Buffer.allocUnsafe(READ_CHUNK);

// Thrown for a file absent from replayed contents; not an Error, whose stack trace would
// cost more than the whole replay (readOptionalFile only looks at `code`).
const ABSENT = Object.freeze({ code: 'ENOENT', message: 'absent from the contents read by the launcher' });

function absent(): never {
  throw ABSENT;
}

/** open + read until EOF + close; throws Node's system error. */
function readWholeFile(file: string): string {
  if (replaying) {
    readLog?.push(file);
    const text = replaying.get(file);
    if (text === undefined) absent();
    return text;
  }
  if (recording) {
    // A value whose write was only recorded reads back as written; a file of a cgroup
    // whose mkdir was only recorded reads empty, as the kernel would show it.
    const written = [...recording.ops].reverse().find((o) => o.op === 'write' && o.path === file);
    if (written?.op === 'write') return written.value;
    if (recording.made.has(file.slice(0, file.lastIndexOf('/')))) return '';
  }
  const fd = openSync(file, constants.O_RDONLY);
  try {
    let text = '';
    for (;;) {
      const got = readSync(fd, readBuffer, 0, READ_CHUNK, null);
      if (got === 0) return text;
      text += readBuffer.toString('latin1', 0, got);
    }
  } finally {
    closeSync(fd);
  }
}

/** Read a cgroup interface file; throws CgroupError naming it. */
export function readCgroupFile(file: string, step: CgroupStep = 'read-stats'): string {
  try {
    return readWholeFile(file);
  } catch (error) {
    const errno = errnoOf(error);
    throw new CgroupError({ step, syscall: 'read', path: file, errno, what: 'read', hint: hintForErrno(errno), cause: error });
  }
}

/** Read a file that may legitimately be absent (controller not mounted, older kernel): undefined then. */
export function readOptionalFile(file: string, step: CgroupStep = 'read-stats'): string | undefined {
  try {
    return readWholeFile(file);
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT' || errno === 'ENODEV') return undefined;
    throw new CgroupError({ step, syscall: 'read', path: file, errno, what: 'read', hint: hintForErrno(errno), cause: error });
  }
}

// Anything at or above 2^62 is the kernel's "unlimited" (v1 prints 9223372036854771712).
const UNLIMITED_FLOOR = 2 ** 62;

/** Parse a single-number file; "max" and v1's near-2^63 "unlimited" become -1; junk becomes undefined. */
export function parseSingleValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === 'max') return -1;
  if (!/^-?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= UNLIMITED_FLOOR ? -1 : value;
}

/** Parse a flat-keyed file ("key value" per line, as cpu.stat, memory.events, pids.events). */
export function parseFlatKeyed(text: string | undefined): Map<string, number> {
  const values = new Map<string, number>();
  if (text === undefined) return values;
  for (const line of text.split('\n')) {
    const [key, raw] = line.trim().split(/\s+/);
    if (key === undefined || raw === undefined) continue;
    const value = parseSingleValue(raw);
    if (value !== undefined) values.set(key, value);
  }
  return values;
}

/** Parse cgroup.procs contents into pids. */
export function parseProcs(text: string | undefined): number[] {
  if (text === undefined) return [];
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '') pids.push(Number(trimmed));
  }
  return pids;
}
