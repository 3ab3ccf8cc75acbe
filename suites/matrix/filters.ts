// The command line's filters over cells: --only AREAS and --runtime LIST.
import type { Area } from '../areas.js';
import { HOST_RUNTIME, type CellDef } from './cell-def.js';

/** Filters of a suite run; absent means no filtering. */
export interface CellFilters {
  only?: readonly Area[];
  runtimes?: readonly string[];
}

/**
 * Keeps the cells on the listed runtimes (the host control cell always stays: it is a
 * control of the checks, not a runtime under test) and narrows each to the listed areas;
 * a cell left with no area is dropped.
 */
export function filterCells(cells: readonly CellDef[], f: CellFilters): CellDef[] {
  return cells
    .filter((c) => !f.runtimes || c.runtime === HOST_RUNTIME || f.runtimes.includes(c.runtime))
    .map((c) => (f.only ? { ...c, areas: c.areas.filter((a) => f.only!.includes(a)) } : c))
    .filter((c) => c.areas.length > 0);
}

/** Parses "builtin,runc" into runtime names; throws on an empty or malformed list. */
export function parseRuntimeList(text: string): string[] {
  const list = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = list.find((r) => !/^[a-z][a-z0-9-]*$/.test(r));
  if (bad !== undefined) throw new Error(`--runtime: "${bad}" is not a runtime name (examples: builtin, runc, crun, docker)`);
  if (list.length === 0) throw new Error('--runtime: name at least one runtime (examples: builtin, runc, crun, docker)');
  return list;
}
