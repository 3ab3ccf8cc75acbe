// Sequential IO through the overlay against the filesystem under it, timed by the probe:
// a new file written whole (with fsync, so the figure includes reaching the disk), and the
// lower layer's file read whole, from the disk (its pages evicted first) and from the cache.
import fs from 'node:fs';
import path from 'node:path';
import { runHostProbe } from './host-probe.js';
import type { MainTree } from './main-tree.js';
import { readWhole } from './node-ops.js';
import { evictFromPageCache } from './page-cache.js';
import type { OverlaySettings } from './settings.js';
import { type OverlayOp, type OverlaySample, type Side, sidesFrom, type Workload } from './types.js';

/** The sequential-IO workload on the shared tree. */
export function seqIoWorkload(t: MainTree, o: OverlaySettings): Workload {
  const params = { sizeBytes: o.seqMiB * 2 ** 20, blockKiB: o.blockKiB };
  const ops: OverlayOp[] = [
    { id: 'seq-write', group: 'io', label: 'seq write (new file, + fsync)', tool: 'probe', unit: 'ms', timedOps: 1, cache: 'n/a (fsync)', params },
    {
      id: 'seq-read-cold', group: 'io', label: 'seq read, cold', tool: 'probe', unit: 'ms', timedOps: 1, cache: 'cold (file evicted)', params,
      notes: ['cold: the file\'s pages were dropped with posix_fadvise(DONTNEED) before each sample (targeted, not a system-wide drop_caches)'],
    },
    { id: 'seq-read-cached', group: 'io', label: 'seq read, cached', tool: 'probe', unit: 'ms', timedOps: 1, cache: 'cached', params },
  ];
  const readPath = (side: Side) => path.join(side === 'overlay' ? t.mnt : t.lower, t.seqFile);
  const bs = String(o.blockKiB);
  return {
    name: 'sequential IO',
    ops,
    async round(round, first) {
      const samples: OverlaySample[] = [];
      const ms = (op: string, side: Side, ns: number) => samples.push({ op, side, round, value: ns / 1e6 });
      for (const side of sidesFrom(first)) {
        const file = path.join(side === 'overlay' ? t.mnt : t.plain, `w-${round}.dat`);
        ms('seq-write', side, (await runHostProbe(['write', file, String(o.seqMiB), bs])).ns);
        fs.rmSync(file);
      }
      for (const side of sidesFrom(first)) {
        evictFromPageCache(path.join(t.lower, t.seqFile)); // the overlay reads the lower file's pages
        ms('seq-read-cold', side, (await runHostProbe(['read', readPath(side), bs])).ns);
      }
      readWhole(path.join(t.lower, t.seqFile));
      for (const side of sidesFrom(first)) ms('seq-read-cached', side, (await runHostProbe(['read', readPath(side), bs])).ns);
      return { samples };
    },
  };
}
