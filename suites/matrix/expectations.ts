// What each area of a cell should show: isolated where the cell turns the isolation on,
// shared where it deliberately leaves it off (the negative control).
import { AREA_NAMESPACE, type Area } from '../areas.js';
import { hasLimits, HOST_RUNTIME, type CellDef } from './cell-def.js';

/** What a check should observe: the isolation holds, or (a control) the leak is seen. */
export type Expectation = 'isolated' | 'shared';

/** The expectation of one area in a cell (checks may refine it; see Check.expected). */
export function areaExpectation(def: Pick<CellDef, 'runtime' | 'ns' | 'limits' | 'rootfs'>, area: Area): Expectation {
  const ns = AREA_NAMESPACE[area];
  if (ns) return def.ns.includes(ns) ? 'isolated' : 'shared';
  switch (area) {
    case 'cgroup-limits':
      return hasLimits(def.limits) ? 'isolated' : 'shared';
    case 'whiteout':
      return def.rootfs.image === 'unconverted' ? 'shared' : 'isolated';
    case 'fds':
    case 'init-layer':
      return def.runtime === HOST_RUNTIME ? 'shared' : 'isolated';
    default:
      return 'isolated';
  }
}

/** The expectation of every area a cell checks. */
export function cellExpectations(def: CellDef): Partial<Record<Area, Expectation>> {
  return Object.fromEntries(def.areas.map((a) => [a, areaExpectation(def, a)]));
}
