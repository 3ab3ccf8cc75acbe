// The files most overlay figures share: one lower layer holding a sequential-IO file, a
// random-read file and a directory of small files, mounted once as an overlay with an
// empty upper layer; and a plain directory for writes. The plain side of a read is the
// lower file itself, so both sides read the very same blocks and share one page cache.
import fs from 'node:fs';
import path from 'node:path';
import { mountOverlay } from '../../runtime/adapters/overlay-mount.js';
import { runHostProbe } from './host-probe.js';
import { writeDataFile } from './node-ops.js';
import type { Scratch } from './scratch.js';
import { unmount } from './scratch.js';
import type { OverlaySettings } from './settings.js';

/** Paths of the shared tree. */
export interface MainTree {
  /** The lower layer (read on the plain side directly). */
  lower: string;
  upper: string;
  work: string;
  /** The overlay's mount point. */
  mnt: string;
  /** A plain directory on the same filesystem, for writes. */
  plain: string;
  /** Sequential-IO file name (in lower and, through the overlay, in mnt). */
  seqFile: string;
  /** Random-read file name. */
  randFile: string;
  /** Directory of small files (in lower / mnt). */
  metaDir: string;
  /** Names of its files. */
  metaNames: string[];
}

/** Makes the tree and mounts its overlay. */
export async function makeMainTree(s: Scratch, o: OverlaySettings): Promise<MainTree> {
  const base = path.join(s.root, 'main');
  const t: MainTree = {
    lower: path.join(base, 'lower'), upper: path.join(base, 'upper'), work: path.join(base, 'work'), mnt: path.join(base, 'mnt'),
    plain: path.join(base, 'plain'), seqFile: 'seq.dat', randFile: 'rand.dat', metaDir: 'meta', metaNames: [],
  };
  for (const d of [t.lower, t.upper, t.work, t.mnt, t.plain]) fs.mkdirSync(d, { recursive: true, mode: 0o755 });
  writeDataFile(path.join(t.lower, t.seqFile), o.seqMiB * 2 ** 20);
  writeDataFile(path.join(t.lower, t.randFile), o.seqMiB * 2 ** 20);
  await runHostProbe(['files', path.join(t.lower, t.metaDir), String(o.files), String(o.fileBytes)]);
  t.metaNames = fs.readdirSync(path.join(t.lower, t.metaDir)).sort();
  mountOverlay(t.mnt, { lower: [t.lower], upper: t.upper, work: t.work });
  return t;
}

/** Unmounts the tree's overlay (its files go with the scratch directory). */
export function closeMainTree(t: MainTree): void {
  unmount(t.mnt);
}
