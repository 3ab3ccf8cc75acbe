// The relative cgroup path every plan is built from, checked before anything is made,
// and removal of the shared parents it implies once they are empty.

import { rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CgroupError } from './errors.js';
import type { CgroupPlan } from './types.js';

/** Throws CgroupError unless `path` is a plain relative cgroup path such as "isolab/abc123". */
export function checkCgroupPath(path: string): void {
  const fail = (why: string): never => {
    throw new CgroupError({
      step: 'plan',
      syscall: '',
      path: JSON.stringify(path),
      what: 'check cgroup path',
      hint: `${why}; use a relative path of plain names such as "isolab/abc123"`,
    });
  };
  if (path === '') fail('the path is empty');
  if (path.startsWith('/')) fail('the path must be relative to the cgroup mount point');
  for (const segment of path.split('/')) {
    if (segment === '') fail('the path has an empty segment ("//" or a trailing "/")');
    if (segment === '.' || segment === '..') fail(`"${segment}" would leave the cgroup subtree`);
    if (/[\0\n]/.test(segment)) fail('the path contains a NUL or newline');
    if (Buffer.byteLength(segment) > 255) fail(`segment "${segment.slice(0, 20)}…" is longer than 255 bytes`);
  }
}

/**
 * rmdir the parents of the plan's leaf directories (e.g. ".../isolab") when they
 * are empty, deepest first, up to the mount point. Call at the end of a run;
 * busy or missing parents are left alone. Returns the directories removed.
 */
export function pruneCgroupParents(plan: CgroupPlan): string[] {
  const depth = plan.path.split('/').length - 1;
  const removed: string[] = [];
  for (const leaf of plan.dirs) {
    let dir = leaf;
    for (let level = 0; level < depth; level++) {
      dir = dirname(dir);
      try {
        rmdirSync(dir);
        removed.push(dir);
      } catch {
        break; // ENOTEMPTY/EBUSY: still shared; ENOENT: gone. Either way stop climbing.
      }
    }
  }
  return removed;
}
