// Unlinking lower-layer files: on an overlay each unlink writes a whiteout (a 0/0
// character device) in the upper layer, where the plain filesystem just removes the file.
// Every round mounts a fresh overlay (the previous one's lower files are whited out) and,
// on the plain side, makes the files again (untimed).
import fs from 'node:fs';
import path from 'node:path';
import { removeTree } from '../../runtime/sys/remove-tree.js';
import { runHostProbe } from './host-probe.js';
import type { Scratch } from './scratch.js';
import { withFreshOverlay } from './scratch.js';
import type { OverlaySettings } from './settings.js';
import { type OverlaySample, sidesFrom, type Workload } from './types.js';

/** The whiteout workload, in its own part of the scratch directory. */
export async function whiteoutWorkload(s: Scratch, o: OverlaySettings): Promise<Workload> {
  const base = path.join(s.root, 'whiteout');
  const lower = path.join(base, 'lower');
  const mnt = path.join(base, 'mnt');
  for (const d of [lower, mnt]) fs.mkdirSync(d, { recursive: true });
  const n = o.files;
  await runHostProbe(['files', path.join(lower, 'wo'), String(n), '0']);
  return {
    name: 'whiteouts',
    ops: [{
      id: 'unlink-lower', group: 'metadata', label: 'unlink (lower files: whiteouts)', tool: 'probe', unit: 'µs', timedOps: n,
      cache: 'fresh mount', params: { files: n }, notes: ['a fresh overlay mount per sample: the overlay\'s own dentries are cold, the lower layer\'s are warm'],
    }],
    async round(round, first) {
      const samples: OverlaySample[] = [];
      for (const side of sidesFrom(first)) {
        if (side === 'overlay') {
          await withFreshOverlay(mnt, lower, base, round, async () => {
            const r = await runHostProbe(['files-rm', path.join(mnt, 'wo')]);
            if (r.removed !== n) throw new Error(`whiteouts: removed ${String(r.removed)} of ${n} lower files`);
            samples.push({ op: 'unlink-lower', side, round, value: r.ns / n / 1e3 });
          });
        } else {
          const dir = path.join(base, `plain-${round}`);
          await runHostProbe(['files', dir, String(n), '0']);
          const r = await runHostProbe(['files-rm', dir]);
          samples.push({ op: 'unlink-lower', side, round, value: r.ns / n / 1e3 });
        }
      }
      return { samples };
    },
  };
}
