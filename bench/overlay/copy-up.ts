// Copy-up latency by file size: the first write into a lower-layer file makes overlayfs
// copy the whole file into the upper layer before the open returns. Timed from Node as
// open for writing + a 1-byte write + close, against the same write into a file of the
// same size on the plain filesystem. Every round mounts a fresh overlay (an empty upper),
// and checks that the copy really landed in the upper layer, whole.
import fs from 'node:fs';
import path from 'node:path';
import { removeTree } from '../../runtime/sys/remove-tree.js';
import { rotate } from '../compare.js';
import { timeFirstWrite, writeDataFile } from './node-ops.js';
import type { Scratch } from './scratch.js';
import { withFreshOverlay } from './scratch.js';
import { formatBytes, type OverlaySettings } from './settings.js';
import { type OverlayOp, type OverlaySample, sidesFrom, type Workload } from './types.js';

/** The op id of copy-up at one size, e.g. "copy-up-1MiB". */
export const copyUpOpId = (bytes: number): string => `copy-up-${formatBytes(bytes).replace(' ', '')}`;

const fileName = (bytes: number) => `s-${bytes}`;

/** Checks that the upper layer holds a whole copy of the file; throws saying what it found. */
export function assertCopiedUp(upper: string, name: string, bytes: number): void {
  const st = fs.statSync(path.join(upper, name), { throwIfNoEntry: false });
  if (!st) throw new Error(`copy-up: ${name} is not in the upper layer after the first write`);
  if (st.size !== bytes) throw new Error(`copy-up: ${name} in the upper layer has ${st.size} bytes, not ${bytes}`);
}

/** The copy-up workload, in its own part of the scratch directory. */
export function copyUpWorkload(s: Scratch, o: OverlaySettings): Workload {
  const base = path.join(s.root, 'copy-up');
  const lower = path.join(base, 'lower');
  const plain = path.join(base, 'plain');
  const mnt = path.join(base, 'mnt');
  for (const d of [lower, plain, mnt]) fs.mkdirSync(d, { recursive: true });
  for (const bytes of o.copyUpSizes) {
    writeDataFile(path.join(lower, fileName(bytes)), bytes);
    writeDataFile(path.join(plain, fileName(bytes)), bytes);
  }
  const ops: OverlayOp[] = o.copyUpSizes.map((bytes) => ({
    id: copyUpOpId(bytes), group: 'copy-up', label: `first write, ${formatBytes(bytes)} file`, tool: 'node', unit: 'ms', timedOps: 1,
    cache: 'lower file cached', params: { sizeBytes: bytes },
    notes: ['overlay: open for writing copies the file up whole (and syncs the copy) before it returns; plain: the same 1-byte write, no copy'],
  }));
  return {
    name: 'copy-up',
    ops,
    async round(round, first) {
      const samples: OverlaySample[] = [];
      await withFreshOverlay(mnt, lower, base, round, (upper) => {
        for (const bytes of rotate(o.copyUpSizes, round)) {
          for (const side of sidesFrom(first)) {
            const ns = timeFirstWrite(path.join(side === 'overlay' ? mnt : plain, fileName(bytes)));
            samples.push({ op: copyUpOpId(bytes), side, round, value: ns / 1e6 });
          }
          assertCopiedUp(upper, fileName(bytes), bytes);
        }
      });
      return { samples };
    },
  };
}
