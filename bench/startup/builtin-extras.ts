// The built-in runtime's extra parts of the startup benchmark, run after the per-runtime
// samples: the cost of each namespace on its own, overlay mount by layer count, and
// containers per second by concurrency. A part that fails is reported as a warning; the
// others still run.
import { checkRequirements } from '../../runtime/host/requirements.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import type { Settle } from './adapter.js';
import { startupSpec } from './bench-spec.js';
import { CONCURRENCY_LEVELS, type ConcurrencyResult, measureConcurrency, QUICK_CONCURRENCY_LEVELS } from './concurrency.js';
import { LAYER_COUNTS, type LayerCostResult, measureLayerCost, QUICK_LAYER_COUNTS } from './layer-cost.js';
import { measureNamespaceCost, type NamespaceCostResult } from './namespace-cost.js';

/** The extra parts, each a string-literal name for options and progress. */
export type ExtraPart = 'namespaces' | 'layers' | 'concurrency';

/** Which parts to run and how much. */
export interface ExtrasOptions {
  parts: readonly ExtraPart[];
  quick: boolean;
  settle: Settle;
  signal?: AbortSignal;
  onRound?: (part: ExtraPart, round: number, of: number) => void;
}

/** What the parts measured (a part left out or failed is absent). */
export interface BuiltinExtras {
  namespaces?: NamespaceCostResult;
  layers?: LayerCostResult;
  concurrency?: ConcurrencyResult;
  warnings: string[];
}

/** Samples and sizes per part: quick keeps `isolab bench startup --quick` near a minute. */
export function extrasPlan(quick: boolean) {
  return {
    namespaces: { samples: quick ? 5 : 20, warmup: quick ? 1 : 2 },
    layers: { counts: quick ? QUICK_LAYER_COUNTS : LAYER_COUNTS, samples: quick ? 5 : 15, warmup: 1 },
    concurrency: { levels: quick ? QUICK_CONCURRENCY_LEVELS : CONCURRENCY_LEVELS, containers: quick ? 24 : 64, repeats: quick ? 3 : 5 },
  };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs the parts asked for, in order; each failure becomes a warning. */
export async function runBuiltinExtras(o: ExtrasOptions): Promise<BuiltinExtras> {
  const out: BuiltinExtras = { warnings: [] };
  if (o.parts.length === 0) return out;
  const image = ensureDefaultImage();
  const plan = extrasPlan(o.quick);
  const common = (part: ExtraPart) => ({ settle: o.settle, onRound: (r: number, of: number) => o.onRound?.(part, r, of), ...(o.signal ? { signal: o.signal } : {}) });
  const canCreate = async (ns: string) => {
    const missing = await checkRequirements({ namespaces: [ns] });
    return missing.length ? missing.join('; ') : null;
  };
  for (const part of o.parts) {
    if (o.signal?.aborted) break;
    try {
      if (part === 'namespaces') {
        out.namespaces = await measureNamespaceCost({ image, ...plan.namespaces, ...common(part) }, canCreate);
        for (const s of out.namespaces.skipped) out.warnings.push(`namespace ${s.namespace} not measured: ${s.reason}`);
      } else if (part === 'layers') {
        out.layers = await measureLayerCost({ image, ...plan.layers, ...common(part) });
      } else {
        const { onRound, signal } = common(part);
        out.concurrency = await measureConcurrency({ spec: startupSpec(image, 'exit'), ...plan.concurrency, onRound, ...(signal ? { signal } : {}) });
      }
    } catch (err) {
      out.warnings.push(`${part} part of the built-in runtime failed and is left out: ${message(err)}`);
    }
  }
  return out;
}
