// Reading and writing cgroupfs interface files, synchronously, with errors that
// name the file and the value. Shared by the v1 and v2 backends.

import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
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

/** Write `value` to a cgroup interface file in a single write(2); throws CgroupError naming file and value. */
export function writeCgroupFile(file: string, value: string, origin: WriteOrigin = {}): void {
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

/** open + read until EOF + close; throws Node's system error. */
function readWholeFile(file: string): string {
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
