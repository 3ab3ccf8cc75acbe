// The cost of each namespace type on its own, sampled round-robin. The mount namespace is
// measured against no namespace at all (then the launcher mounts the overlay on the host
// and chroots: a different, slower path, so mnt can cost less than nothing); every other
// type is measured as mnt + it against mnt alone, the built-in runtime's usual path. A
// cost is the per-round difference to its baseline, so what both share (the harness, the
// launcher, the rootfs) cancels.
import { buildSpec } from '../../runtime/spec/defaults.js';
import { NS_NAMES, type NsName } from '../../runtime/spec/namespaces.js';
import type { Spec } from '../../runtime/spec/types.js';
import { compareFigures, rotate } from '../compare.js';
import { type Figure, makeFigure } from '../figure.js';
import type { Settle } from './adapter.js';
import { timeBuiltinRun } from './builtin-run.js';

/** One cell: no namespace, mnt alone, or mnt plus one other. */
export type NamespaceCell = NsName | 'none';

/** A namespace against the baseline: with-it ÷ without (ratio of medians, 95 % CI) and the difference of medians. */
export interface NamespaceComparison {
  namespace: NsName;
  ratio: number;
  ci95: [number, number];
  /** hyperfine-style propagated σ of the ratio of means. */
  error: number;
  /** median(with) − median(baseline), ms. */
  difference: number;
}

/** What the namespace part measured. */
export interface NamespaceCostResult {
  describe: string;
  /** startup.namespace.NS: per-round (with NS − baseline) start-to-exit, ms; params { namespace }. */
  costs: Figure[];
  /** startup.namespace-alone.CELL: raw start-to-exit of each cell, baseline ('none') first; params { only }. */
  alone: Figure[];
  comparisons: NamespaceComparison[];
  /** Namespaces this host cannot create, with the reason. */
  skipped: { namespace: NsName; reason: string }[];
}

/** How to sample. */
export interface NamespaceCostOptions {
  image: string;
  namespaces?: readonly NsName[];
  samples: number;
  warmup: number;
  settle: Settle;
  signal?: AbortSignal;
  onRound?: (round: number, of: number) => void;
}

export const NAMESPACE_COST_DESCRIBE =
  'runContainer of probe exit, overlay rootfs over the default image, no cgroup limits; cost of mnt = mnt − no namespace (overlay on the host, chroot), ' +
  'cost of any other = (mnt + it) − mnt; paired by round';

/** The Spec of one cell. */
export function namespaceCellSpec(image: string, cell: NamespaceCell): Spec {
  return buildSpec({ args: ['/usr/bin/probe', 'exit'], layers: [image], ns: cell === 'none' ? [] : cell === 'mnt' ? ['mnt'] : ['mnt', cell] });
}

/** Per-round differences a[i] − b[i] (rounds where either is missing are skipped). */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) out.push(a[i]! - b[i]!);
  return out;
}

/** From the samples of each cell (ms, one per round) to the result. Pure; needs the baseline's samples. */
export function summariseNamespaceCost(samples: ReadonlyMap<NamespaceCell, number[]>, skipped: NamespaceCostResult['skipped'] = []): NamespaceCostResult {
  const none = samples.get('none');
  const mnt = samples.get('mnt');
  if (!none?.length) throw new Error('namespace cost: the baseline (no namespace) has no samples');
  const alone = (cell: NamespaceCell, xs: number[]) => makeFigure({ name: `startup.namespace-alone.${cell}`, runtime: 'builtin', unit: 'ms', samples: xs, params: { only: cell } });
  const noneFigure = alone('none', none);
  const mntFigure = mnt?.length ? alone('mnt', mnt) : undefined;
  const out: NamespaceCostResult = { describe: NAMESPACE_COST_DESCRIBE, costs: [], alone: [noneFigure, ...(mntFigure ? [mntFigure] : [])], comparisons: [], skipped };
  for (const ns of NS_NAMES) {
    const xs = samples.get(ns);
    if (!xs?.length) continue;
    const [base, baseline, what] = ns === 'mnt' ? [none, noneFigure, 'with no namespace'] : [mnt, mntFigure, 'with mnt alone'];
    if (!base?.length || !baseline) throw new Error(`namespace cost: the baseline of ${ns} (mnt alone) has no samples`);
    const raw = ns === 'mnt' ? mntFigure! : alone(ns, xs);
    if (ns !== 'mnt') out.alone.push(raw);
    const cost = makeFigure({
      name: `startup.namespace.${ns}`, runtime: 'builtin', unit: 'ms', samples: pairedDifferences(xs, base), params: { namespace: ns },
      notes: [`paired: each sample is start-to-exit with this namespace minus ${what}, in the same round (shared costs, the harness included, cancel)`],
    });
    const [lo, hi] = cost.ci95 ?? [cost.stats.median, cost.stats.median];
    if (lo <= 0 && hi >= 0) cost.warnings.push('within-noise: the 95 % interval of the cost includes 0; this namespace costs too little to tell apart here');
    out.costs.push(cost);
    const c = compareFigures(raw, baseline);
    out.comparisons.push({ namespace: ns, ratio: c.ratio, ci95: c.ci95, error: c.error, difference: c.difference });
  }
  return out;
}

/** Samples every cell round-robin (rotating who goes first) and summarises. */
export async function measureNamespaceCost(o: NamespaceCostOptions, canCreate: (ns: NsName) => Promise<string | null>): Promise<NamespaceCostResult> {
  const skipped: NamespaceCostResult['skipped'] = [];
  const cells: NamespaceCell[] = ['none', 'mnt']; // the two baselines
  for (const ns of o.namespaces ?? NS_NAMES) {
    if (ns === 'mnt') continue;
    const why = await canCreate(ns);
    if (why) skipped.push({ namespace: ns, reason: why });
    else cells.push(ns);
  }
  const specs = new Map(cells.map((c) => [c, namespaceCellSpec(o.image, c)]));
  const samples = new Map<NamespaceCell, number[]>(cells.map((c) => [c, []]));
  const rounds = o.warmup + o.samples;
  for (let round = 0; round < rounds && !o.signal?.aborted; round++) {
    o.onRound?.(round + 1, rounds);
    for (const cell of rotate(cells, round)) {
      await o.settle();
      const { ms } = await timeBuiltinRun(specs.get(cell)!);
      if (round >= o.warmup) samples.get(cell)!.push(ms);
    }
  }
  return summariseNamespaceCost(samples, skipped);
}
