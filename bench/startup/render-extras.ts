// The built-in runtime's extra parts as people read them: the cost of each namespace
// (paired difference to no namespace, and with ÷ without), overlay mount and start by
// layer count, and containers per second by concurrency. Pure: returns lines.
import { format3, medianWithCi, painter, ratioWithCi, signed, table, warningCodes } from '../render-kit.js';
import type { StartupResult } from './summarise.js';

/** Renders whichever extra parts the result holds (nothing when it holds none). */
export function renderStartupExtras(r: Pick<StartupResult, 'namespaces' | 'layers' | 'concurrency'>, color: boolean): string[] {
  const p = painter(color);
  const out: string[] = [];
  if (r.namespaces) {
    const n = r.namespaces;
    const base = n.alone.find((f) => f.params?.only === 'none');
    const t = table(['namespace', 'start-to-exit median', 'cost vs its baseline [95% CI]', 'with ÷ without', 'n', 'warnings'], color);
    if (base) t.push(['none (baseline of mnt)', format3(base.stats.median), '', '1', String(base.stats.n), warningCodes(base)]);
    for (const cost of [...n.costs].sort((a, b) => b.stats.median - a.stats.median)) {
      const ns = String(cost.params?.namespace);
      const raw = n.alone.find((f) => f.params?.only === ns);
      const c = n.comparisons.find((x) => x.namespace === ns);
      const within = cost.warnings.some((w) => w.startsWith('within-noise:'));
      t.push([
        ns, raw ? format3(raw.stats.median) : '',
        `${signed(cost.stats.median)}${cost.ci95 ? ` [${signed(cost.ci95[0])}, ${signed(cost.ci95[1])}]` : ''}`,
        c ? ratioWithCi(c) : '', String(cost.stats.n), p.yellow([warningCodes(cost), within ? 'within-noise' : ''].filter(Boolean).join(', ')),
      ]);
    }
    out.push('', p.bold('Built-in runtime, one namespace at a time (ms; mnt against none, every other as mnt + it against mnt alone; cost = paired per-round difference)'), t.toString(), p.dim(n.describe));
  }
  if (r.layers?.figures.length) {
    const byN = new Map<number, { mount?: string; total?: string; n?: number; warn: string[] }>();
    for (const f of r.layers.figures) {
      const n = Number(f.params?.layers);
      const row = byN.get(n) ?? { warn: [] };
      if (f.name.endsWith('.mount')) row.mount = medianWithCi(f);
      else row.total = medianWithCi(f);
      row.n = f.stats.n;
      row.warn.push(warningCodes(f));
      byN.set(n, row);
    }
    const t = table(['layers', 'rootfs mount median [95% CI]', 'start-to-exit median [95% CI]', 'n', 'warnings'], color);
    for (const [n, row] of [...byN].sort((a, b) => a[0] - b[0])) {
      t.push([String(n), row.mount ?? '', row.total ?? '', String(row.n ?? ''), p.yellow([...new Set(row.warn.flatMap((w) => w.split(', ')).filter(Boolean))].join(', '))]);
    }
    out.push('', p.bold('Built-in runtime by rootfs layer count (ms)'), t.toString(), p.dim(r.layers.describe));
  }
  if (r.concurrency?.figures.length) {
    const t = table(['in flight', 'containers/s median [95% CI]', 'mean ± σ', 'repeats', 'warnings'], color);
    for (const f of r.concurrency.figures) {
      t.push([String(f.params?.inFlight ?? ''), medianWithCi(f), `${format3(f.stats.mean)} ± ${format3(f.stats.sd)}`, String(f.stats.n), p.yellow(warningCodes(f))]);
    }
    out.push('', p.bold(`Built-in runtime, containers per second (${r.concurrency.containers} per repeat)`), t.toString(), p.dim(r.concurrency.describe));
  }
  return out;
}
