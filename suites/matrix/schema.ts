// The matrix YAML file: its zod schema. Every entry is parsed by hand inside the schema so
// that an error names the exact field: `axes.namespaces[2]: unknown namespace "bogus"`.
import { z } from 'zod';
import { NAMESPACE_TYPES, NS_NAMES, nsName, type NamespaceType, type NsName } from '../../runtime/spec/namespaces.js';
import { AREAS, areaNamed, type Area } from '../areas.js';
import type { ImageKind, LimitsDef, RootfsDef } from './cell-def.js';

const IMAGES: readonly ImageKind[] = ['default', 'layered', 'unconverted'];
const MAX_LAYERS = 500;

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30 };

/** Parses a size (bytes, or "32MiB", "64m", "1g") into bytes, or undefined. */
export function parseSizeText(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

function toNs(word: string): NsName | undefined {
  const w = word.trim();
  if ((NS_NAMES as readonly string[]).includes(w)) return w as NsName;
  if ((NAMESPACE_TYPES as readonly string[]).includes(w)) return nsName(w as NamespaceType);
  return undefined;
}

type Ctx = z.RefinementCtx;

function nsWords(v: unknown, ctx: Ctx, path: (string | number)[]): NsName[] | undefined {
  const words = typeof v === 'string' ? v.split(',').filter((w) => w.trim() !== '') : Array.isArray(v) ? v : undefined;
  if (!words || !words.every((w) => typeof w === 'string')) {
    ctx.addIssue({ code: 'custom', path, message: 'must be a namespace list ("pid,net" or [pid, net])' });
    return undefined;
  }
  const out: NsName[] = [];
  for (const w of words as string[]) {
    const n = toNs(w);
    if (!n) {
      ctx.addIssue({ code: 'custom', path, message: `unknown namespace "${w.trim()}" (known: ${NS_NAMES.join(', ')})` });
      return undefined;
    }
    out.push(n);
  }
  return NS_NAMES.filter((n) => out.includes(n));
}

/**
 * One entry of axes.namespaces: "all", "none", "all-pid" / "all-pid-net" (all but those),
 * "pid,mnt" or [pid, mnt] (exactly those), {off: [pid]} or {on: [pid, mnt]}.
 */
const nsEntry = z.unknown().transform((v, ctx): NsName[] => {
  if (v === 'all') return [...NS_NAMES];
  if (v === 'none') return [];
  if (typeof v === 'string' && v.startsWith('all-')) {
    const off = nsWords(v.slice(4).split('-').join(','), ctx, []);
    return off ? NS_NAMES.filter((n) => !off.includes(n)) : z.NEVER;
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'on' && k !== 'off');
    if (extra.length || ('on' in o) === ('off' in o)) {
      ctx.addIssue({ code: 'custom', message: 'an object entry has exactly one field: "on" or "off"' });
      return z.NEVER;
    }
    const key = 'on' in o ? 'on' : 'off';
    const list = nsWords(o[key], ctx, [key]);
    if (!list) return z.NEVER;
    return key === 'on' ? list : NS_NAMES.filter((n) => !list.includes(n));
  }
  return nsWords(v, ctx, []) ?? z.NEVER;
});

/** One entry of axes.limits: "none", or {memory: 32MiB, pids: 32, cpus: 0.5}. */
const limitsEntry = z.unknown().transform((v, ctx): LimitsDef => {
  if (v === 'none' || v === null) return {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: 'must be "none" or an object with memory, pids and/or cpus' });
    return z.NEVER;
  }
  const o = v as Record<string, unknown>;
  const out: LimitsDef = {};
  for (const [k, x] of Object.entries(o)) {
    if (k === 'memory') {
      const b = parseSizeText(x);
      if (b === undefined || b < 4 * 2 ** 20) ctx.addIssue({ code: 'custom', path: [k], message: `"${String(x)}" is not a size of at least 4MiB (examples: 32MiB, 64m)` });
      else out.memoryBytes = b;
    } else if (k === 'pids') {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 2) ctx.addIssue({ code: 'custom', path: [k], message: 'must be an integer of at least 2' });
      else out.pids = x;
    } else if (k === 'cpus') {
      if (typeof x !== 'number' || !(x > 0) || x > 1024) ctx.addIssue({ code: 'custom', path: [k], message: 'must be a number of CPUs above 0 (0.5 = half a CPU)' });
      else out.cpus = x;
    } else {
      ctx.addIssue({ code: 'custom', path: [k], message: 'unknown field (known: memory, pids, cpus)' });
    }
  }
  return out;
});

/** One entry of axes.rootfs: an image name, or {image, layers}. */
const rootfsEntry = z.unknown().transform((v, ctx): RootfsDef => {
  const image = (x: unknown, path: string[]): ImageKind | undefined => {
    if (typeof x === 'string' && (IMAGES as readonly string[]).includes(x)) return x as ImageKind;
    ctx.addIssue({ code: 'custom', path, message: `unknown image "${String(x)}" (known: ${IMAGES.join(', ')})` });
    return undefined;
  };
  if (typeof v === 'string') return { image: image(v, []) ?? z.NEVER };
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: `must be an image name (${IMAGES.join(', ')}) or {image, layers}` });
    return z.NEVER;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'image' && k !== 'layers') ctx.addIssue({ code: 'custom', path: [k], message: 'unknown field (known: image, layers)' });
  const img = image(o.image ?? 'default', ['image']);
  const layers = o.layers;
  if (layers !== undefined && (typeof layers !== 'number' || !Number.isInteger(layers) || layers < 1 || layers > MAX_LAYERS)) {
    ctx.addIssue({ code: 'custom', path: ['layers'], message: `must be an integer from 1 to ${MAX_LAYERS} (overlayfs' limit of lower layers)` });
    return z.NEVER;
  }
  if (!img) return z.NEVER;
  return { image: img, ...(layers !== undefined ? { layers: layers as number } : {}) };
});

const areaEntry = z.unknown().transform((v, ctx): Area => {
  const a = typeof v === 'string' ? areaNamed(v) : undefined;
  if (!a) ctx.addIssue({ code: 'custom', message: `unknown area "${String(v)}" (known: ${AREAS.join(', ')})` });
  return a ?? z.NEVER;
});

const runtimeEntry = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a runtime name such as builtin, runc, crun, docker');

const nonEmpty = <T extends z.ZodTypeAny>(t: T) => z.array(t).min(1, 'must list at least one entry');

/** The matrix file. Missing axes take one value: builtin, all namespaces, no limits, the default image. */
export const matrixSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    axes: z
      .object({
        runtime: nonEmpty(runtimeEntry).optional(),
        namespaces: nonEmpty(nsEntry).optional(),
        limits: nonEmpty(limitsEntry).optional(),
        rootfs: nonEmpty(rootfsEntry).optional(),
      })
      .strict(),
    areas: nonEmpty(areaEntry).optional(),
  })
  .strict();

/** A parsed, validated matrix file. */
export type MatrixFile = z.output<typeof matrixSchema>;
