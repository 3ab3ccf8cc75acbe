// Overlay mount cost by layer count: built-in containers whose rootfs has N read-only
// layers (the default image under N − 1 tiny layers of one file each, made in a temp
// dir under /var/tmp and removed after), sampled round-robin over N. Reports the
// launcher's rootfsMount phase and the whole start-to-exit by N.
import fs from 'node:fs';
import path from 'node:path';
import { buildSpec } from '../../runtime/spec/defaults.js';
import type { Spec } from '../../runtime/spec/types.js';
import { rotate } from '../compare.js';
import { type Figure, makeFigure } from '../figure.js';
import type { Settle } from './adapter.js';
import { timeBuiltinRun } from './builtin-run.js';

/**
 * Layer counts of a full run. overlayfs stacks at most 500 lower layers and isolab adds
 * its init layer, so the Spec schema allows 498 image layers: the deepest cell is 498, not 500.
 */
export const LAYER_COUNTS = [1, 10, 100, 498] as const;
/** Layer counts of a quick run. */
export const QUICK_LAYER_COUNTS = [1, 10, 100] as const;
/** The most image layers a Spec may have (see LAYER_COUNTS). */
export const MAX_LAYERS = 498;

export const LAYER_COST_DESCRIBE =
  'runContainer of probe exit with a mount namespace only, no cgroup limits; rootfs = default image under N − 1 one-file layers. ' +
  'mount: the rootfsMount phase (overlay mount; beyond a page of options the launcher uses the new mount API, fsconfig per layer); total: start-to-exit';

/** What the layer part measured. */
export interface LayerCostResult {
  describe: string;
  /** startup.layers.N.mount then startup.layers.N.total per N (ms), params { layers: N }. */
  figures: Figure[];
}

/** How to sample. */
export interface LayerCostOptions {
  image: string;
  counts: readonly number[];
  samples: number;
  warmup: number;
  settle: Settle;
  /** Where the temp layer dir goes (default /var/tmp: a real filesystem, not tmpfs in most setups). */
  tmpRoot?: string;
  signal?: AbortSignal;
  onRound?: (round: number, of: number) => void;
}

/** Checks the layer counts: integers in 1 … MAX_LAYERS. */
export function checkLayerCounts(counts: readonly number[]): void {
  if (counts.length === 0) throw new Error('layer counts: none given');
  for (const n of counts) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_LAYERS) throw new Error(`layer counts: ${n} is not an integer in 1 … ${MAX_LAYERS} (overlayfs's limit, less isolab's init layer)`);
  }
}

/** Makes `count` one-file layer dirs under dir (layer-0001 …), returned lowest first. */
export function makeTinyLayers(dir: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) {
    const layer = path.join(dir, `layer-${String(i).padStart(4, '0')}`);
    fs.mkdirSync(layer, { mode: 0o755 });
    fs.writeFileSync(path.join(layer, `file-${i}`), `${i}\n`);
    out.push(layer);
  }
  return out;
}

/** The Spec of a rootfs of n layers: the image lowest, then n − 1 tiny layers. */
export function layeredSpec(image: string, tiny: readonly string[], n: number): Spec {
  return buildSpec({ args: ['/usr/bin/probe', 'exit'], layers: [image, ...tiny.slice(0, n - 1)], ns: ['mnt'] });
}

/** From samples per N to the figures. Pure. */
export function summariseLayerCost(samples: ReadonlyMap<number, { mount: number[]; total: number[] }>): LayerCostResult {
  const figures: Figure[] = [];
  for (const [n, s] of [...samples].sort((a, b) => a[0] - b[0])) {
    if (!s.total.length) continue;
    const params = { layers: n };
    figures.push(
      makeFigure({ name: `startup.layers.${n}.mount`, runtime: 'builtin', unit: 'ms', samples: s.mount, params }),
      makeFigure({ name: `startup.layers.${n}.total`, runtime: 'builtin', unit: 'ms', samples: s.total, params }),
    );
  }
  return { describe: LAYER_COST_DESCRIBE, figures };
}

/** Makes the layers, samples every N round-robin, removes the layers (whatever happened). */
export async function measureLayerCost(o: LayerCostOptions): Promise<LayerCostResult> {
  checkLayerCounts(o.counts);
  const dir = fs.mkdtempSync(path.join(o.tmpRoot ?? '/var/tmp', 'isolab-bench-layers-'));
  try {
    fs.chmodSync(dir, 0o755); // mkdtemp makes 0700; the layers must be traversable for every container uid
    const tiny = makeTinyLayers(dir, Math.max(...o.counts) - 1);
    const specs = new Map(o.counts.map((n) => [n, layeredSpec(o.image, tiny, n)]));
    const samples = new Map(o.counts.map((n) => [n, { mount: [] as number[], total: [] as number[] }]));
    const rounds = o.warmup + o.samples;
    for (let round = 0; round < rounds && !o.signal?.aborted; round++) {
      o.onRound?.(round + 1, rounds);
      for (const n of rotate(o.counts, round)) {
        await o.settle();
        const { ms, result } = await timeBuiltinRun(specs.get(n)!);
        if (round < o.warmup) continue;
        samples.get(n)!.mount.push(result.phases.rootfsMount);
        samples.get(n)!.total.push(ms);
      }
    }
    return summariseLayerCost(samples);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
