// Making, walking and removing cgroup directories. Shared by the v1 and v2 backends.

import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcs, readOptionalFile, recordMkdir } from './cgroup-io.js';
import { CgroupError, errnoOf, hintForErrno } from './errors.js';

/**
 * Test seam for a fake cgroupfs tree in a temp dir, where mkdir creates no
 * interface files and rmdir refuses a dir that has files. The real kernel needs none.
 */
export interface CgroupTreeHooks {
  /** After each mkdir the driver does: create the files the kernel would. */
  afterMkdir?(dir: string): void;
  /** Before each rmdir: delete those files (leave them to simulate a busy cgroup). */
  beforeRmdir?(dir: string): void;
}

function rmdirCgroup(dir: string, hooks: CgroupTreeHooks): void {
  hooks.beforeRmdir?.(dir);
  rmdirSync(dir);
}

/**
 * mkdir `base/relPath`, making missing parents first. Each directory made is
 * appended to `made` (parents before the leaf) so a failed create can undo it.
 * The leaf must not exist yet: reusing a leftover cgroup would mix two runs.
 */
export function makeCgroupDir(base: string, relPath: string, made: string[], hooks: CgroupTreeHooks = {}): string {
  const leaf = join(base, relPath);
  if (recordMkdir(leaf)) return leaf; // recorded for the launcher (parents made beforehand)
  // Fast path: parents usually exist already, so this is one mkdir(2).
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(leaf);
      made.push(leaf);
      hooks.afterMkdir?.(leaf);
      return leaf;
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOENT' && attempt < 3) {
        // A parent is missing (or a concurrent failed create just removed it): make the chain.
        makeParents(base, relPath, made, hooks);
        continue;
      }
      const hint =
        errno === 'EEXIST'
          ? 'a cgroup with this path already exists (left by an earlier run?): killAll() and destroy() it, or choose another path'
          : hintForErrno(errno);
      throw new CgroupError({ step: 'mkdir', syscall: 'mkdir', path: leaf, errno, what: 'mkdir', hint, cause: error });
    }
  }
}

function makeParents(base: string, relPath: string, made: string[], hooks: CgroupTreeHooks = {}): void {
  const segments = relPath.split('/');
  let dir = base;
  for (const segment of segments.slice(0, -1)) {
    dir = join(dir, segment);
    try {
      mkdirSync(dir);
      made.push(dir);
      hooks.afterMkdir?.(dir);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'EEXIST') continue;
      throw new CgroupError({ step: 'mkdir', syscall: 'mkdir', path: dir, errno, what: 'mkdir', hint: hintForErrno(errno), cause: error });
    }
  }
}

/** Best-effort removal of what a failed create() made, newest first; shared parents that gained siblings stay. */
export function undoMade(made: string[], hooks: CgroupTreeHooks = {}): void {
  for (const dir of [...made].reverse()) {
    try {
      rmdirCgroup(dir, hooks);
    } catch {
      // ENOTEMPTY/EBUSY: another cgroup now lives under this parent; ENOENT: already gone.
    }
  }
}

/** `dir` and every sub-cgroup below it, parents before children; [] when `dir` is gone. */
export function listCgroupTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): boolean => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return false;
      throw new CgroupError({ step: 'list-procs', syscall: 'readdir', path: current, errno: errnoOf(error), what: 'readdir', cause: error });
    }
    out.push(current);
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(current, entry.name));
    }
    return true;
  };
  walk(dir);
  return out;
}

/** Pids in cgroup.procs of `dir` and all its sub-cgroups. */
export function readTreeProcs(dir: string): number[] {
  const pids: number[] = [];
  for (const current of listCgroupTree(dir)) {
    pids.push(...parseProcs(readOptionalFile(join(current, 'cgroup.procs'), 'list-procs')));
  }
  return pids;
}

/**
 * rmdir `dir`, first removing sub-cgroups a containerized process may have made
 * inside it. ENOENT is success. A cgroup that still has processes cannot be
 * removed: the error says to call killAll() first.
 */
export function removeCgroupTree(dir: string, hooks: CgroupTreeHooks = {}): void {
  try {
    rmdirCgroup(dir, hooks);
    return;
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT') return;
    if (errno !== 'EBUSY' && errno !== 'ENOTEMPTY') throw rmdirFailure(dir, error);
  }
  // Busy: either sub-cgroups exist (remove them, deepest first) or processes remain.
  const tree = listCgroupTree(dir);
  for (const sub of tree.reverse()) {
    try {
      rmdirCgroup(sub, hooks);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw rmdirFailure(sub, error);
    }
  }
}

function rmdirFailure(dir: string, cause: unknown): CgroupError {
  const errno = errnoOf(cause);
  const busy = errno === 'EBUSY' || errno === 'ENOTEMPTY';
  return new CgroupError({
    step: 'rmdir',
    syscall: 'rmdir',
    path: dir,
    errno,
    what: 'rmdir',
    hint: busy ? 'the cgroup still has processes; call killAll() before destroy()' : hintForErrno(errno),
    cause,
  });
}
