// Sorts a file's figures into what reports show: start latency per runtime, phases,
// per-namespace cost, overlay ÷ plain by operation and by layer depth, copy-up latency by
// file size, cgroup CPU throttling error by quota, and everything else. A figure's
// `params` (op, side, group, depth, sizeBytes, quota, window) decide where it goes; its
// name is the fallback (the conventions are in reports/SCHEMA.md, "Figure names").
import type { FigureData } from './results-schema.js';

/** A figure with the parameter it was measured at and the series it belongs to. */
export interface Placed<P> {
  figure: FigureData;
  param: P;
  /** The series within a chart (a side, a window, a runtime). */
  series: string;
}

/** One overlay operation: its two sides and their ratio, as far as present. */
export interface OverlayOperation {
  op: string;
  group: string;
  overlay?: FigureData;
  plain?: FigureData;
  ratio?: FigureData;
}

/** The figures of one file, by what reports do with them. */
export interface FigureKinds {
  /** startup.start-to-exit, one per runtime. */
  latency: FigureData[];
  /** startup.start-to-first-instruction, one per runtime. */
  firstInstruction: FigureData[];
  /** startup.phase.NAME per runtime (without total), and the total. */
  phases: { runtime: string; phases: FigureData[]; total?: FigureData }[];
  /** Cost of creating one namespace type: param is the namespace. */
  namespaceCost: Placed<string>[];
  /** Every overlay operation with its sides and ratio. */
  overlayOps: OverlayOperation[];
  /** Overlay ÷ plain by operation (ratio figures, depth and copy-up excluded): param is the operation. */
  overlayRatio: Placed<string>[];
  /** Overlay ÷ plain by lower-layer depth: param is the number of layers. */
  overlayDepth: Placed<number>[];
  /** Copy-up latency by file size (both sides): param is bytes, series the side. */
  copyUp: Placed<number>[];
  /** CPU usage error against the quota: param is the quota in CPUs, series the window. */
  throttling: Placed<number>[];
  /** Other cgroup figures (throttled periods, burst latency, memory peak, pids reached). */
  cgroupOther: FigureData[];
  /** Everything else, in file order. */
  other: FigureData[];
}

const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, kib: 1024, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30 };

/** A size written as 4k, 1MiB, 16m, 1g or plain bytes; undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)[-_]?([kmg]i?b?|b)?$/i.exec(text);
  if (!m) return undefined;
  const unit = SIZE_UNITS[(m[2] ?? 'b').toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

function num(f: FigureData, key: string, fromName?: RegExp): number | undefined {
  const v = f.params?.[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  const m = fromName?.exec(f.name);
  return m ? Number(m[1]) : undefined;
}

const isRatio = (f: FigureData) => f.params?.side === 'ratio' || ['ratio', '×', 'x'].includes(f.unit);

/** The overlay operation and side of an overlay figure: params, else the name overlay.<op>.<side>. */
function overlayParts(f: FigureData): { op: string; side: string; group: string } {
  const seg = f.name.split('.');
  const side = String(f.params?.side ?? (['overlay', 'plain', 'ratio'].includes(seg.at(-1)!) ? seg.at(-1) : isRatio(f) ? 'ratio' : ''));
  const op = String(f.params?.op ?? (side && seg.at(-1) === side ? seg.slice(1, -1) : seg.slice(1)).join('.'));
  const group = String(f.params?.group ?? (/^copy-?up/.test(op) ? 'copy-up' : /^depth-\d+$/.test(op) ? 'depth' : ''));
  return { op, side, group };
}

function classifyOverlay(f: FigureData, k: FigureKinds): void {
  const { op, side, group } = overlayParts(f);
  if (!side || !op || op === 'harness' || f.name.startsWith('overlay.harness.')) {
    k.other.push(f);
    return;
  }
  let entry = k.overlayOps.find((o) => o.op === op);
  if (!entry) k.overlayOps.push(entry = { op, group });
  if (side === 'overlay' || side === 'plain' || side === 'ratio') entry[side] = f;
  if (group === 'copy-up' && side !== 'ratio') {
    const bytes = num(f, 'sizeBytes') ?? parseSize(op.replace(/^copy-?up-?/, ''));
    if (bytes !== undefined) k.copyUp.push({ figure: f, param: bytes, series: side });
  } else if (group === 'depth' && side === 'ratio') {
    const depth = num(f, 'depth', /depth-(\d+)/);
    if (depth !== undefined) k.overlayDepth.push({ figure: f, param: depth, series: 'overlay ÷ plain' });
  } else if (side === 'ratio' && group !== 'copy-up' && group !== 'depth') {
    k.overlayRatio.push({ figure: f, param: op, series: group || 'overlay ÷ plain' });
  }
}

/** Sorts figures by kind. */
export function classifyFigures(figures: readonly FigureData[]): FigureKinds {
  const k: FigureKinds = { latency: [], firstInstruction: [], phases: [], namespaceCost: [], overlayOps: [], overlayRatio: [], overlayDepth: [], copyUp: [], throttling: [], cgroupOther: [], other: [] };
  for (const f of figures) {
    const seg = f.name.split('.');
    const bench = seg[0];
    if (f.name === 'startup.start-to-exit') k.latency.push(f);
    else if (f.name === 'startup.start-to-first-instruction') k.firstInstruction.push(f);
    else if (bench === 'startup' && seg[1] === 'phase' && seg.length === 3) {
      const runtime = f.runtime ?? 'builtin';
      let group = k.phases.find((p) => p.runtime === runtime);
      if (!group) k.phases.push(group = { runtime, phases: [] });
      if (seg[2] === 'total') group.total = f;
      else group.phases.push(f);
    } else if (bench === 'startup' && (typeof f.params?.namespace === 'string' || /^(namespace|ns)$/.test(seg.at(-2) ?? ''))) {
      k.namespaceCost.push({ figure: f, param: String(f.params?.namespace ?? seg.at(-1)), series: f.runtime ?? 'create' });
    } else if (bench === 'overlay') classifyOverlay(f, k);
    else if (bench === 'cgroup' && /^cgroup\.cpu\.error/.test(f.name) && num(f, 'quota', /quota-(\d+(?:\.\d+)?)/) !== undefined) {
      const window = String(f.params?.window ?? (f.name.includes('whole-run') ? 'whole run' : 'steady'));
      k.throttling.push({ figure: f, param: num(f, 'quota', /quota-(\d+(?:\.\d+)?)/)!, series: f.runtime ? `${window} (${f.runtime})` : window });
    } else if (bench === 'cgroup') k.cgroupOther.push(f);
    else k.other.push(f);
  }
  for (const list of [k.overlayDepth, k.copyUp, k.throttling]) list.sort((a, b) => a.param - b.param);
  return k;
}
