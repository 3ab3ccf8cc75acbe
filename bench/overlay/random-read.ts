// 4 KiB random reads through the overlay against the filesystem under it: with fio when it
// is installed (buffered from the page cache, and O_DIRECT from the disk), with fio's own
// per-read cost (its null engine, same process, same round) subtracted; otherwise timed
// from Node (buffered only: Node cannot give O_DIRECT its aligned buffers).
import path from 'node:path';
import { rotate } from '../compare.js';
import { type FioJob, runFio } from './fio.js';
import type { MainTree } from './main-tree.js';
import { readWhole, timeRandomReads } from './node-ops.js';
import type { OverlaySettings } from './settings.js';
import { type OverlayOp, type OverlaySample, type Side, sidesFrom, type Workload } from './types.js';

const CALIBRATION = 'calibration';
/** fio times every read on the ns clock and averages thousands of them (a lower bound, for the resolution warning). */
const FIO_TIMED_OPS = 1000;

/** The random-read workload: fio when `fio` is given, Node otherwise. */
export function randomReadWorkload(t: MainTree, o: OverlaySettings, fio: { bin: string; version: string } | undefined): Workload {
  const file = (side: Side) => path.join(side === 'overlay' ? t.mnt : t.lower, t.randFile);
  const params = { sizeBytes: o.seqMiB * 2 ** 20, blockBytes: 4096 };
  if (!fio) {
    const reads = 20_000;
    return {
      name: 'random reads (Node)',
      ops: [{
        id: 'rand-read-cached', group: 'io', label: `4 KiB random read (${reads} per sample)`, tool: 'node', unit: 'µs', timedOps: reads, cache: 'cached', params,
        notes: ['fio is not installed: timed from Node, including its fs binding cost on both sides; no O_DIRECT figure'],
      }],
      async round(round, first) {
        readWhole(file('plain'));
        return { samples: sidesFrom(first).map((side) => ({ op: 'rand-read-cached', side, round, value: timeRandomReads(file(side), reads) / 1e3 })) };
      },
    };
  }
  const note = [`measured with ${fio.version}: mean latency per read, less fio's own per-read cost (null engine, same round)`];
  const ops: OverlayOp[] = [
    { id: 'rand-read-cached', group: 'io', label: '4 KiB random read', tool: 'fio', unit: 'µs', timedOps: FIO_TIMED_OPS, cache: 'cached (pre-read)', params, notes: note },
    { id: 'rand-read-direct', group: 'io', label: '4 KiB random read, O_DIRECT', tool: 'fio', unit: 'µs', timedOps: FIO_TIMED_OPS, cache: 'none (O_DIRECT)', params, notes: note },
  ];
  const jobs: (FioJob & { op: string; side: Side })[] = ops.flatMap((op) =>
    (['overlay', 'plain'] as const).map((side) => ({ name: `${op.id}-${side}`, op: op.id, side, filename: file(side), direct: op.id === 'rand-read-direct' })));
  return {
    name: `random reads (${fio.version})`,
    ops,
    async round(round, first) {
      // Rotate which job goes first; keep each op's two sides next to each other, `first` first.
      const ordered = rotate(ops, round).flatMap((op) => sidesFrom(first).map((side) => jobs.find((j) => j.op === op.id && j.side === side)!));
      const results = await runFio(fio.bin, [{ name: CALIBRATION, sizeBytes: o.seqMiB * 2 ** 20 }, ...ordered], o.fioSeconds, t.lower);
      const harnessNs = results[0]!.latNsMean;
      const samples: OverlaySample[] = ordered.map((j, i) => ({ op: j.op, side: j.side, round, value: (results[i + 1]!.latNsMean - harnessNs) / 1e3 }));
      return { samples, harness: [{ name: 'fio per-read cost (null engine)', unit: 'µs', round, value: harnessNs / 1e3 }] };
    },
  };
}
