// Metadata operations on many small files, through the overlay against the filesystem
// under it. On files of the lower layer (what a container's image holds): readdir + stat,
// open/close and readdir, both sides warm. In a new directory (what a container writes,
// in the upper layer): create and unlink.
import path from 'node:path';
import { runHostProbe } from './host-probe.js';
import type { MainTree } from './main-tree.js';
import { timeOpenClose, timeReaddir } from './node-ops.js';
import type { OverlaySettings } from './settings.js';
import { type OverlayOp, type OverlaySample, type Side, sidesFrom, type Workload } from './types.js';

const NODE_NOTE = 'timed from Node around the batch: each call includes Node\'s fs binding cost (the same on both sides), so the ratio understates the overlay\'s relative cost; the difference does not';

/** The metadata workload on the shared tree. */
export function metadataWorkload(t: MainTree, o: OverlaySettings): Workload {
  const n = o.files;
  const params = { files: n };
  const readdirRepeats = Math.max(1, Math.ceil(50_000 / n));
  const ops: OverlayOp[] = [
    { id: 'create', group: 'metadata', label: 'create (empty files, new dir)', tool: 'probe', unit: 'µs', timedOps: n, cache: 'n/a', params },
    { id: 'stat', group: 'metadata', label: 'readdir + stat (lower files)', tool: 'probe', unit: 'µs', timedOps: n, cache: 'warm dentries', params },
    { id: 'open-close', group: 'metadata', label: 'open + close (lower files)', tool: 'node', unit: 'µs', timedOps: n, cache: 'warm dentries', params, notes: [NODE_NOTE] },
    { id: 'readdir', group: 'metadata', label: 'readdir (lower dir, per entry)', tool: 'node', unit: 'µs', timedOps: n * readdirRepeats, cache: 'warm', params, notes: [NODE_NOTE] },
    { id: 'unlink', group: 'metadata', label: 'unlink (files just created)', tool: 'probe', unit: 'µs', timedOps: n, cache: 'n/a', params },
  ];
  const lowerDir = (side: Side) => path.join(side === 'overlay' ? t.mnt : t.lower, t.metaDir);
  return {
    name: 'metadata',
    ops,
    async round(round, first) {
      const samples: OverlaySample[] = [];
      const perFile = (op: string, side: Side, ns: number, count: number) => samples.push({ op, side, round, value: ns / count / 1e3 });
      for (const side of sidesFrom(first)) {
        const dir = path.join(side === 'overlay' ? t.mnt : t.plain, `c-${round}`);
        const made = await runHostProbe(['files', dir, String(n), '0']);
        perFile('create', side, made.ns, n);
        const gone = await runHostProbe(['files-rm', dir]);
        if (gone.removed !== n) throw new Error(`unlink on ${side}: removed ${String(gone.removed)} of ${n} files in ${dir}`);
        perFile('unlink', side, gone.ns, n);
      }
      for (const side of sidesFrom(first)) {
        const r = await runHostProbe(['files-stat', lowerDir(side)]);
        if (r.statted !== n) throw new Error(`stat on ${side}: statted ${String(r.statted)} of ${n} files in ${lowerDir(side)}`);
        perFile('stat', side, r.ns, n);
      }
      for (const side of sidesFrom(first)) samples.push({ op: 'open-close', side, round, value: timeOpenClose(lowerDir(side), t.metaNames) / 1e3 });
      for (const side of sidesFrom(first)) samples.push({ op: 'readdir', side, round, value: timeReaddir(lowerDir(side), readdirRepeats) / 1e3 });
      return { samples };
    },
  };
}
