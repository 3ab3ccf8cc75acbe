// The same workloads seen from inside a built-in container: the probe in the container
// writes and creates in its rootfs (the overlay's upper layer, kept on the host's disk)
// and stats files of an image layer (the shared tree's lower layer), against the probe
// on the host doing the same on the plain filesystem. Only where the container's upper
// layer is on the same filesystem as the plain side; the comparison is meaningless
// otherwise (e.g. /run on a tmpfs).
import fs from 'node:fs';
import path from 'node:path';
import { runContainer } from '../../runtime/container/run-container.js';
import { containersDir } from '../../runtime/container/layout.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import { buildSpec } from '../../runtime/spec/defaults.js';
import { parseProbeTimed, runHostProbe, type ProbeTimed } from './host-probe.js';
import type { MainTree } from './main-tree.js';
import type { OverlaySettings } from './settings.js';
import { type OverlayOp, type OverlaySample, type SkippedWorkload, type Workload } from './types.js';

const FRESH = 'a fresh container per sample: its overlay\'s dentries are cold, the host side\'s warm';

/** The device of path's filesystem, from its nearest existing ancestor. */
function deviceOf(p: string): number {
  for (let dir = p; ; dir = path.dirname(dir)) {
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (st) return st.dev;
    if (dir === path.dirname(dir)) return -1;
  }
}

/** The in-container workload, or why it cannot run here. */
export function inContainerWorkload(t: MainTree, o: OverlaySettings): Workload | SkippedWorkload {
  const name = 'in a container';
  if (deviceOf(containersDir()) !== deviceOf(t.plain)) {
    return { name, reason: `a container's upper layer (${containersDir()}) is not on the filesystem of the plain side (${t.plain}): nothing to compare it with` };
  }
  const image = ensureDefaultImage();
  if (!fs.existsSync(path.join(image, 'bin', 'sh'))) return { name, reason: 'the default image has no /bin/sh (install busybox-static)' };
  const n = o.files;
  const bs = String(o.blockKiB);
  const steps = (w: string, c: string, meta: string) => [
    ['write', w, String(o.seqMiB), bs], ['files', c, String(n), '0'], ['files-rm', c], ['files-stat', meta],
  ];
  const inside = steps('/var/tmp/w.dat', '/var/tmp/c', `/${t.metaDir}`);
  const script = inside.map((a) => `probe ${a.join(' ')}`).join(' && ');
  const spec = buildSpec({ args: ['/bin/sh', '-c', script], layers: [image, t.lower], timeoutMs: 120_000 });
  const ops: OverlayOp[] = [
    { id: 'container-seq-write', group: 'container', label: 'seq write in rootfs (+ fsync)', tool: 'probe', unit: 'ms', timedOps: 1, cache: 'n/a (fsync)' },
    { id: 'container-create', group: 'container', label: 'create in rootfs (empty files)', tool: 'probe', unit: 'µs', timedOps: n, cache: 'n/a', params: { files: n } },
    { id: 'container-unlink', group: 'container', label: 'unlink those files', tool: 'probe', unit: 'µs', timedOps: n, cache: 'n/a', params: { files: n } },
    { id: 'container-stat', group: 'container', label: 'readdir + stat (image files)', tool: 'probe', unit: 'µs', timedOps: n, cache: 'fresh container', params: { files: n }, notes: [FRESH] },
  ];
  const toSamples = (side: 'overlay' | 'plain', round: number, r: ProbeTimed[]): OverlaySample[] => {
    const [w, c, rm, st] = r;
    if (!w || !c || !rm || !st) throw new Error(`in a container: expected 4 probe results, got ${r.length}`);
    if (rm.removed !== n || st.statted !== n) throw new Error(`in a container (${side}): removed ${String(rm.removed)}, statted ${String(st.statted)} of ${n} files`);
    return [
      { op: 'container-seq-write', side, round, value: w.ns / 1e6 },
      { op: 'container-create', side, round, value: c.ns / n / 1e3 },
      { op: 'container-unlink', side, round, value: rm.ns / n / 1e3 },
      { op: 'container-stat', side, round, value: st.ns / n / 1e3 },
    ];
  };
  return {
    name,
    ops,
    async round(round, first) {
      const samples: OverlaySample[] = [];
      for (const side of first === 'overlay' ? ['overlay', 'plain'] as const : ['plain', 'overlay'] as const) {
        if (side === 'overlay') {
          // An inspect hook keeps the writable layer on the host's disk (not in a tmpfs).
          const r = await runContainer(spec, { stdio: 'capture', inspect: () => undefined });
          if (r.exitCode !== 0) throw new Error(`in a container: the workload ${r.signal ? `was killed by ${r.signal}` : `exited with ${r.exitCode}`}: ${r.stderr.trim()}`);
          const lines = r.stdout.trim().split('\n');
          samples.push(...toSamples(side, round, lines.map((l, i) => parseProbeTimed(inside[i] ?? [], l))));
        } else {
          const host = steps(path.join(t.plain, `cw-${round}.dat`), path.join(t.plain, `cc-${round}`), path.join(t.lower, t.metaDir));
          const r: ProbeTimed[] = [];
          for (const a of host) r.push(await runHostProbe(a));
          fs.rmSync(host[0]![1]!);
          samples.push(...toSamples(side, round, r));
        }
      }
      return { samples };
    },
  };
}
