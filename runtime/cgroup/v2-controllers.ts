// cgroup v2 controller delegation: a controller's files appear in a cgroup only
// when every ancestor, from the mount root down, lists it in cgroup.subtree_control.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupTreeHooks } from './cgroup-dirs.js';
import { readCgroupFile, readOptionalFile, writeCgroupFile } from './cgroup-io.js';
import { wantsCpu, wantsCpuset, wantsMemory } from './check-resources.js';
import { CgroupError, errnoOf, hintForErrno } from './errors.js';
import type { LinuxResources } from './types.js';

/** The v2 controllers this driver enables. */
export type V2Controller = 'cpu' | 'cpuset' | 'memory' | 'pids';

// Enabled whenever the host has them, so stats() can report usage even without limits.
const FOR_STATS: readonly V2Controller[] = ['cpu', 'memory', 'pids'];

/** Controllers the resources cannot be honoured without. */
export function requiredV2Controllers(resources: LinuxResources): V2Controller[] {
  const required: V2Controller[] = [];
  if (wantsCpu(resources)) required.push('cpu');
  if (wantsCpuset(resources)) required.push('cpuset');
  if (wantsMemory(resources)) required.push('memory');
  if (resources.pids !== undefined) required.push('pids');
  return required;
}

/** Split a cgroup.controllers or cgroup.subtree_control listing ("+" prefixes tolerated). */
export function parseControllerList(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '').map((word) => word.replace(/^[+]/, ''));
}

/**
 * Which controllers to enable under `root`: the required ones (throws naming any
 * that root/cgroup.controllers lacks) plus the stats ones the host has. Read-only,
 * so a missing controller fails before anything is made.
 */
export function chooseV2Controllers(root: string, resources: LinuxResources): V2Controller[] {
  const listing = join(root, 'cgroup.controllers');
  const available = parseControllerList(readCgroupFile(listing, 'enable-controllers'));
  const required = requiredV2Controllers(resources);
  for (const controller of required) {
    if (available.includes(controller)) continue;
    throw new CgroupError({
      step: 'enable-controllers',
      syscall: 'read',
      path: listing,
      what: `find controller "${controller}" (available: ${available.join(' ') || 'none'})`,
      hint:
        `the "${controller}" controller is not available in this cgroup2 tree; on a hybrid host it is bound to a v1 ` +
        'hierarchy (use the v1 driver: openCgroupDriver() picks it), otherwise enable it in the parent cgroup',
    });
  }
  const extra = FOR_STATS.filter((c) => !required.includes(c) && available.includes(c));
  return [...required, ...extra];
}

/**
 * From `root` down to the parent of the leaf: make missing levels (appended to
 * `made`) and add `controllers` to each level's cgroup.subtree_control where absent.
 */
export function prepareV2Ancestors(
  root: string,
  relPath: string,
  controllers: readonly V2Controller[],
  made: string[],
  hooks: CgroupTreeHooks = {},
): void {
  const segments = relPath.split('/').slice(0, -1);
  let dir = root;
  for (let level = 0; level <= segments.length; level++) {
    if (level > 0) dir = join(dir, segments[level - 1] as string);
    const control = join(dir, 'cgroup.subtree_control');
    let text = readOptionalFile(control, 'enable-controllers');
    if (text === undefined && level > 0 && makeLevel(dir, made, hooks)) text = '';
    if (text === undefined) text = readCgroupFile(control, 'enable-controllers');
    const enabled = parseControllerList(text);
    const missing = controllers.filter((c) => !enabled.includes(c));
    if (missing.length === 0) continue;
    writeCgroupFile(control, missing.map((c) => `+${c}`).join(' '), {
      step: 'enable-controllers',
      hint: `could not enable ${missing.join(', ')} in ${dir}: if EBUSY, that cgroup has processes of its own ` +
        '(cgroup v2 "no internal processes" rule), so choose a path under another parent; if ENOENT, its parent does not delegate the controller',
    });
  }
}

/** mkdir one ancestor level; false when a concurrent create made it first. */
function makeLevel(dir: string, made: string[], hooks: CgroupTreeHooks): boolean {
  try {
    mkdirSync(dir);
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'EEXIST') return false;
    throw new CgroupError({ step: 'mkdir', syscall: 'mkdir', path: dir, errno, what: 'mkdir', hint: hintForErrno(errno), cause: error });
  }
  made.push(dir);
  hooks.afterMkdir?.(dir);
  return true;
}
