// The overlay benchmark's scratch directory: every file, layer and mount of a run lives
// below one directory on the disk under test, named for isolab and recording its owner.
// The directory is bind-mounted on itself as a private mount, so that the overlays made
// below it never propagate into other mount namespaces (a copy there, kept busy, would
// outlive the run unseen). Removing it unmounts what is mounted below it first; a later
// run removes the scratch directories of runs whose owner died (a crash, a kill -9) the
// same way.
import fs from 'node:fs';
import path from 'node:path';
import { mountOverlay } from '../../runtime/adapters/overlay-mount.js';
import { MNT_DETACH, MS_BIND, MS_PRIVATE, mount, umount2 } from '../../runtime/sys/libc.js';
import { isAlive, type ProcessIdentity, selfIdentity } from '../../runtime/sys/proc.js';
import { removeTree } from '../../runtime/sys/remove-tree.js';

/** Prefix of every scratch directory (in the parent directory). */
export const SCRATCH_PREFIX = 'isolab-bench-overlay-';
const OWNER_FILE = 'owner.json';

/** One run's scratch directory. */
export interface Scratch {
  root: string;
}

/** Makes a fresh scratch directory in parent, recording this process as its owner. */
export function makeScratch(parent: string): Scratch {
  const root = fs.mkdtempSync(path.join(parent, SCRATCH_PREFIX));
  fs.chmodSync(root, 0o755); // containers read image layers kept here
  fs.writeFileSync(path.join(root, OWNER_FILE), JSON.stringify(selfIdentity()));
  try {
    mount(root, root, null, MS_BIND, null);
    mount(null, root, null, MS_PRIVATE, null);
  } catch (err) {
    removeScratch({ root });
    throw err;
  }
  return { root };
}

/** Mount points at or below dir, deepest first (from /proc/self/mountinfo; octal escapes decoded). */
export function mountsBelow(dir: string): string[] {
  const decode = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const lines = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const points = lines.flatMap((l) => {
    const p = l.split(' ')[4];
    return p !== undefined ? [decode(p)] : [];
  });
  return points.filter((p) => p === dir || p.startsWith(dir + '/')).sort((a, b) => b.length - a.length);
}

/** Unmounts target; when it is busy, detaches it lazily (the kernel frees it once unused). */
export function unmount(target: string): void {
  try {
    umount2(target);
  } catch {
    umount2(target, MNT_DETACH);
  }
}

/**
 * Mounts a fresh overlay of lower on mnt (a new, empty upper and work dir under base,
 * named for the round), runs fn with the upper dir, then unmounts and removes them.
 */
export async function withFreshOverlay<T>(mnt: string, lower: string, base: string, round: number, fn: (upper: string) => Promise<T> | T): Promise<T> {
  const upper = path.join(base, `u-${round}`);
  const work = path.join(base, `w-${round}`);
  fs.mkdirSync(upper);
  fs.mkdirSync(work);
  mountOverlay(mnt, { lower: [lower], upper, work });
  try {
    return await fn(upper);
  } finally {
    unmount(mnt);
    removeTree(upper);
    removeTree(work);
  }
}

/** Unmounts everything below the scratch directory, then removes it. Returns what could not be undone. */
export function removeScratch(s: Scratch): string[] {
  const problems: string[] = [];
  for (const m of mountsBelow(s.root)) {
    try {
      unmount(m);
    } catch (err) {
      problems.push(`unmount ${m}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (problems.length) return problems; // never remove files below a mount that is still there
  try {
    removeTree(s.root);
  } catch (err) {
    problems.push(`remove ${s.root}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return problems;
}

/** Removes the scratch directories in parent whose owner is gone. Returns the directories removed. */
export function collectStaleScratch(parent: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(parent).filter((n) => n.startsWith(SCRATCH_PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const root = path.join(parent, n);
    let owner: ProcessIdentity | undefined;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(root, OWNER_FILE), 'utf8')) as ProcessIdentity;
    } catch {
      owner = undefined; // a crash before the owner was written: the directory is seconds old at most
      const age = Date.now() - (fs.statSync(root, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < 60_000) continue;
    }
    if (owner && isAlive(owner)) continue;
    if (removeScratch({ root }).length === 0) removed.push(root);
  }
  return removed;
}
