// From a cell definition to a runnable cell: its Spec and its expectations.
import fs from 'node:fs';
import { buildSpec } from '../../runtime/spec/defaults.js';
import { NS_NAMES, type NsName } from '../../runtime/spec/namespaces.js';
import type { Spec, TimeOffset } from '../../runtime/spec/types.js';
import type { Area } from '../areas.js';
import type { CellDef, RootfsDef } from './cell-def.js';
import { cellExpectations, type Expectation } from './expectations.js';

/** A cell ready to run: one Spec (its args are replaced by each check's) and expectations. */
export interface Cell extends CellDef {
  spec: Spec;
  expectations: Partial<Record<Area, Expectation>>;
  /** Why no check of the cell can run here (e.g. the kernel lacks a namespace). */
  skip?: string;
}

/** Where the layers of each rootfs come from (suites/images builds them). */
export interface LayerSource {
  layersFor(rootfs: RootfsDef): string[];
}

/** The hostname of cells with a UTS namespace. */
export const CELL_HOSTNAME = 'isolab-cell';

/** The clock offsets of cells with a time namespace: a week and two weeks. */
export const CELL_TIME_OFFSETS: Readonly<{ monotonic: TimeOffset; boottime: TimeOffset }> = {
  monotonic: { secs: 7 * 86_400 },
  boottime: { secs: 14 * 86_400 },
};

/** Time after which a check's container is killed (a hung check must not hang the run). */
export const CHECK_TIMEOUT_MS = 20_000;

/** The namespace types this kernel offers (/proc/self/ns). */
export function supportedNamespaces(): NsName[] {
  return NS_NAMES.filter((n) => fs.existsSync(`/proc/self/ns/${n}`));
}

/** Builds the cell's Spec and expectations. */
export function materializeCell(def: CellDef, source: LayerSource, supported: readonly NsName[] = supportedNamespaces()): Cell {
  const missing = def.ns.filter((n) => !supported.includes(n));
  const ns = def.ns.filter((n) => supported.includes(n));
  const spec = buildSpec({
    args: ['probe', 'true'],
    layers: source.layersFor(def.rootfs),
    ns,
    ...(ns.includes('uts') ? { hostname: CELL_HOSTNAME } : {}),
    ...(ns.includes('time') ? { timeOffsets: structuredClone(CELL_TIME_OFFSETS) } : {}),
    ...def.limits,
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  return {
    ...def,
    spec,
    expectations: cellExpectations(def),
    ...(missing.length ? { skip: `this kernel has no ${missing.join(', ')} namespace` } : {}),
  };
}
