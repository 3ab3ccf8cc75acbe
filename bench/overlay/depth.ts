// Lookup cost by layer depth: readdir + the first stat of files that only the lowest of d
// layers holds, in a directory all d layers have, on a freshly mounted overlay (its own
// dentries cold, the layers' warm), against the same directory of the lowest layer read
// directly. Each lookup in such a directory walks all d layers.
import fs from 'node:fs';
import path from 'node:path';
import { removeTree } from '../../runtime/sys/remove-tree.js';
import { rotate } from '../compare.js';
import { runHostProbe } from './host-probe.js';
import { buildDepthLayers, depthDirName, type DepthMountMethod, mountDepth } from './layer-depth.js';
import type { Scratch } from './scratch.js';
import { unmount } from './scratch.js';
import type { OverlaySettings } from './settings.js';
import { type OverlayOp, type OverlaySample, sidesFrom, type Workload } from './types.js';

/** The op id of one depth, e.g. "depth-100". */
export const depthOpId = (depth: number): string => `depth-${depth}`;

/** The layer-depth workload, in its own part of the scratch directory; `methods` records how each depth was mounted. */
export function depthWorkload(s: Scratch, o: OverlaySettings, methods: Map<number, DepthMountMethod>): Workload {
  const layers = path.join(s.root, 'depth', 'layers');
  const mnt = path.join(s.root, 'depth', 'mnt');
  fs.mkdirSync(mnt, { recursive: true });
  buildDepthLayers(layers, o.depths, o.depthFiles);
  const n = o.depthFiles;
  const ops: OverlayOp[] = o.depths.map((d) => ({
    id: depthOpId(d), group: 'depth', label: `lookup, ${d} layer${d > 1 ? 's' : ''}`, tool: 'probe', unit: 'µs', timedOps: n,
    cache: 'fresh mount', params: { depth: d, files: n },
    notes: ['a fresh overlay mount per sample: the overlay\'s dentries are cold (each lookup walks every layer), the layers\' own are warm; plain is the lowest layer\'s directory read directly'],
  }));
  return {
    name: 'layer depth',
    ops,
    async round(round, first) {
      const samples: OverlaySample[] = [];
      for (const d of rotate(o.depths, round)) {
        for (const side of sidesFrom(first)) {
          let dir = path.join(layers, String(d - 1), depthDirName(d));
          if (side === 'overlay') {
            // upper and work are named relative to the layers' directory, like the layers.
            for (const x of ['u', 'w']) fs.mkdirSync(path.join(layers, x));
            methods.set(d, mountDepth(layers, d, mnt, 'u', 'w'));
            dir = path.join(mnt, depthDirName(d));
          }
          try {
            const r = await runHostProbe(['files-stat', dir]);
            if (r.statted !== n) throw new Error(`depth ${d} (${side}): statted ${String(r.statted)} of ${n} files`);
            samples.push({ op: depthOpId(d), side, round, value: r.ns / n / 1e3 });
          } finally {
            if (side === 'overlay') {
              unmount(mnt);
              for (const x of ['u', 'w']) removeTree(path.join(layers, x));
            }
          }
        }
      }
      return { samples };
    },
  };
}
