// A cell of the matrix before it becomes a Spec: which runtime, which namespaces, which
// cgroup limits, which rootfs, and which areas are checked in it.
import { NS_NAMES, type NsName } from '../../runtime/spec/namespaces.js';
import type { Area } from '../areas.js';

/** The runtime of the control cell that isolates nothing (suites/host/host-adapter.ts). */
export const HOST_RUNTIME = 'host';

/** cgroup limits of a cell; none set means the cell is the control of the limit checks. */
export interface LimitsDef {
  memoryBytes?: number;
  pids?: number;
  /** CPUs as a fraction (0.5 = half a CPU). */
  cpus?: number;
}

/**
 * The images the suites run on: `default` (isolab's default image), `layered` (the
 * default image plus three test layers with overlay whiteouts and an opaque directory),
 * `unconverted` (the same layers with the whiteouts left as OCI ".wh." files, as a
 * careless unpacker leaves them: the control cell of the whiteout checks).
 */
export type ImageKind = 'default' | 'layered' | 'unconverted';

/** The rootfs of a cell: an image and, optionally, the total count of lower layers. */
export interface RootfsDef {
  image: ImageKind;
  /** Pad the image with empty layers up to this many lower layers (overlay allows 500). */
  layers?: number;
}

/** One cell as the matrix describes it. */
export interface CellDef {
  name: string;
  runtime: string;
  /** Namespaces created for the container (the others are the host's). */
  ns: NsName[];
  limits: LimitsDef;
  rootfs: RootfsDef;
  /** Areas whose checks run in this cell. */
  areas: Area[];
  /** Why the cell exists, for people reading results ("control: pid namespace off"). */
  purpose: string;
}

/** Whether any cgroup limit is set. */
export function hasLimits(l: LimitsDef): boolean {
  return l.memoryBytes !== undefined || l.pids !== undefined || l.cpus !== undefined;
}

/** A short label of a namespace set: "all", "none", "all-pid", "all-uts-user", "pid+net". */
export function nsLabel(ns: readonly NsName[], all: readonly NsName[] = NS_NAMES): string {
  const on = all.filter((n) => ns.includes(n));
  const off = all.filter((n) => !ns.includes(n));
  if (off.length === 0) return 'all';
  if (on.length === 0) return 'none';
  return off.length <= on.length ? `all-${off.join('-')}` : on.join('+');
}

const MIB = 2 ** 20;

/** A short label of limits: "mem32m+pids32+cpu0.5", or "" for none. */
export function limitsLabel(l: LimitsDef): string {
  const parts: string[] = [];
  if (l.memoryBytes !== undefined) parts.push(`mem${l.memoryBytes % MIB === 0 ? `${l.memoryBytes / MIB}m` : l.memoryBytes}`);
  if (l.pids !== undefined) parts.push(`pids${l.pids}`);
  if (l.cpus !== undefined) parts.push(`cpu${l.cpus}`);
  return parts.join('+');
}

/** A short label of a rootfs: "" for the default image, "layered", "layered:10". */
export function rootfsLabel(r: RootfsDef): string {
  const img = r.image === 'default' ? '' : r.image;
  return r.layers !== undefined ? `${img || 'default'}:${r.layers}` : img;
}

/** The conventional name of a cell: runtime/namespaces[/limits][/rootfs]. */
export function cellName(d: Omit<CellDef, 'name' | 'areas' | 'purpose'>, all: readonly NsName[] = NS_NAMES): string {
  return [d.runtime, nsLabel(d.ns, all), limitsLabel(d.limits), rootfsLabel(d.rootfs)].filter(Boolean).join('/');
}
